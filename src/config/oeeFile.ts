// Loads oee.yaml (followed for changes by ConfigFileWatcher).
import { loadConfigFile } from './configFile.js'
import { type OeeConfig, parseOeeYaml } from './oeeConfig.js'

export function loadOeeFile(path: string): OeeConfig {
  return loadConfigFile(path, parseOeeYaml)
}
