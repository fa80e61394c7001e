// Reads of one machine's history: raw samples or continuous-aggregate buckets.
import type { AggregateResolution } from '../domain/resolution.js'
import type { Queryable } from './db.js'

const VIEWS: Record<AggregateResolution, string> = { '5m': 'telemetry_5m', '1h': 'telemetry_1h', '1d': 'telemetry_1d' }

export interface RawPoint {
  timestamp: Date
  rpm: number | null
  feed_mm_min: number | null
  state: string | null
  part_count: number | null
  program: string | null
  execution: string | null
  mode: string | null
  alarm: string | null
  sequence: number | null
  src: string
}

export async function countRaw(db: Queryable, machineId: string, from: Date, to: Date, cap: number): Promise<number> {
  const r = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM telemetry WHERE machine_id = $1 AND ts >= $2 AND ts < $3 LIMIT $4) s`,
    [machineId, from, to, cap],
  )
  return r.rows[0]?.n ?? 0
}

export async function readRaw(db: Queryable, machineId: string, from: Date, to: Date, limit: number): Promise<RawPoint[]> {
  const r = await db.query<RawPoint>(
    `SELECT ts AS timestamp, rpm, feed_mm_min, state, part_count, program, execution, mode, alarm, sequence, src
       FROM telemetry WHERE machine_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4`,
    [machineId, from, to, limit],
  )
  return r.rows
}

export interface BucketRow {
  bucket: Date
  samples: number
  rpm_avg: number | null
  rpm_min: number | null
  rpm_max: number | null
  feed_avg: number | null
  feed_max: number | null
  running_s: number
  idle_s: number
  stopped_s: number
  offline_s: number
  top_state: string | null
  last_part_count: number | null
}

/** Buckets that start in [from, to); the views are real-time, so the newest data is included. */
export async function readBuckets(db: Queryable, machineId: string, resolution: AggregateResolution, from: Date, to: Date): Promise<BucketRow[]> {
  const r = await db.query<BucketRow>(
    `SELECT bucket, samples, rpm_avg, rpm_min, rpm_max, feed_avg, feed_max,
            running_s, idle_s, stopped_s, offline_s, top_state, last_part_count
       FROM ${VIEWS[resolution]}
      WHERE machine_id = $1 AND bucket >= $2 AND bucket < $3
      ORDER BY bucket`,
    [machineId, from, to],
  )
  return r.rows
}
