// The stops an operator codes: stops (idle and stopped together) at least as long as the
// microstop threshold that reach into working time (shifts less breaks and scheduled
// downtime; a weekend's idle is no loss to code), each with the reason that covers it.
// The engine gives a stop to the newest code touching it (oeeForWindow, newestWins), and so
// does this list: the reason shown is the reason the Pareto counts.
import { type Interval, overlaps } from './intervals.js'
import { type StateSpan, stopEvents } from './oeeForWindow.js'

export interface StopCode extends Interval {
  reason: string
  note: string | null
  codedBy: string | null
  codedAt: number
}

export interface LongStop extends Interval {
  seconds: number
  /** null while uncoded. */
  reason: string | null
  /** Whether the reason is planned (out of planned busy time); null while uncoded. */
  planned: boolean | null
  coded_by: string | null
  coded_at: number | null
  note: string | null
}

/** `codes` in the order they were entered (the newest last). */
export function longStops(spans: readonly StateSpan[], codes: readonly StopCode[], workingTime: readonly Interval[], microstopMs: number, isPlanned: (reason: string) => boolean): LongStop[] {
  return stopEvents(spans)
    .filter((s) => s.end - s.start >= microstopMs && workingTime.some((w) => overlaps(s, w)))
    .map((s) => {
      const code = codes.filter((c) => overlaps(c, s)).at(-1)
      return {
        start: s.start, end: s.end, seconds: (s.end - s.start) / 1000,
        reason: code?.reason ?? null, planned: code ? isPlanned(code.reason) : null,
        coded_by: code?.codedBy ?? null, coded_at: code?.codedAt ?? null, note: code?.note ?? null,
      }
    })
}
