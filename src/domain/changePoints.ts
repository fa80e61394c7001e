// The change points of a machine's telemetry: the samples at which something OEE reads
// changed, namely the state of the span ending at the sample (heldState.ts; none across a
// hole in the data), or the last known part count, Execution or program. A day of 1 Hz
// samples holds a few hundred of them, so OEE reads these instead of 86,400 samples
// (store/telemetryChanges.ts keeps them as samples are written).
import type { HeldSpan } from './heldState.js'
import type { StateSpan } from './oee/oeeForWindow.js'
import type { MachineState } from './sample.js'

/** What a machine's next sample is compared with. */
export interface ChangeCarry {
  /** The previous sample's time; undefined before the first sample. */
  prevTs: number | undefined
  /** The state of the span that ended with the previous sample; null for none. */
  key: MachineState | null
  /** The last values seen, carried over samples that do not report them. */
  partCount: number | null
  execution: string | null
  program: string | null
}

export const NO_CARRY: ChangeCarry = { prevTs: undefined, key: null, partCount: null, execution: null, program: null }

export interface ChangePoint {
  ts: number
  /** Where the span ending at `ts` began (the previous sample); null for a machine's first sample. */
  spanStart: number | null
  heldState: MachineState | null
  partCount: number | null
  execution: string | null
  program: string | null
}

export interface ChangeInput {
  ts: number
  span: HeldSpan
  sample: { part_count?: number | null; execution?: string | null; program?: string | null }
}

/** The change points among `points` (one machine, in time order) following `carry`. */
export function changePoints(carry: ChangeCarry, points: readonly ChangeInput[]): { changes: ChangePoint[]; carry: ChangeCarry } {
  const changes: ChangePoint[] = []
  let c = carry
  for (const { ts, span, sample } of points) {
    const next: ChangeCarry = {
      prevTs: ts,
      key: span.held_s === null ? null : span.held_state,
      partCount: sample.part_count ?? c.partCount,
      execution: sample.execution ?? c.execution,
      program: sample.program ?? c.program,
    }
    if (next.key !== c.key || next.partCount !== c.partCount || next.execution !== c.execution || next.program !== c.program) {
      changes.push({ ts, spanStart: c.prevTs ?? null, heldState: next.key, partCount: next.partCount, execution: next.execution, program: next.program })
    }
    c = next
  }
  return { changes, carry: c }
}

export function sameCarry(a: ChangeCarry, b: ChangeCarry): boolean {
  return a.key === b.key && a.partCount === b.partCount && a.execution === b.execution && a.program === b.program
}

/**
 * State spans overlapping `window` from change points: the last one at or before its start,
 * those inside it, and the first one after its end (`after`, when there is one). A span
 * runs from its first change point's spanStart to where the next state's begins; the last
 * one known lasts until the machine's newest sample `lastTs`.
 */
export function spansFromChanges(
  points: readonly Pick<ChangePoint, 'ts' | 'spanStart' | 'heldState'>[],
  window: { start: number; end: number },
  options: { hasAfter: boolean; lastTs: number | null },
): StateSpan[] {
  const islands: { state: MachineState | null; start: number; end: number }[] = []
  let current: { state: MachineState | null; start: number; end: number } | undefined
  for (const p of points) {
    if (current && p.heldState === current.state) continue
    const start = p.spanStart ?? p.ts
    if (current) current.end = start
    current = { state: p.heldState, start, end: start }
    islands.push(current)
  }
  const last = points[points.length - 1]
  if (current && last) current.end = options.hasAfter ? last.ts : Math.max(last.ts, options.lastTs ?? last.ts)
  return islands
    .filter((s): s is StateSpan => s.state !== null)
    .map((s) => ({ state: s.state, start: Math.max(window.start, s.start), end: Math.min(window.end, s.end) }))
    .filter((s) => s.end > s.start)
}

/**
 * The values of one field where they changed inside `window` (start ≤ ts < end), after the
 * value in effect before it (the baseline), each with the program known at that point.
 */
export function seriesFromChanges<K extends 'partCount' | 'execution' | 'program'>(
  points: readonly ChangePoint[],
  window: { start: number; end: number },
  field: K,
): { ts: number; value: NonNullable<ChangePoint[K]>; program?: string }[] {
  const out: { ts: number; value: NonNullable<ChangePoint[K]>; program?: string }[] = []
  let baseline: ChangePoint | undefined
  let previous: ChangePoint[K] | null = null
  for (const p of points) {
    if (p.ts >= window.end) break
    if (p.ts < window.start) {
      if (p[field] !== null) baseline = p
      continue
    }
    if (baseline) {
      out.push(entry(baseline, field))
      previous = baseline[field]
      baseline = undefined
    }
    if (p[field] !== null && p[field] !== previous) out.push(entry(p, field))
    if (p[field] !== null) previous = p[field]
  }
  if (baseline) out.push(entry(baseline, field))
  return out
}

function entry<K extends 'partCount' | 'execution' | 'program'>(p: ChangePoint, field: K): { ts: number; value: NonNullable<ChangePoint[K]>; program?: string } {
  const value = p[field] as NonNullable<ChangePoint[K]>
  return p.program === null ? { ts: p.ts, value } : { ts: p.ts, value, program: p.program }
}
