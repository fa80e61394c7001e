// The one OEE calculation engine (OEE.md): the dashboard, the API, the exports and the
// alerts all call this, so they cannot disagree. Pure: the caller brings the plan (shifts,
// breaks, scheduled downtime), the states, the coded stops, the parts and the scrap.
//
// How each instant of the window is bucketed:
//   outside the shifts (`operating`)           → not planned; only running_outside_shifts_s
//   scheduled downtime (breaks, maintenance)   → planned_downtime_s; running there is
//                                                 running_in_planned_downtime_s, in no factor
//   a stop coded with a planned reason         → planned_stop_s (never its running parts)
//   the rest is PBT, split by state into
//     running                                  → run_s
//     idle/stopped in a stop < microstopMs     → microstop_s (performance loss)
//     idle/stopped in a longer stop            → stopped_s / idle_s (availability loss)
//     offline or no span at all                → no_data_s (out of A; lowers coverage)
// A  = (run + microstop) / (PBT − no data)
// P  = Σ ideal × parts / (run + microstop)
// Q  = good / total parts
import type { MachineState } from '../sample.js'
import { intersect, normalize, overlaps, subtract, totalMs, union, type Interval } from './intervals.js'
import { ROUND_OFF, emptySums, figuresFromSums, pct, type OeeFigures, type OeeFlag } from './oeeFigures.js'

export { rollUp, type OeeBasis, type OeeFigures, type OeeFlag, type OeeFlagCode, type OeeSums } from './oeeFigures.js'

/** A state from telemetry; time covered by no span is no data. `program` is the active NC program, when known. */
export interface StateSpan extends Interval {
  state: MachineState
  program?: string
}

/** An operator's reason for a stop; entered during or after it, it applies to the whole stop. */
export interface CodedStop extends Interval {
  reason: string
  planned: boolean
}

export interface OeeInput {
  /** The window evaluated: a shift instance, or a day's envelope (calendar.planForDay). */
  window: Interval
  /** Planned operation time (the shifts) inside the window; default: the whole window. */
  operating?: Interval[]
  /** Calendar time for utilization and TEEP; default: the window's length. */
  calendarMs?: number
  /** Breaks and scheduled downtime. */
  plannedDowntime: Interval[]
  spans: StateSpan[]
  /** Stop reasons in the order they were entered: a later one replaces earlier ones on the stops it touches. */
  codedStops: CodedStop[]
  /** Parts attributed to the window (partCounts.countParts / countCycles). */
  parts: { program?: string; count: number }[]
  /** False: the parts come from derived cycles (partsFromCycles) or by hand (Q only), or are unknown. */
  partCounterKnown: boolean
  /** The parts were derived from program completions (partCounts.countCycles). */
  partsFromCycles?: boolean
  /** Counter resets seen in the window (partCounts resets.length). */
  counterResets?: number
  idealCycleS: (program: string | undefined) => number | undefined
  quality: { scrap: number; rework: number }
  /** Stops shorter than this are microstops; default 120 000. */
  microstopMs?: number
  /** Coverage below this raises low_coverage; default 0.9. */
  minCoverage?: number
}

export const DEFAULT_MICROSTOP_MS = 120_000

export function oeeForWindow(input: OeeInput): OeeFigures {
  const microstopMs = input.microstopMs ?? DEFAULT_MICROSTOP_MS
  const flags: OeeFlag[] = []
  const window = input.window
  const operating = intersect(input.operating ?? [window], [window])
  const scheduled = intersect(input.plannedDowntime, operating)

  const { spans, overlapping } = resolveSpans(input.spans)
  if (overlapping) flags.push({ code: 'overlapping_spans', message: 'state spans overlapped; where they did, the one that started later was used' })
  const ofState = (state: MachineState) => normalize(spans.filter((s) => s.state === state))
  const running = ofState('running')
  const stops = stopEvents(spans)
  const micro = normalize(stops.filter((s) => s.end - s.start < microstopMs))
  const long = stops.filter((s) => s.end - s.start >= microstopMs)

  // OEE.md edge 8: a reason covers the whole stop it touches, whenever it was entered.
  // A later code replaces the earlier ones on the stops it touches (an operator correcting a reason).
  const coded = newestWins(input.codedStops.map((c) => ({ ...c, extent: union([c], stops.filter((s) => overlaps(s, c))) })))
  // A planned reason takes the stop out of PBT, but never time the machine was running.
  const plannedCoded = subtract(subtract(intersect(coded.filter((c) => c.planned).flatMap((c) => c.extent), operating), running), scheduled)
  const busy = subtract(subtract(operating, scheduled), plannedCoded)

  const known = normalize(spans.filter((s) => s.state !== 'offline'))
  const longSet = normalize(long)
  const inBusy = (xs: Interval[]) => totalMs(intersect(xs, busy)) / 1000
  const sums = emptySums()
  sums.calendar_s = (input.calendarMs ?? window.end - window.start) / 1000
  sums.planned_operation_s = totalMs(operating) / 1000
  sums.planned_downtime_s = totalMs(scheduled) / 1000
  sums.planned_stop_s = totalMs(plannedCoded) / 1000
  sums.planned_busy_s = totalMs(busy) / 1000
  sums.run_s = inBusy(running)
  sums.microstop_s = inBusy(micro)
  sums.operating_s = sums.run_s + sums.microstop_s
  sums.stopped_s = inBusy(intersect(ofState('stopped'), longSet))
  sums.idle_s = inBusy(intersect(ofState('idle'), longSet))
  sums.availability_loss_s = sums.stopped_s + sums.idle_s
  sums.no_data_s = totalMs(subtract(busy, known)) / 1000
  sums.running_in_planned_downtime_s = totalMs(intersect(running, scheduled)) / 1000
  sums.running_outside_shifts_s = totalMs(subtract(intersect(running, [window]), operating)) / 1000
  sums.stop_count = long.filter((s) => totalMs(intersect([s], busy)) > 0).length
  sums.microstop_count = stops.filter((s) => s.end - s.start < microstopMs && totalMs(intersect([s], busy)) > 0).length
  sums.unplanned_loss_by_reason_s = lossByReason(long, busy, coded.filter((c) => !c.planned))
  sums.planned_stop_by_reason_s = plannedByReason(coded.filter((c) => c.planned), plannedCoded)

  // Operating time (running and microstops) inside PBT while the given programs were active.
  const operatingOf = (programs: ReadonlySet<string>) =>
    inBusy(intersect(union(running, micro), normalize(spans.filter((s) => s.program !== undefined && programs.has(s.program)))))
  countParts(input, sums, flags, operatingOf)
  performanceFlags(input, sums, flags, running, busy)
  if (sums.running_in_planned_downtime_s > 0) {
    flags.push({ code: 'running_in_planned_downtime', message: `the machine ran ${Math.round(sums.running_in_planned_downtime_s)} s during breaks or scheduled downtime; that time counts in no factor, its parts do count` })
  }
  return figuresFromSums(sums, flags, input.minCoverage)
}

/**
 * Where the parts come from decides what they can tell (OEE.md edge 4):
 * - a part counter, or cycles derived from program completions: P and Q;
 * - neither (partCounterKnown false, partsFromCycles not set): any parts given are a count
 *   from elsewhere, e.g. entered by hand at the end of the shift. They give Q, not P: P is
 *   unknown and the result is labelled 'A×Q (partial)', never computed with P = 1.
 */
function countParts(input: OeeInput, sums: ReturnType<typeof emptySums>, flags: OeeFlag[], operatingOf: (programs: ReadonlySet<string>) => number): void {
  const timed = input.partCounterKnown || input.partsFromCycles === true
  const byProgram = partsByProgram(input.parts)
  for (const count of byProgram.values()) sums.total_parts += count
  sums.parts_known = timed || sums.total_parts > 0
  sums.counter_resets = input.counterResets ?? 0
  sums.scrap = input.quality.scrap
  sums.rework = input.quality.rework
  sums.good_parts = Math.max(0, sums.total_parts - sums.scrap - sums.rework)
  if (!timed) {
    flags.push({
      code: 'no_part_counter',
      message: sums.total_parts > 0
        ? 'no part counter and no program completions: performance is unknown; quality uses the parts entered'
        : 'no part counter and no program completions: performance and quality are unknown',
    })
  } else if (!input.partCounterKnown) {
    flags.push({ code: 'parts_from_cycles', message: 'parts counted from program completions (one per completed program), not from a part counter' })
  }
  if (sums.counter_resets > 0) {
    flags.push({ code: 'counter_reset', message: `the part counter was reset ${sums.counter_resets} time(s); parts after a reset are counted from the new value` })
  }
  if (sums.total_parts > 0 && sums.scrap + sums.rework > sums.total_parts) {
    flags.push({ code: 'scrap_exceeds_parts', message: `scrap ${sums.scrap} + rework ${sums.rework} exceed the ${sums.total_parts} parts counted; good parts set to 0` })
  }
  if (!timed) return
  const missing: string[] = []
  const known = new Set<string>()
  for (const [program, count] of byProgram) {
    const ideal = input.idealCycleS(program)
    if (ideal !== undefined && Number.isFinite(ideal) && ideal > 0) {
      sums.ideal_s += ideal * count
      if (program !== undefined) known.add(program)
    } else missing.push(program ?? '(no program)')
  }
  if (sums.total_parts > 0 && sums.operating_s === 0) {
    flags.push({ code: 'parts_without_run_time', message: `${sums.total_parts} part(s) counted without any running time in the planned busy time: performance is unknown` })
  }
  // P is known when every part has an ideal cycle and there was operating time (zero parts
  // over real operating time is a true P of 0; zero parts and zero time is unknown). When
  // some programs lack one, P is summed over the programs that have one, against their own
  // operating time (the spans carry the active program), and flagged as partial.
  if (sums.operating_s > 0 && missing.length === 0) {
    sums.p_ideal_s = sums.ideal_s
    sums.p_operating_s = sums.operating_s
  } else if (sums.operating_s > 0 && known.size > 0) {
    const knownOperating = operatingOf(known)
    if (knownOperating > 0) {
      sums.p_ideal_s = sums.ideal_s
      sums.p_operating_s = knownOperating
    }
  }
  const effect = sums.p_operating_s > 0 ? 'performance covers the other programs only' : 'performance is unknown'
  for (const program of missing) {
    flags.push({ code: 'missing_ideal_cycle', program, message: `no ideal cycle time for program ${program}: ${effect}; set one in oee.yaml ideal_cycles (GET /v1/machines/{id}/ideal-cycles suggests one)` })
  }
}

function partsByProgram(parts: OeeInput['parts']): Map<string | undefined, number> {
  const out = new Map<string | undefined, number>()
  for (const p of parts) if (Number.isFinite(p.count) && p.count > 0) out.set(p.program, (out.get(p.program) ?? 0) + p.count)
  return out
}

/**
 * OEE.md edge 5: P > 100% means an ideal cycle time is set too slow. The flag names the
 * programs whose own P (ideal × parts / their running time in PBT, from the spans'
 * program) exceeds 100%; without programs on the spans, every program that made parts.
 */
function performanceFlags(input: OeeInput, sums: ReturnType<typeof emptySums>, flags: OeeFlag[], running: Interval[], busy: Interval[]): void {
  if (sums.p_operating_s === 0 || sums.p_ideal_s <= sums.p_operating_s * (1 + ROUND_OFF)) return
  const raw = sums.p_ideal_s / sums.p_operating_s
  const programs = [...partsByProgram(input.parts)].map(([program, count]) => {
    const ideal = input.idealCycleS(program) ?? 0
    const runMs = totalMs(intersect(intersect(running, busy), input.spans.filter((s) => s.state === 'running' && s.program === program && program !== undefined)))
    return { program, count, ideal, own: runMs > 0 ? (ideal * count) / (runMs / 1000) : null }
  })
  const over = programs.filter((p) => p.own !== null && p.own > 1 + ROUND_OFF)
  const named = over.length > 0 ? over : programs
  const breakNote = sums.running_in_planned_downtime_s > 0 ? `; parts made while running through planned downtime (${Math.round(sums.running_in_planned_downtime_s)} s) add to it` : ''
  for (const p of named) {
    const name = p.program ?? '(no program)'
    const measured = p.own !== null ? `, measured ${pct(p.own)} for this program` : ''
    flags.push({
      code: 'performance_over_100',
      ...(p.program === undefined ? {} : { program: p.program }),
      message: `performance is ${pct(raw)} (shown as 100%)${measured}: the ideal cycle time of ${name} (${p.ideal} s) is probably too slow${breakNote}`,
    })
  }
}

/**
 * Spans in start order, made disjoint. Telemetry spans do not overlap; if some do, the span
 * that started later wins over the time they share (a short event inside a long span shows).
 */
function resolveSpans(input: readonly StateSpan[]): { spans: StateSpan[]; overlapping: boolean } {
  const sorted = input.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start)
  if (sorted.every((s, i) => i === 0 || s.start >= (sorted[i - 1] as StateSpan).end)) return { spans: sorted, overlapping: false }
  const out: StateSpan[] = []
  let covered: Interval[] = []
  for (let i = sorted.length - 1; i >= 0; i--) {
    const span = sorted[i] as StateSpan
    for (const piece of subtract([span], covered)) out.push({ ...span, ...piece })
    covered = union(covered, [span])
  }
  return { spans: out.sort((a, b) => a.start - b.start), overlapping: true }
}

/**
 * Stops: maximal runs of contiguous idle/stopped spans (over the whole span list, not only
 * the window, so that a long stop that began before the shift is not taken for a
 * microstop). Running, offline or a gap in the data ends a stop.
 */
export function stopEvents(spans: readonly StateSpan[]): Interval[] {
  const out: Interval[] = []
  let current: Interval | undefined
  for (const s of spans) {
    const stop = s.state === 'idle' || s.state === 'stopped'
    if (stop && current && s.start === current.end) current.end = s.end
    else {
      if (current) out.push(current)
      current = stop ? { start: s.start, end: s.end } : undefined
    }
  }
  if (current) out.push(current)
  return out
}

/** Availability loss per reason: each long stop goes to the coded reason overlapping it most. */
function lossByReason(long: Interval[], busy: Interval[], coded: { reason: string; extent: Interval[] }[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const stop of long) {
    const seconds = totalMs(intersect([stop], busy)) / 1000
    if (seconds === 0) continue
    let reason = 'uncoded'
    let best = 0
    for (const c of coded) {
      if (!c.extent.some((x) => overlaps(x, stop))) continue
      const shared = totalMs(intersect([stop], c.extent))
      if (shared > best) [reason, best] = [c.reason, shared]
    }
    out[reason] = (out[reason] ?? 0) + seconds
  }
  return out
}

/** Codes in the order they were entered: each keeps only what no later code claims. */
function newestWins<T extends { extent: Interval[] }>(coded: readonly T[]): T[] {
  let claimed: Interval[] = []
  const out: T[] = []
  for (let i = coded.length - 1; i >= 0; i--) {
    const c = coded[i] as T
    const extent = subtract(c.extent, claimed)
    claimed = union(claimed, c.extent)
    if (extent.length > 0) out.unshift({ ...c, extent })
  }
  return out
}

/** planned_stop_s per reason; where coded stops overlap, the earlier one keeps the time. */
function plannedByReason(coded: { start: number; reason: string; extent: Interval[] }[], plannedCoded: Interval[]): Record<string, number> {
  const out: Record<string, number> = {}
  let assigned: Interval[] = []
  for (const c of [...coded].sort((a, b) => a.start - b.start)) {
    const own = subtract(intersect(c.extent, plannedCoded), assigned)
    const seconds = totalMs(own) / 1000
    if (seconds > 0) out[c.reason] = (out[c.reason] ?? 0) + seconds
    assigned = union(assigned, own)
  }
  return out
}
