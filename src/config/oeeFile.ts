// Loads oee.yaml (followed for changes by ConfigFileWatcher).
import { readFileSync } from 'node:fs'
import { ConfigError } from './machinesConfig.js'
import { type OeeConfig, parseOeeYaml } from './oeeConfig.js'

export function loadOeeFile(path: string): OeeConfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new ConfigError([{ file: path, line: 1, field: '(file)', reason: `cannot be read: ${(err as Error).message}` }])
  }
  return parseOeeYaml(text, path)
}
