// Typed settings of a running system, built once at the edge (CLI flags, environment).
import { type CollectorTuning, DEFAULT_TUNING } from './collectors/mtconnect/machineCollector.js'
import { DEFAULT_DELIVERY, type DeliveryOptions } from './alerts/notify/outboxDelivery.js'
import { DEFAULT_POLICY, type StoragePolicy } from './store/policies.js'

export type DatabaseSettings = { kind: 'embedded'; dataDir: string } | { kind: 'server'; url: string; poolSize?: number }

export interface IngestSettings {
  maxBatchRows: number
  maxQueueRows: number
  maxBodyBytes: number
  /** Two samples further apart than this leave a hole ("no data") instead of time in a state. */
  maxSampleGapMs: number
}

export interface CollectorSettings {
  /** machines.yaml: the fleet to collect from, followed for changes. */
  machinesFile?: string
  /** Simulated MTConnect machines to run and collect from (0: none). */
  simulate: number
  /** Seed of the simulated machines' duty cycles. */
  simulateSeed: number
  /** The simulated machines were switched on this long ago: their history is stored at start (0: none). */
  backfillMs: number
  tuning: CollectorTuning
}

export interface AlertSettings {
  /** alerts.yaml: the rules, followed for changes. */
  file?: string
  /** Values for ${VAR} in the rules file (the environment, passed in at the edge). */
  env: Record<string, string | undefined>
  /** Base URL of this server as users reach it, for links in notifications. */
  publicUrl?: string
  /** How often time-bound conditions (durations, silence) are evaluated; 0: only on demand (tests). */
  tickMs: number
  delivery: DeliveryOptions
}

export interface OeeSettings {
  /** oee.yaml: plant calendars, downtime reasons, ideal cycle times; followed for changes. */
  file?: string
  /** How often days that received data are recomputed; 0: only on demand (tests). */
  refreshMs: number
  /** Days still open (today) are recomputed at least this often, data or not. */
  openDayRefreshMs: number
}

/** Limits on HTTP connections, so that slow or greedy clients cannot hold the server (slowloris). */
export interface HttpSettings {
  /** The whole request, headers and body, must arrive within this. */
  requestTimeoutMs: number
  /** The request's headers must arrive within this (never more than requestTimeoutMs). */
  headersTimeoutMs: number
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number
  /** Open connections one remote address may hold; further ones are refused with 503. */
  maxConnectionsPerAddress: number
}

export interface Settings {
  host: string
  port: number
  database: DatabaseSettings
  policy: StoragePolicy
  ingest: IngestSettings
  http: HttpSettings
  /** Embedded mode: how often the job runner looks for due TimescaleDB jobs. */
  jobTickMs: number
  /** Embedded mode: /readyz answers 503 when the disk holding the data directory has less free space than this. */
  minFreeDiskBytes: number
  logLevel: string
  collectors: CollectorSettings
  alerts: AlertSettings
  oee: OeeSettings
}

export const DEFAULT_INGEST: IngestSettings = {
  maxBatchRows: 20_000,
  maxQueueRows: 400_000,
  maxBodyBytes: 16 * 1024 * 1024,
  maxSampleGapMs: 5 * 60_000,
}

export const DEFAULT_HTTP: HttpSettings = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  // Longer than the 60 s idle timeout of common load balancers, so that they never reuse a
  // connection this server is closing (Fastify's default for the same reason).
  keepAliveTimeoutMs: 72_000,
  maxConnectionsPerAddress: 64,
}

export function defaultSettings(): Settings {
  return {
    host: '0.0.0.0',
    port: 8001,
    database: { kind: 'embedded', dataDir: './data' },
    policy: structuredClone(DEFAULT_POLICY),
    ingest: { ...DEFAULT_INGEST },
    http: { ...DEFAULT_HTTP },
    jobTickMs: 5_000,
    minFreeDiskBytes: 512 * 1024 * 1024,
    logLevel: 'info',
    collectors: { simulate: 0, simulateSeed: 1, backfillMs: 0, tuning: { ...DEFAULT_TUNING } },
    alerts: { env: {}, tickMs: 1_000, delivery: { ...DEFAULT_DELIVERY } },
    oee: { refreshMs: 30_000, openDayRefreshMs: 5 * 60_000 },
  }
}
