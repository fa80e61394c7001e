// Loads machines.yaml (followed for changes by ConfigFileWatcher).
import { loadConfigFile } from './configFile.js'
import { type FleetConfig, parseMachinesYaml } from './machinesConfig.js'

export function loadMachinesFile(path: string): FleetConfig {
  return loadConfigFile(path, parseMachinesYaml)
}
