// Loads machines.yaml and follows its changes: machines added, removed or changed take effect
// without a restart. A broken edit keeps the last good configuration running and says why.
import { type StatWatcher, readFileSync, unwatchFile, watchFile } from 'node:fs'
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

export interface MachinesFileStatus {
  file: string
  loaded_at: string | null
  /** The problems of the last edit that could not be applied; null when the file is in effect. */
  error: string | null
}

export class MachinesFileWatcher {
  private watcher: StatWatcher | undefined
  private pending: Promise<void> = Promise.resolve()
  readonly status: MachinesFileStatus

  constructor(
    private readonly path: string,
    private readonly onChange: (config: FleetConfig) => Promise<void>,
    private readonly onError: (err: Error) => void,
    loadedAt: Date,
    private readonly intervalMs = 1000,
  ) {
    this.status = { file: path, loaded_at: loadedAt.toISOString(), error: null }
  }

  /** Polls the file's stat: fs.watch misses editors that replace the file, and network mounts. */
  start(): void {
    this.watcher = watchFile(this.path, { interval: this.intervalMs, persistent: false }, (now, before) => {
      if (now.mtimeMs === before.mtimeMs && now.size === before.size && now.ino === before.ino) return
      this.pending = this.pending.then(() => this.reload())
    })
  }

  async close(): Promise<void> {
    if (this.watcher) unwatchFile(this.path)
    this.watcher = undefined
    await this.pending
  }

  private async reload(): Promise<void> {
    try {
      const config = loadMachinesFile(this.path)
      await this.onChange(config)
      this.status.loaded_at = new Date().toISOString()
      this.status.error = null
    } catch (err) {
      this.status.error = (err as Error).message
      this.onError(err as Error)
    }
  }
}
