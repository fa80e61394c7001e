// Follows a configuration file (machines.yaml, alerts.yaml): changes take effect without a
// restart. A broken edit keeps the last good configuration running and says why.
import { type StatWatcher, unwatchFile, watchFile } from 'node:fs'

export interface ConfigFileStatus {
  file: string
  loaded_at: string | null
  /** The problems of the last edit that could not be applied; null when the file is in effect. */
  error: string | null
  /** What the file in effect says that works but is likely not what was meant. */
  warnings: string[]
}

export interface ConfigFileWatcherOptions<T> {
  /** Stat polling interval. */
  intervalMs?: number
  /** The warnings of a loaded configuration, shown in the status while it is in effect. */
  warningsOf?: (config: T) => string[]
  /** The configuration loaded before the watcher started (its warnings are shown first). */
  initial?: T
}

export class ConfigFileWatcher<T> {
  private watcher: StatWatcher | undefined
  private pending: Promise<void> = Promise.resolve()
  readonly status: ConfigFileStatus

  constructor(
    private readonly path: string,
    private readonly load: (path: string) => T,
    private readonly onChange: (config: T) => Promise<void>,
    private readonly onError: (err: Error) => void,
    loadedAt: Date,
    private readonly options: ConfigFileWatcherOptions<T> = {},
  ) {
    const { initial } = options
    this.status = { file: path, loaded_at: loadedAt.toISOString(), error: null, warnings: initial === undefined ? [] : this.warningsOf(initial) }
  }

  /** Polls the file's stat: fs.watch misses editors that replace the file, and network mounts. */
  start(): void {
    this.watcher = watchFile(this.path, { interval: this.options.intervalMs ?? 1000, persistent: false }, (now, before) => {
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
      const config = this.load(this.path)
      await this.onChange(config)
      this.status.loaded_at = new Date().toISOString()
      this.status.error = null
      this.status.warnings = this.warningsOf(config)
    } catch (err) {
      this.status.error = (err as Error).message
      this.onError(err as Error)
    }
  }

  private warningsOf(config: T): string[] {
    return this.options.warningsOf?.(config) ?? []
  }
}
