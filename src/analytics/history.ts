// One machine's history for a time range at a chosen or automatic resolution.
import { type AggregateResolution, BUCKET_MS, MAX_POINTS, type Resolution, chooseResolution } from '../domain/resolution.js'
import type { Queryable } from '../store/db.js'
import { type BucketRow, type RawPoint, countRaw, readBuckets, readRaw } from '../store/history.js'

export interface HistoryRequest {
  machineId: string
  from: number
  to: number
  resolution: Resolution | 'auto'
  /** Raw reads only: at most this many samples (the answer says when it was cut). */
  limit: number
}

export interface AggregatePoint {
  timestamp: string
  samples: number
  rpm: { avg: number | null; min: number | null; max: number | null }
  feed_mm_min: { avg: number | null; max: number | null }
  seconds: { running: number; idle: number; stopped: number; offline: number; no_data: number }
  top_state: string | null
  last_part_count: number | null
}

export interface History {
  machine_id: string
  from: string
  to: string
  resolution: Resolution
  requested_resolution: Resolution | 'auto'
  points: (AggregatePoint | ReturnType<typeof rawPoint>)[]
  /** Raw reads cut at `limit`: read again from `next_from`. */
  truncated?: boolean
  next_from?: string
}

export async function readHistory(db: Queryable, req: HistoryRequest): Promise<History> {
  const from = new Date(req.from)
  const to = new Date(req.to)
  const resolution = req.resolution === 'auto'
    ? chooseResolution(req.from, req.to, await countRaw(db, req.machineId, from, to, MAX_POINTS + 1))
    : req.resolution
  const base = { machine_id: req.machineId, from: from.toISOString(), to: to.toISOString(), resolution, requested_resolution: req.resolution }
  if (resolution === 'raw') {
    const rows = await readRaw(db, req.machineId, from, to, req.limit + 1)
    const truncated = rows.length > req.limit
    const points = rows.slice(0, req.limit).map(rawPoint)
    const last = rows[req.limit - 1]
    return truncated && last
      ? { ...base, points, truncated, next_from: new Date(last.timestamp.getTime() + 1).toISOString() }
      : { ...base, points }
  }
  const width = BUCKET_MS[resolution]
  // A bucket that started before `from` still covers part of the range: include it.
  const bucketFrom = new Date(Math.floor(req.from / width) * width)
  const rows = await readBuckets(db, req.machineId, resolution, bucketFrom, to)
  return { ...base, points: rows.map((r) => aggregatePoint(r, resolution)) }
}

function rawPoint(r: RawPoint) {
  const point: Record<string, unknown> = { timestamp: r.timestamp.toISOString() }
  for (const [k, v] of Object.entries(r)) if (k !== 'timestamp' && v !== null) point[k] = v
  return point
}

function aggregatePoint(r: BucketRow, resolution: AggregateResolution): AggregatePoint {
  const covered = r.running_s + r.idle_s + r.stopped_s + r.offline_s
  return {
    timestamp: r.bucket.toISOString(),
    samples: r.samples,
    rpm: { avg: r.rpm_avg, min: r.rpm_min, max: r.rpm_max },
    feed_mm_min: { avg: r.feed_avg, max: r.feed_max },
    seconds: {
      running: round(r.running_s), idle: round(r.idle_s), stopped: round(r.stopped_s), offline: round(r.offline_s),
      no_data: round(Math.max(0, BUCKET_MS[resolution] / 1000 - covered)),
    },
    top_state: r.top_state,
    last_part_count: r.last_part_count,
  }
}

const round = (s: number) => Math.round(s * 1000) / 1000
