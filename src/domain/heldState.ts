// Time per state, computed without window functions so that continuous aggregates can sum it.
//
// Each stored sample carries the span that ended with it: the state that held since the
// previous sample of the same machine (`held_state`) and for how long (`held_s`). A bucket's
// seconds in state S are then sum(held_s) over its samples with held_state = S, which is
// exact over any period and can be rolled up (5m → 1h → 1d) by plain sums. A span longer
// than the maximum sample gap is a hole in the data, not time in a state: it is left out
// (held_s = null) and shows up as "no data" time.
import type { MachineState } from './sample.js'

export interface ChainPoint {
  ts: number
  /** The state this point is known to be in (its own, or carried forward), null if unknown. */
  state: MachineState | null
}

export interface HeldSpan {
  held_state: MachineState | null
  held_s: number | null
}

export const NO_SPAN: HeldSpan = { held_state: null, held_s: null }

export function spanSince(previous: ChainPoint | undefined, ts: number, maxGapMs: number): HeldSpan {
  if (!previous || previous.state === null || ts <= previous.ts || ts - previous.ts > maxGapMs) return NO_SPAN
  return { held_state: previous.state, held_s: (ts - previous.ts) / 1000 }
}

/** A sample without a state of its own keeps the previous one, unless the data had a hole. */
export function stateAt(own: MachineState | null | undefined, previous: ChainPoint | undefined, ts: number, maxGapMs: number): MachineState | null {
  if (own) return own
  if (!previous || ts - previous.ts > maxGapMs) return null
  return previous.state
}

/**
 * Walks points of one machine in time order, starting after `previous`, and returns each
 * point's span and known state, plus the last point of the chain.
 */
export function linkChain(
  previous: ChainPoint | undefined,
  points: readonly { ts: number; state?: MachineState | null }[],
  maxGapMs: number,
): { spans: HeldSpan[]; last: ChainPoint | undefined } {
  const spans: HeldSpan[] = []
  let prev = previous
  for (const point of points) {
    spans.push(spanSince(prev, point.ts, maxGapMs))
    prev = { ts: point.ts, state: stateAt(point.state, prev, point.ts, maxGapMs) }
  }
  return { spans, last: prev }
}

/** The state known at a stored point: its own, or the one it held from its predecessor. */
export function knownState(point: { state: MachineState | null; held_state: MachineState | null; held_s: number | null }): MachineState | null {
  return point.state ?? (point.held_s !== null ? point.held_state : null)
}
