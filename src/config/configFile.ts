// Loads a configuration file (followed for changes by ConfigFileWatcher): an unreadable file is
// a ConfigError naming it, like any problem inside it.
import { readFileSync } from 'node:fs'
import { ConfigError } from './configError.js'

export function loadConfigFile<T>(path: string, parse: (text: string, file: string) => T): T {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new ConfigError([{ file: path, line: 1, field: '(file)', reason: `cannot be read: ${(err as Error).message}` }])
  }
  return parse(text, path)
}
