// Loads machines.yaml (followed for changes by ConfigFileWatcher).
import { readFileSync } from 'node:fs'
import { ConfigError, type FleetConfig, parseMachinesYaml } from './machinesConfig.js'

export function loadMachinesFile(path: string): FleetConfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new ConfigError([{ file: path, line: 1, field: '(file)', reason: `cannot be read: ${(err as Error).message}` }])
  }
  return parseMachinesYaml(text, path)
}
