// Turns CLI flags and environment variables into typed settings; the rest of the code never
// reads process.env.
import { existsSync } from 'node:fs'
import { InvalidArgumentError } from 'commander'
import { type DatabaseSettings, type Settings, defaultSettings } from '../settings.js'

export interface DatabaseFlags {
  dataDir?: string
}

export interface ServeFlags extends DatabaseFlags {
  port?: number
  host?: string
  retentionDays?: number
  compressAfterDays?: number
  maxSampleGap?: number
  logLevel?: string
  config?: string
  simulate?: number
  backfill?: number
  seed?: number
  alerts?: string
  oee?: string
  publicUrl?: string
  requestTimeout?: number
  maxConnectionsPerAddress?: number
  minFreeDiskMb?: number
}

const DAY = 86_400_000

export function databaseSettings(flags: DatabaseFlags, env: NodeJS.ProcessEnv): DatabaseSettings {
  const url = env.DATABASE_URL?.trim()
  if (url) return { kind: 'server', url, poolSize: env.DATABASE_POOL_SIZE ? positiveInt(env.DATABASE_POOL_SIZE, 'DATABASE_POOL_SIZE') : undefined }
  return { kind: 'embedded', dataDir: flags.dataDir ?? env.DATA_DIR ?? './data' }
}

export function serveSettings(flags: ServeFlags, env: NodeJS.ProcessEnv): Settings {
  const s = defaultSettings()
  s.database = databaseSettings(flags, env)
  s.port = flags.port ?? (env.PORT ? positiveInt(env.PORT, 'PORT') : s.port)
  s.host = flags.host ?? env.HOST ?? s.host
  s.logLevel = flags.logLevel ?? env.LOG_LEVEL ?? s.logLevel
  applyWindows(s, flags)
  if (flags.requestTimeout !== undefined) {
    s.http.requestTimeoutMs = flags.requestTimeout * 1000
    s.http.headersTimeoutMs = Math.min(s.http.headersTimeoutMs, s.http.requestTimeoutMs)
  }
  if (flags.maxConnectionsPerAddress !== undefined) s.http.maxConnectionsPerAddress = flags.maxConnectionsPerAddress
  if (flags.minFreeDiskMb !== undefined) s.minFreeDiskBytes = flags.minFreeDiskMb * 1024 * 1024
  s.collectors.machinesFile = flags.config
  s.collectors.simulate = flags.simulate ?? 0
  s.collectors.simulateSeed = flags.seed ?? s.collectors.simulateSeed
  if (flags.backfill !== undefined) {
    if (s.collectors.simulate === 0) throw new InvalidArgumentError('--backfill fills in the history of simulated machines: give --simulate N as well')
    if (flags.backfill >= s.policy.retentionMs) throw new InvalidArgumentError(`--backfill must be shorter than the retention window (${s.policy.retentionMs / DAY} days)`)
    s.collectors.backfillMs = flags.backfill
  }
  // ./alerts.yaml is used when present, as the seed expects; --alerts names another.
  s.alerts.file = flags.alerts ?? (existsSync('alerts.yaml') ? 'alerts.yaml' : undefined)
  s.alerts.env = env
  s.oee.file = flags.oee ?? (existsSync('oee.yaml') ? 'oee.yaml' : undefined)
  s.alerts.publicUrl = flags.publicUrl ?? env.PUBLIC_URL ?? `http://localhost:${s.port}`
  return s
}

export function applyWindows(s: Settings, flags: Pick<ServeFlags, 'retentionDays' | 'compressAfterDays' | 'maxSampleGap'>): void {
  if (flags.retentionDays !== undefined) {
    s.policy.retentionMs = flags.retentionDays * DAY
    for (const w of Object.values(s.policy.refresh)) w.startOffsetMs = Math.min(w.startOffsetMs, s.policy.retentionMs)
  }
  if (flags.compressAfterDays !== undefined) s.policy.compressAfterMs = flags.compressAfterDays * DAY
  if (flags.maxSampleGap !== undefined) s.ingest.maxSampleGapMs = flags.maxSampleGap * 1000
}

export function positiveInt(value: string, name = 'value'): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number, got "${value}"`)
  return n
}

export function nonNegativeInt(value: string, name = 'value'): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number ≥ 0, got "${value}"`)
  return n
}

export function port(value: string): number {
  const n = positiveInt(value, 'port')
  if (n > 65535) throw new InvalidArgumentError(`port must be 1-65535, got ${n}`)
  return n
}

const DURATION_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: DAY }

/** "7d", "12h", "90m" → milliseconds. */
export function duration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)([mhd])$/.exec(value.trim())
  const ms = m ? Number(m[1]) * (DURATION_UNITS[m[2] as string] as number) : NaN
  if (!(ms > 0)) throw new InvalidArgumentError(`must be a duration like 7d, 12h or 90m, got "${value}"`)
  return ms
}

export function positiveNumber(value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`must be a positive number, got "${value}"`)
  return n
}

/** --request-timeout: long enough for a large body on a slow link, short enough to shed slowloris. */
export function requestTimeoutSeconds(value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < 1 || n > 3600) throw new InvalidArgumentError(`--request-timeout must be a number of seconds from 1 to 3600, got "${value}"`)
  return n
}

export function connectionCap(value: string): number {
  const n = positiveInt(value, '--max-connections-per-address')
  if (n > 100_000) throw new InvalidArgumentError(`--max-connections-per-address must be at most 100000, got ${n}`)
  return n
}
