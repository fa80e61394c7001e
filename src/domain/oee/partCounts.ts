// Parts produced, from the controller's part counter or, without one, from program
// completions; and the ideal cycle time suggested by the fastest typical cycles.
import { intersect, normalize, subtract, type Interval } from './intervals.js'
import type { StateSpan } from './oeeForWindow.js'

export interface PartCountPoint {
  ts: number
  count: number
  program?: string
}

export interface CounterReset {
  ts: number
  from: number
  to: number
}

export interface PartTally {
  /** Parts per program (program undefined when the samples did not name one), in first-seen order. */
  parts: { program?: string; count: number }[]
  total: number
  resets: CounterReset[]
}

/**
 * Parts counted in a window (or over the whole series when no window is given).
 *
 * The baseline is the last point before the window (ts < window.start) or, when there is
 * none, the first point in it: parts made before the first point we know of are unknown,
 * not zero. Every later point with window.start <= ts < window.end contributes:
 * - count − previous count when the count went up or stayed (an increment of n at once,
 *   e.g. a 4-part fixture or a missed sample, is n parts);
 * - when the count went DOWN, a reset (OEE.md edge case 3): the controller was reset to 0
 *   and has counted up to the new value since, so the new value is the number of parts
 *   made since the previous point. Never negative. This overcounts by the preset when a
 *   controller restarts at a value other than 0, and misses parts counted between the
 *   previous point and the reset; both are reported through `resets`.
 * Parts are credited to the program of the point that carries the increment, or the last
 * program seen before it when the point names none.
 */
export function countParts(series: readonly PartCountPoint[], window?: Interval): PartTally {
  const points = sortedValid(series)
  const tally = new Tally()
  let previous: PartCountPoint | undefined
  let program: string | undefined
  for (const point of points) {
    if (point.program !== undefined) program = point.program
    const inWindow = !window || (point.ts >= window.start && point.ts < window.end)
    if (window && point.ts >= window.end) break
    if (inWindow && previous) {
      if (point.count >= previous.count) tally.add(program, point.count - previous.count)
      else {
        tally.resets.push({ ts: point.ts, from: previous.count, to: point.count })
        tally.add(program, point.count)
      }
    }
    previous = point
  }
  return tally.result()
}

export interface ExecutionPoint {
  ts: number
  execution: string
  program?: string
}

/**
 * Parts from program completions, for machines without a part counter (OEE.md edge 4):
 * one part each time Execution BECOMES PROGRAM_COMPLETED in the window, provided the
 * machine was ACTIVE since the previous completion (or since the series began). The second
 * condition exists because an MTConnect agent that reconnects replays the last Execution
 * (UNAVAILABLE → PROGRAM_COMPLETED) without a new cycle having run. The first point of the
 * series is the baseline, never an edge. One completion = one part: multi-part fixtures
 * need a counter.
 */
export function countCycles(series: readonly ExecutionPoint[], window?: Interval): PartTally {
  const points = [...series].sort((a, b) => a.ts - b.ts)
  const tally = new Tally()
  let previous: ExecutionPoint | undefined
  let program: string | undefined
  let activeSinceCompletion = false
  for (const point of points) {
    if (window && point.ts >= window.end) break
    if (point.program !== undefined) program = point.program
    const edge = previous !== undefined && point.execution === 'PROGRAM_COMPLETED' && previous.execution !== 'PROGRAM_COMPLETED'
    if (edge) {
      if (activeSinceCompletion && (!window || point.ts >= window.start)) tally.add(program, 1)
      activeSinceCompletion = false
    }
    if (point.execution === 'ACTIVE') activeSinceCompletion = true
    previous = point
  }
  return tally.result()
}

class Tally {
  readonly resets: CounterReset[] = []
  private readonly byProgram = new Map<string | undefined, number>()

  add(program: string | undefined, n: number): void {
    this.byProgram.set(program, (this.byProgram.get(program) ?? 0) + n)
  }

  result(): PartTally {
    const parts = [...this.byProgram].map(([program, count]) => (program === undefined ? { count } : { program, count }))
    return { parts, total: parts.reduce((sum, p) => sum + p.count, 0), resets: this.resets }
  }
}

function sortedValid(series: readonly PartCountPoint[]): PartCountPoint[] {
  return series.filter((p) => Number.isFinite(p.count) && p.count >= 0).sort((a, b) => a.ts - b.ts)
}

// ---------------------------------------------------------------------------------------
// Cycle durations and the ideal cycle time

export interface CycleDuration {
  program?: string
  /** Seconds per part. */
  seconds: number
}

/**
 * Seconds per part between consecutive counter increments while the machine was running.
 * A pair is kept only when the time between the two increments holds no stop (idle,
 * stopped, offline or no data) longer than `maxStopMs` (default 120 s, the microstop
 * threshold): short pauses such as loading a part are part of a real cycle, a long stop is
 * not. An increment of n parts gives n parts of duration/n each; a reset breaks the chain.
 */
export function cycleDurations(series: readonly PartCountPoint[], spans: readonly StateSpan[], options: { maxStopMs?: number } = {}): CycleDuration[] {
  const maxStopMs = options.maxStopMs ?? 120_000
  const running = normalize(spans.filter((s) => s.state === 'running'))
  const out: CycleDuration[] = []
  let previous: PartCountPoint | undefined
  let lastIncrement: PartCountPoint | undefined
  let program: string | undefined
  for (const point of sortedValid(series)) {
    if (point.program !== undefined) program = point.program
    if (previous && point.count < previous.count) lastIncrement = undefined
    else if (previous && point.count > previous.count) {
      const n = point.count - previous.count
      if (lastIncrement && longestGap(running, { start: lastIncrement.ts, end: point.ts }) <= maxStopMs) {
        const seconds = (point.ts - lastIncrement.ts) / 1000 / n
        out.push(program === undefined ? { seconds } : { program, seconds })
      }
      lastIncrement = point
    }
    previous = point
  }
  return out
}

function longestGap(running: Interval[], window: Interval): number {
  const gaps = subtract([window], intersect(running, [window]))
  return gaps.reduce((max, g) => Math.max(max, g.end - g.start), 0)
}

export interface IdealCycleOptions {
  /** Fewer cycles than this give no suggestion (default 20). */
  minCycles?: number
  /** Cycles shorter than this share of the median are dropped as implausible (default 0.2). */
  minShareOfMedian?: number
  /** The percentile suggested, 0–100 (default 10). */
  percentile?: number
}

export type IdealCycleSuggestion =
  | { ok: true; seconds: number; cycles: number; dropped: number; medianS: number }
  | { ok: false; reason: string; cycles: number }

/**
 * Suggests an ideal cycle time from measured cycles: drop non-positive durations and those
 * under 20% of the median (double counts, a counter stepped by hand), then take the 10th
 * percentile (nearest rank) of the rest, rounded to 0.1 s. A low percentile rather than
 * the minimum, so that one freak fast cycle does not set the standard; rather than the
 * median, because the ideal is what the machine does when nothing slows it down. Needs 20
 * cycles after dropping. This is a suggestion for a person to confirm, never applied
 * silently.
 */
export function learnIdealCycle(cycleDurationsSeconds: readonly number[], options: IdealCycleOptions = {}): IdealCycleSuggestion {
  const minCycles = options.minCycles ?? 20
  const share = options.minShareOfMedian ?? 0.2
  const percentile = options.percentile ?? 10
  const valid = cycleDurationsSeconds.filter((s) => Number.isFinite(s) && s > 0).sort((a, b) => a - b)
  if (valid.length === 0) return { ok: false, reason: 'no cycles measured', cycles: 0 }
  const median = valid.length % 2 === 1
    ? (valid[(valid.length - 1) / 2] as number)
    : ((valid[valid.length / 2 - 1] as number) + (valid[valid.length / 2] as number)) / 2
  const kept = valid.filter((s) => s >= share * median)
  if (kept.length < minCycles) {
    return { ok: false, reason: `${kept.length} plausible cycle(s) measured; at least ${minCycles} are needed for a suggestion`, cycles: kept.length }
  }
  const rank = Math.max(1, Math.ceil((percentile / 100) * kept.length))
  const seconds = Math.round((kept[rank - 1] as number) * 10) / 10
  return { ok: true, seconds, cycles: kept.length, dropped: valid.length - kept.length, medianS: median }
}
