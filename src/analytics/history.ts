// One machine's history for a time range at a chosen or automatic resolution.
import { BUCKET_MS, MAX_POINTS, type Resolution, chooseResolution } from '../domain/resolution.js'
import type { Queryable } from '../store/db.js'
import { type AggregatePoint, type RawPoint, countRaw, estimateRawAtMost, readBuckets, readRaw } from '../store/history.js'

/** Over this range an exact count is replaced by the hourly aggregate's upper bound. */
const EXACT_COUNT_MAX_RANGE_MS = 2 * 86_400_000

export interface HistoryRequest {
  machineId: string
  from: number
  to: number
  resolution: Resolution | 'auto'
  /** Raw reads only: at most this many samples (the answer says when it was cut). */
  limit: number
}

export interface History {
  machine_id: string
  from: string
  to: string
  resolution: Resolution
  requested_resolution: Resolution | 'auto'
  points: RawPoint[] | AggregatePoint[]
  /** Raw reads cut at `limit`: read again from `next_from`. */
  truncated?: boolean
  next_from?: string
}

export async function readHistory(db: Queryable, req: HistoryRequest): Promise<History> {
  const from = new Date(req.from)
  const to = new Date(req.to)
  const resolution = req.resolution === 'auto' ? chooseResolution(req.from, req.to, await rawCount(db, req)) : req.resolution
  const base = { machine_id: req.machineId, from: from.toISOString(), to: to.toISOString(), resolution, requested_resolution: req.resolution }
  if (resolution === 'raw') {
    const points = await readRaw(db, req.machineId, from, to, req.limit + 1)
    const last = points[req.limit - 1]
    if (points.length <= req.limit || !last) return { ...base, points }
    return { ...base, points: points.slice(0, req.limit), truncated: true, next_from: new Date(Date.parse(last.timestamp) + 1).toISOString() }
  }
  const width = BUCKET_MS[resolution]
  // A bucket that started before `from` still covers part of the range: include it.
  const bucketFrom = new Date(Math.floor(req.from / width) * width)
  return { ...base, points: await readBuckets(db, req.machineId, resolution, bucketFrom, to) }
}

/** Raw samples in range, counted up to MAX_POINTS + 1 (enough to decide). */
async function rawCount(db: Queryable, req: HistoryRequest): Promise<number> {
  const from = new Date(req.from)
  const to = new Date(req.to)
  if (req.to - req.from > EXACT_COUNT_MAX_RANGE_MS) {
    const atMost = await estimateRawAtMost(db, req.machineId, from, to)
    if (atMost > MAX_POINTS) return atMost
  }
  return countRaw(db, req.machineId, from, to, MAX_POINTS + 1)
}

/** What the API asks of the history: one machine's points over a range. */
export interface MachineHistory {
  read(req: HistoryRequest): Promise<History>
}

export const machineHistory = (db: Queryable): MachineHistory => ({ read: (req) => readHistory(db, req) })
