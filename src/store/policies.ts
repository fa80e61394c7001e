// Brings TimescaleDB's policies (retention, compression, continuous aggregate refresh) in
// line with the configured windows. Runs at every start; changes only what differs, so job
// ids and their history survive restarts.
import type { Queryable } from './db.js'

export interface RefreshWindow {
  /** How far back each refresh looks; never past the raw retention, or old buckets would be emptied. */
  startOffsetMs: number
  endOffsetMs: number
  scheduleMs: number
}

export interface StoragePolicy {
  retentionMs: number
  compressAfterMs: number
  refresh: Record<AggregateName, RefreshWindow>
}

export const AGGREGATES = ['telemetry_5m', 'telemetry_1h', 'telemetry_1d'] as const
export type AggregateName = (typeof AGGREGATES)[number]

const DAY = 86_400_000
export const DEFAULT_POLICY: StoragePolicy = {
  retentionMs: 30 * DAY,
  compressAfterMs: 7 * DAY,
  refresh: {
    telemetry_5m: { startOffsetMs: 30 * DAY, endOffsetMs: 5 * 60_000, scheduleMs: 60_000 },
    telemetry_1h: { startOffsetMs: 30 * DAY, endOffsetMs: 3_600_000, scheduleMs: 10 * 60_000 },
    telemetry_1d: { startOffsetMs: 30 * DAY, endOffsetMs: DAY, scheduleMs: 3_600_000 },
  },
}

/** How long the change points OEE reads are kept: the longest period an OEE query spans. */
export const CHANGE_POINTS_KEPT_MS = 400 * DAY

const interval = (ms: number) => `${Math.round(ms / 1000)} seconds`

export async function applyPolicies(db: Queryable, policy: StoragePolicy): Promise<string[]> {
  const changes: string[] = []
  const jobs = await db.query<{ job_id: number; proc_name: string; hypertable_name: string; config: Record<string, string>; schedule_s: number }>(
    `SELECT j.job_id, j.proc_name, coalesce(ca.view_name, j.hypertable_name) AS hypertable_name, j.config,
            extract(epoch FROM j.schedule_interval)::float8 AS schedule_s
       FROM timescaledb_information.jobs j
       LEFT JOIN timescaledb_information.continuous_aggregates ca
         ON ca.materialization_hypertable_name = j.hypertable_name
      WHERE j.proc_name IN ('policy_retention', 'policy_compression', 'policy_refresh_continuous_aggregate')`,
  )
  const find = (proc: string, target: string) => jobs.rows.find((j) => j.proc_name === proc && j.hypertable_name === target)

  const sameInterval = async (text: string | undefined, ms: number) =>
    text !== undefined && (await db.query<{ same: boolean }>('SELECT $1::interval = $2::interval AS same', [text, interval(ms)])).rows[0]?.same === true

  const retain = async (table: string, ms: number, what: string) => {
    const job = find('policy_retention', table)
    if (job && (await sameInterval(job.config.drop_after, ms))) return
    await db.query(`SELECT remove_retention_policy('${table}', if_exists => true)`)
    await db.query(`SELECT add_retention_policy('${table}', drop_after => $1::interval)`, [interval(ms)])
    changes.push(`retention: drop ${what} older than ${interval(ms)}`)
  }
  await retain('telemetry', policy.retentionMs, 'raw chunks')
  // OEE can recompute a day as long as its change points are there (a late reason code).
  await retain('telemetry_changes', Math.max(CHANGE_POINTS_KEPT_MS, policy.retentionMs), 'change points')

  const compression = find('policy_compression', 'telemetry')
  if (!compression || !(await sameInterval(compression.config.compress_after, policy.compressAfterMs))) {
    await db.query(`SELECT remove_compression_policy('telemetry', if_exists => true)`)
    await db.query(`SELECT add_compression_policy('telemetry', compress_after => $1::interval)`, [interval(policy.compressAfterMs)])
    changes.push(`compression: compress raw chunks older than ${interval(policy.compressAfterMs)}`)
  }

  for (const view of AGGREGATES) {
    const want = policy.refresh[view]
    const job = find('policy_refresh_continuous_aggregate', view)
    const same = job !== undefined &&
      Math.abs(job.schedule_s * 1000 - want.scheduleMs) < 1000 &&
      (await sameInterval(job.config.start_offset, want.startOffsetMs)) &&
      (await sameInterval(job.config.end_offset, want.endOffsetMs))
    if (same) continue
    await db.query(`SELECT remove_continuous_aggregate_policy('${view}', if_exists => true)`)
    await db.query(
      `SELECT add_continuous_aggregate_policy('${view}', start_offset => $1::interval, end_offset => $2::interval, schedule_interval => $3::interval)`,
      [interval(want.startOffsetMs), interval(want.endOffsetMs), interval(want.scheduleMs)],
    )
    changes.push(`${view}: refresh every ${interval(want.scheduleMs)}, window [now - ${interval(want.startOffsetMs)}, now - ${interval(want.endOffsetMs)}]`)
  }
  return changes
}

/** Rejects windows TimescaleDB would accept but that would lose or hide data. */
export function checkPolicy(policy: StoragePolicy): string[] {
  const problems: string[] = []
  if (policy.retentionMs < DAY) problems.push('retention must be at least 1 day')
  if (policy.compressAfterMs >= policy.retentionMs) problems.push('compression must start before retention drops the data (compress-after < retention)')
  for (const view of AGGREGATES) {
    const w = policy.refresh[view]
    if (w.startOffsetMs > policy.retentionMs) problems.push(`${view}: refresh start offset must not exceed the retention window, or refreshes would empty buckets whose raw data is gone`)
    if (w.endOffsetMs >= w.startOffsetMs) problems.push(`${view}: refresh end offset must be smaller than its start offset`)
  }
  return problems
}
