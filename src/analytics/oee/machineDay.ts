// One machine's OEE for one local date: every shift that starts on it, and the day. The
// inputs are read once for the day's envelope and cut per shift, then handed to the one
// calculation engine (domain/oee/oeeForWindow.ts).
import { type OeePlan, type ShiftInstance, planForDay, planForShift } from '../../domain/oee/calendar.js'
import { type Interval, clip, hull, subtract } from '../../domain/oee/intervals.js'
import { type CodedStop, type OeeFigures, type StateSpan, oeeForWindow } from '../../domain/oee/oeeForWindow.js'
import { countCycles, countParts, type PartCountPoint, type ExecutionPoint } from '../../domain/oee/partCounts.js'
import type { Queryable } from '../../store/db.js'
import {
  type DowntimeCode, type QualityEntry, codedStops, loadDowntimeCodes, loadQualityEntries, loadTelemetryInputs,
} from '../../store/oee.js'
import type { OeeSetup } from './oeeSetup.js'

export interface MachineInfo {
  id: string
  plant: string | null
  idealCycleS: number | null
  /** The newest sample's time and state: its state holds until now, within the sample gap. */
  lastTs: number | null
  lastState: string | null
}

export interface ShiftFigures {
  shift: ShiftInstance
  figures: OeeFigures
  complete: boolean
}

export interface MachineDayFigures {
  machineId: string
  plant: string | null
  date: string
  window: Interval
  /** Shift time less breaks and scheduled downtime: where a stop is a loss unless coded planned. */
  workingTime: Interval[]
  /** The day ends in the future, or its data may still arrive (within the sample gap). */
  complete: boolean
  day: OeeFigures
  shifts: ShiftFigures[]
  /** The inputs, for the stop list and the API's explanations. */
  spans: StateSpan[]
  codes: DowntimeCode[]
  quality: QualityEntry[]
}

export interface DayContext {
  setup: OeeSetup
  now: number
  maxGapMs: number
}

/** Everything the engine needs about one machine over an envelope, read once. */
export interface MachineInputs {
  spans: StateSpan[]
  partCounts: PartCountPoint[]
  executions: ExecutionPoint[]
  codes: DowntimeCode[]
  stops: CodedStop[]
  quality: QualityEntry[]
  idealCycleS: ReturnType<OeeSetup['idealCycle']>
}

/** Reads a machine's inputs for `envelope`; stops are judged whole, so a microstop threshold more is read on each side. */
export async function loadMachineInputs(db: Queryable, machine: MachineInfo, envelope: Interval, ctx: DayContext): Promise<MachineInputs> {
  const reach = { start: envelope.start - ctx.setup.microstopMs, end: envelope.end + ctx.setup.microstopMs }
  const [{ spans, partCounts, executions, programs }, codes, quality] = await Promise.all([
    loadTelemetryInputs(db, machine.id, reach, envelope, machine.lastTs),
    loadDowntimeCodes(db, machine.id, reach),
    loadQualityEntries(db, machine.id, envelope),
  ])
  return {
    spans: attachPrograms(withLiveTail(spans, machine, reach, ctx), programs),
    partCounts, executions, codes, quality,
    stops: codedStops(codes, (reason) => ctx.setup.isPlannedReason(reason)),
    idealCycleS: ctx.setup.idealCycle(machine.id, machine.idealCycleS),
  }
}

/** The figures of one plan, counting the parts made inside `partsWindows`. A window still running is judged up to now. */
export function figuresForPlan(inputs: MachineInputs, plan: OeePlan, partsWindows: readonly Interval[], ctx: DayContext): OeeFigures {
  const past = { start: plan.window.start, end: Math.min(plan.window.end, Math.max(plan.window.start, ctx.now)) }
  const parts = partsIn(inputs.partCounts, inputs.executions, partsWindows.map((w) => ({ start: w.start, end: Math.min(w.end, past.end) })))
  const entered = inputs.quality.filter((q) => partsWindows.some((w) => q.ts >= w.start && q.ts < w.end))
  return oeeForWindow({
    window: past,
    operating: clip(plan.operating, past),
    calendarMs: plan.window.end <= ctx.now ? plan.calendarMs : openCalendarMs(plan, past),
    plannedDowntime: plan.plannedDowntime,
    spans: inputs.spans,
    codedStops: inputs.stops,
    parts: parts.parts,
    partCounterKnown: parts.counter,
    partsFromCycles: parts.fromCycles,
    counterResets: parts.resets,
    idealCycleS: inputs.idealCycleS,
    quality: { scrap: entered.reduce((n, q) => n + q.scrap, 0), rework: entered.reduce((n, q) => n + q.rework, 0) },
    microstopMs: ctx.setup.microstopMs,
  })
}

/**
 * The calendar time of a window still running: from its first planned start (a day's first
 * shift; the hours before belong to the previous night's shift) to now, at most the whole.
 * Utilization and TEEP of today then compare the run time with the time it could have run.
 */
function openCalendarMs(plan: OeePlan, past: Interval): number {
  const from = Math.max(past.start, plan.operating[0]?.start ?? past.start)
  return Math.min(plan.calendarMs, Math.max(0, past.end - from))
}

export async function computeMachineDay(db: Queryable, machine: MachineInfo, date: string, ctx: DayContext): Promise<MachineDayFigures> {
  const calendar = ctx.setup.calendar(machine.plant)
  const dayPlan = planForDay(calendar, machine.id, date)
  const envelope = hull([dayPlan.window, ...dayPlan.shifts]) ?? dayPlan.window
  const inputs = await loadMachineInputs(db, machine, envelope, ctx)
  const shifts = dayPlan.shifts.map((shift) => ({
    shift,
    figures: figuresForPlan(inputs, planForShift(calendar, machine.id, shift), [shift], ctx),
    complete: ctx.now >= shift.end + ctx.maxGapMs,
  }))
  // The day counts the parts of its shifts (parts made outside them would lift P without
  // the run time that made them), and its calendar time is the local day.
  const day = figuresForPlan(inputs, dayPlan, dayPlan.shifts, ctx)
  const complete = ctx.now >= envelope.end + ctx.maxGapMs
  return {
    machineId: machine.id, plant: machine.plant, date, window: dayPlan.window, workingTime: subtract(dayPlan.operating, dayPlan.plannedDowntime),
    complete, day, shifts, spans: inputs.spans, codes: inputs.codes, quality: inputs.quality,
  }
}

/** The newest sample's state holds until now (bounded by the sample gap): the live tail of the timeline. */
function withLiveTail(spans: StateSpan[], machine: MachineInfo, reach: Interval, ctx: DayContext): StateSpan[] {
  if (machine.lastTs === null || !machine.lastState || machine.lastTs >= reach.end) return spans
  const end = Math.min(ctx.now, machine.lastTs + ctx.maxGapMs, reach.end)
  const start = Math.max(machine.lastTs, reach.start)
  if (end <= start) return spans
  return [...spans, { state: machine.lastState as StateSpan['state'], start, end }]
}

/** Each running span gets the program active when it began (P > 100 % then names the program). */
function attachPrograms(spans: StateSpan[], changes: readonly { ts: number; program: string }[]): StateSpan[] {
  if (changes.length === 0) return spans
  let i = 0
  return spans.map((s) => {
    while (i + 1 < changes.length && (changes[i + 1] as { ts: number }).ts <= s.start) i++
    const c = changes[i]
    return c && c.ts <= s.start ? { ...s, program: c.program } : s
  })
}

interface Parts {
  parts: { program?: string; count: number }[]
  counter: boolean
  fromCycles: boolean
  resets: number
}

/** Parts made in the windows: from the part counter, else from program completions (OEE.md edge 4). */
function partsIn(counts: readonly PartCountPoint[], executions: readonly ExecutionPoint[], windows: readonly Interval[]): Parts {
  const byProgram = new Map<string | undefined, number>()
  let resets = 0
  const counter = counts.length > 0
  const fromCycles = !counter && executions.some((e) => e.execution === 'PROGRAM_COMPLETED' || e.execution === 'ACTIVE')
  for (const w of windows) {
    if (w.end <= w.start) continue
    const tally = counter ? countParts(counts, w) : fromCycles ? countCycles(executions, w) : undefined
    if (!tally) continue
    resets += tally.resets.length
    for (const p of tally.parts) byProgram.set(p.program, (byProgram.get(p.program) ?? 0) + p.count)
  }
  return { parts: [...byProgram].map(([program, count]) => (program === undefined ? { count } : { program, count })), counter, fromCycles, resets }
}
