// Turns a history answer (GET /v1/machines/{id}/history) into what the charts draw: time in
// seconds (uPlot's unit), values with a null wherever the data has a hole, and the state
// timeline as segments.

import type { AggregatePoint, RawPoint } from '../generated/api'

export type { AggregatePoint, RawPoint }

export type Resolution = 'raw' | '5m' | '1h' | '1d'

export interface History {
  machine_id: string
  from: string
  to: string
  resolution: Resolution
  points: RawPoint[] | AggregatePoint[]
  truncated?: boolean
}

export const BUCKET_S: Record<Exclude<Resolution, 'raw'>, number> = { '5m': 300, '1h': 3600, '1d': 86_400 }

export interface StateSegment {
  from: number
  to: number
  state: string | null
}

export interface ChartSeries {
  x: number[]
  rpm: (number | null)[]
  rpmMin: (number | null)[] | undefined
  rpmMax: (number | null)[] | undefined
  feed: (number | null)[]
  segments: StateSegment[]
}

/** `maxGapS`: two samples further apart than this have a hole between them (no line, no state). */
export function chartSeries(history: History, maxGapS: number, endS: number): ChartSeries {
  return history.resolution === 'raw'
    ? rawSeries(history.points as RawPoint[], maxGapS, endS)
    : bucketSeries(history.points as AggregatePoint[], BUCKET_S[history.resolution])
}

function rawSeries(points: readonly RawPoint[], maxGapS: number, endS: number): ChartSeries {
  const out: ChartSeries = { x: [], rpm: [], rpmMin: undefined, rpmMax: undefined, feed: [], segments: [] }
  let state: string | null = null
  let previous: number | undefined
  points.forEach((p, i) => {
    const t = Date.parse(p.timestamp) / 1000
    if (previous !== undefined && t - previous > maxGapS) {
      pushNull(out, previous + maxGapS / 2)
      state = null
    }
    out.x.push(t)
    out.rpm.push(p.rpm ?? null)
    out.feed.push(p.feed_mm_min ?? null)
    state = p.state ?? state
    const next = points[i + 1]
    const nextT = next ? Date.parse(next.timestamp) / 1000 : Math.min(endS, t + maxGapS)
    addSegment(out.segments, t, nextT - t > maxGapS ? t : nextT, state)
    previous = t
  })
  return out
}

function bucketSeries(points: readonly AggregatePoint[], widthS: number): ChartSeries {
  const out: ChartSeries = { x: [], rpm: [], rpmMin: [], rpmMax: [], feed: [], segments: [] }
  let previous: number | undefined
  for (const p of points) {
    const t = Date.parse(p.timestamp) / 1000
    if (previous !== undefined && t - previous > widthS * 1.5) pushNull(out, previous + widthS)
    // A bucket is drawn at its middle: its values are averages over the whole bucket.
    out.x.push(t + widthS / 2)
    out.rpm.push(p.rpm.avg)
    out.rpmMin?.push(p.rpm.min)
    out.rpmMax?.push(p.rpm.max)
    out.feed.push(p.feed_mm_min.avg)
    addSegment(out.segments, t, t + widthS, p.top_state)
    previous = t
  }
  return out
}

function pushNull(out: ChartSeries, t: number): void {
  out.x.push(t)
  out.rpm.push(null)
  out.rpmMin?.push(null)
  out.rpmMax?.push(null)
  out.feed.push(null)
}

function addSegment(segments: StateSegment[], from: number, to: number, state: string | null): void {
  if (to <= from) return
  const last = segments[segments.length - 1]
  if (last && last.state === state && Math.abs(last.to - from) < 1e-6) last.to = to
  else segments.push({ from, to, state })
}

export interface StateChange {
  at: number
  from: string | null
  to: string
}

export interface AlarmSpan {
  from: number
  to: number
  alarm: string
}

/** State changes and alarms in raw samples, newest first. */
export function changesIn(points: readonly RawPoint[]): { states: StateChange[]; alarms: AlarmSpan[] } {
  const states: StateChange[] = []
  const alarms: AlarmSpan[] = []
  let state: string | null = null
  let alarm: AlarmSpan | undefined
  for (const p of points) {
    const t = Date.parse(p.timestamp)
    if (p.state && p.state !== state) {
      states.push({ at: t, from: state, to: p.state })
      state = p.state
    }
    if (p.alarm && alarm?.alarm === p.alarm) alarm.to = t
    else if (p.alarm) alarms.push((alarm = { from: t, to: t, alarm: p.alarm }))
    else alarm = undefined
  }
  return { states: states.reverse(), alarms: alarms.reverse() }
}
