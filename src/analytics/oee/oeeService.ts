// OEE kept up to date as data arrives: samples mark their machine's day dirty, a loop
// recomputes dirty days (and, less often, days still open, whose no-data time grows with
// the clock), and queries compute what is missing before they answer. Late data, a stop
// reason or scrap entered after the shift closed mark that day again (OEE.md edge 6, 8).
import type { Logger } from '../../logger.js'
import type { Clock } from '../../domain/clock.js'
import { addDays, localDateOf, localDayWindow, planForDay } from '../../domain/oee/calendar.js'
import { type IdealCycleSuggestion, cycleDurations, learnIdealCycle } from '../../domain/oee/partCounts.js'
import { type LongStop, longStops } from '../../domain/oee/longStops.js'
import { rollUp, type OeeFigures } from '../../domain/oee/oeeForWindow.js'
import type { Sample } from '../../domain/sample.js'
import type { Db } from '../../store/db.js'
import {
  type DayRow, type StopQuery, upToDateDays, insertDowntimeCode, insertQualityEntry, invalidateAllFigures, invalidatePlantFigures, loadDayFigures, loadOeeMachine,
  loadPlantCalendars, loadShiftFigures, loadStops, machinesFirstSeen, saveDayFigures, savePlantCalendar, saveShiftFigures,
} from '../../store/oee.js'
import { machinePlantAndModel } from '../../store/machines.js'
import { type DayContext, type MachineDayFigures, type MachineInfo, computeMachineDay, loadMachineInputs } from './machineDay.js'
import { type HourFigures, computeMachineHours } from './machineHours.js'
import { OeeSetup, parseCalendarBody } from './oeeSetup.js'
import type { OeeConfig } from '../../config/oeeConfig.js'

export type OeeLog = Pick<Logger, 'info' | 'warn'>

export interface OeeOptions {
  /** A sample gap longer than this is no data (the ingest's max sample gap). */
  maxGapMs: number
  /** How often dirty days are recomputed; 0 = only on demand (tests). */
  refreshMs: number
  /** Days still open are recomputed at least this often even without new samples. */
  openDayRefreshMs: number
}

export type GroupBy = 'machine' | 'plant' | 'shift' | 'day'

export interface OeeGroup {
  key: string
  figures: OeeFigures
  machines: number
}

export interface IdealCycleAdvice {
  program: string | null
  configured_s: number | null
  suggestion: IdealCycleSuggestion
}

/** A machine-day's figures and inputs, with its long stops as the coding view lists them. */
export type DayWithStops = MachineDayFigures & { stops: LongStop[] }

const dayKey = (machineId: string, date: string) => `${machineId}\u0000${date}`

/**
 * A query computes again the days of its range that received data since their figures were
 * stored more than this long ago: a plant's or the fleet's figure is never much staler than
 * a machine's own page (computed when asked), however long the refresh loop's interval.
 */
export const QUERY_FRESHNESS_MS = 5_000

export class OeeService {
  private current: OeeSetup
  private readonly dirty = new Map<string, { machineId: string; date: string }>()
  /** Per machine, the day window last marked: most samples fall into it and cost nothing. */
  private readonly marked = new Map<string, { start: number; end: number; date: string }>()
  private readonly plants = new Map<string, string | null>()
  private readonly openComputedAt = new Map<string, number>()
  private timer: NodeJS.Timeout | undefined
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly log: OeeLog, private readonly options: OeeOptions, file?: OeeConfig) {
    this.current = new OeeSetup(file, clock.now())
  }

  get setup(): OeeSetup {
    return this.current
  }

  async start(): Promise<void> {
    for (const row of await loadPlantCalendars(this.db)) {
      try {
        this.current = this.current.withCalendar({ plant: row.plant, source: row.calendar, calendar: parseCalendarBody(row.plant, row.calendar, this.current.reasons), updatedAt: row.updatedAt })
      } catch (err) {
        this.log.warn({ plant: row.plant }, `the stored calendar of ${row.plant} no longer parses, using oee.yaml's: ${(err as Error).message}`)
      }
    }
    if (this.options.refreshMs > 0) this.timer = setInterval(() => void this.refresh(), this.options.refreshMs)
  }

  /** oee.yaml changed: figures of every day still stored are recomputed when next asked for. */
  async setFile(file: OeeConfig): Promise<void> {
    this.current = this.current.withFile(file, this.clock.now())
    this.marked.clear()
    await invalidateAllFigures(this.db)
  }

  async putCalendar(plant: string, body: unknown): Promise<void> {
    const calendar = parseCalendarBody(plant, body, this.current.reasons)
    const at = this.clock.now()
    await savePlantCalendar(this.db, plant, body, at)
    await invalidatePlantFigures(this.db, plant)
    this.current = this.current.withCalendar({ plant, source: body, calendar, updatedAt: at })
    this.marked.clear()
  }

  /** Committed samples: their machine's day (the one whose plan holds the sample) is dirty. */
  onSamples(samples: readonly Sample[]): Promise<void> {
    return this.serialized(async () => {
      for (const s of samples) {
        const last = this.marked.get(s.machine_id)
        if (last && s.ts >= last.start && s.ts < last.end) {
          this.dirty.set(dayKey(s.machine_id, last.date), { machineId: s.machine_id, date: last.date })
          continue
        }
        const plant = await this.plantOf(s.machine_id)
        const calendar = this.current.calendar(plant)
        const date = localDateOf(s.ts, calendar.timeZone)
        // A night shift that began yesterday owns this morning's samples.
        for (const d of [addDays(date, -1), date]) {
          const plan = planForDay(calendar, s.machine_id, d)
          if (s.ts >= plan.window.start && s.ts < plan.window.end) {
            this.dirty.set(dayKey(s.machine_id, d), { machineId: s.machine_id, date: d })
            this.marked.set(s.machine_id, { ...plan.window, date: d })
          }
        }
      }
    })
  }

  /** Recomputes dirty days, and open days not computed for a while. */
  refresh(): Promise<void> {
    return this.serialized(async () => {
      const now = this.clock.now()
      const work = [...this.dirty.values()]
      this.dirty.clear()
      for (const [key, at] of this.openComputedAt) {
        if (now - at < this.options.openDayRefreshMs || this.dirty.has(key)) continue
        const [machineId = '', date = ''] = key.split('\u0000')
        work.push({ machineId, date })
      }
      for (const { machineId, date } of work) await this.computeAndStore(machineId, date)
    }).catch((err: Error) => this.log.warn({ err: err.message }, `oee refresh: ${err.message}`))
  }

  /** One machine's day, computed now from the data (and stored). */
  machineDay(machineId: string, date: string): Promise<DayWithStops | undefined> {
    return this.serialized(() => this.computeAndStore(machineId, date))
  }

  /** Roll-ups over a period from the stored days and shifts; days not yet computed are computed first. */
  async query(q: { from: string; to: string; plant?: string; machineId?: string; groupBy: GroupBy }): Promise<{ groups: OeeGroup[]; total: OeeFigures; days: DayRow[] }> {
    await this.refreshDirtyIn(q)
    await this.ensureDays(q)
    const days = await loadDayFigures(this.db, q)
    const groups = new Map<string, { figures: OeeFigures[]; machines: Set<string> }>()
    const add = (key: string, f: OeeFigures, machineId: string) => {
      const g = groups.get(key) ?? { figures: [], machines: new Set<string>() }
      g.figures.push(f)
      g.machines.add(machineId)
      groups.set(key, g)
    }
    if (q.groupBy === 'shift') for (const s of await loadShiftFigures(this.db, q)) add(s.shift, s.figures, s.machineId)
    else for (const d of days) add(q.groupBy === 'machine' ? d.machineId : q.groupBy === 'plant' ? d.plant ?? '(no plant)' : d.date, d.figures, d.machineId)
    return {
      groups: [...groups].map(([key, g]) => ({ key, figures: rollUp(g.figures), machines: g.machines.size })).sort((a, b) => a.key.localeCompare(b.key)),
      total: rollUp(days.map((d) => d.figures)),
      days,
    }
  }

  /** A machine's OEE hour by hour over local dates (computed on demand, not stored). */
  async machineHours(machineId: string, from: string, to: string): Promise<{ date: string; hours: HourFigures[] }[] | undefined> {
    const machine = await this.machineInfo(machineId)
    if (!machine) return undefined
    return computeMachineHours(this.db, machine, from, to, this.context())
  }

  /**
   * Suggested ideal cycle times per program from the cycles measured over the dates: the
   * fastest typical cycle (domain/oee/partCounts.ts, learnIdealCycle), beside the one
   * configured. A suggestion for a person to confirm; never applied by itself.
   */
  async idealCycleSuggestions(machineId: string, from: string, to: string): Promise<IdealCycleAdvice[] | undefined> {
    const machine = await this.machineInfo(machineId)
    if (!machine) return undefined
    const calendar = this.current.calendar(machine.plant)
    const window = { start: localDayWindow(calendar, from).start, end: Math.min(localDayWindow(calendar, to).end, this.clock.now()) }
    const inputs = await loadMachineInputs(this.db, machine, window, this.context())
    const byProgram = new Map<string, number[]>()
    for (const c of cycleDurations(inputs.partCounts, inputs.spans, { maxStopMs: this.current.microstopMs })) {
      const key = c.program ?? ''
      const list = byProgram.get(key)
      if (list) list.push(c.seconds)
      else byProgram.set(key, [c.seconds])
    }
    return [...byProgram].sort(([a], [b]) => a.localeCompare(b)).map(([program, seconds]) => ({
      program: program === '' ? null : program,
      configured_s: inputs.idealCycleS(program === '' ? undefined : program) ?? null,
      suggestion: learnIdealCycle(seconds),
    }))
  }

  /** Long stops of a machine-day with their reasons, computed now (the reason-coding view). */
  async stops(machineId: string, date: string): Promise<LongStop[]> {
    return (await this.machineDay(machineId, date))?.stops ?? []
  }

  /** Stops across machines and days from the stored days; days not yet stored with their stops are computed first. */
  async stopList(q: StopQuery): Promise<Awaited<ReturnType<typeof loadStops>>> {
    await this.ensureDays(q, true)
    return loadStops(this.db, q)
  }

  async codeStop(c: { machineId: string; start: number; end: number; reason: string; note: string | null; codedBy: string | null }): Promise<number> {
    const id = await insertDowntimeCode(this.db, { ...c, codedAt: this.clock.now() })
    await this.markWindow(c.machineId, c.start, c.end)
    return id
  }

  async enterQuality(q: { machineId: string; ts: number; scrap: number; rework: number; program: string | null; note: string | null; enteredBy: string | null }): Promise<number> {
    const id = await insertQualityEntry(this.db, { ...q, enteredAt: this.clock.now() })
    await this.markWindow(q.machineId, q.ts, q.ts + 1)
    return id
  }

  async plantOf(machineId: string): Promise<string | null> {
    if (this.plants.has(machineId)) return this.plants.get(machineId) ?? null
    const row = await machinePlantAndModel(this.db, machineId)
    const plant = row?.plant ?? null
    if (row) this.plants.set(machineId, plant)
    return plant
  }

  /** The registry changed (a machine's plant): forget what was cached. */
  forgetMachine(machineId: string): void {
    this.plants.delete(machineId)
    this.marked.delete(machineId)
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
    await this.queue
  }

  private async markWindow(machineId: string, start: number, end: number): Promise<void> {
    const calendar = this.current.calendar(await this.plantOf(machineId))
    const first = addDays(localDateOf(start, calendar.timeZone), -1)
    const last = localDateOf(end, calendar.timeZone)
    for (let d = first; d <= last; d = addDays(d, 1)) {
      const plan = planForDay(calendar, machineId, d)
      if (plan.window.start < end && plan.window.end > start) await this.machineDay(machineId, d)
    }
  }

  private async refreshDirtyIn(q: { from: string; to: string; plant?: string; machineId?: string }): Promise<void> {
    await this.serialized(async () => {}) // samples already committed have marked their days
    const now = this.clock.now()
    for (const [key, d] of [...this.dirty]) {
      if (d.date < q.from || d.date > q.to || (q.machineId !== undefined && d.machineId !== q.machineId)) continue
      const age = now - (this.openComputedAt.get(key) ?? 0)
      if (age >= 0 && age < QUERY_FRESHNESS_MS) continue // (a clock set back makes every stored figure suspect)
      if (q.plant !== undefined && (await this.plantOf(d.machineId)) !== q.plant) continue
      this.dirty.delete(key)
      await this.machineDay(d.machineId, d.date)
    }
  }

  private async ensureDays(q: { from: string; to: string; plant?: string; machineId?: string }, withStops = false): Promise<void> {
    const machines = await machinesFirstSeen(this.db, q)
    const now = this.clock.now()
    // Open days (today) are kept fresh by the refresh loop; recomputed here only when stale.
    const done = await upToDateDays(this.db, q.from, q.to, now - this.options.openDayRefreshMs, withStops)
    for (const m of machines) {
      const calendar = this.current.calendar(m.plant)
      const today = localDateOf(now, calendar.timeZone)
      const firstSeen = localDateOf(new Date(m.first_seen).getTime(), calendar.timeZone)
      const last = q.to < today ? q.to : today
      for (let d = q.from > firstSeen ? q.from : firstSeen; d <= last; d = addDays(d, 1)) {
        if (!done.has(dayKey(m.id, d))) await this.machineDay(m.id, d)
      }
    }
  }

  private async computeAndStore(machineId: string, date: string): Promise<DayWithStops | undefined> {
    const machine = await this.machineInfo(machineId)
    if (!machine) return undefined
    const now = this.clock.now()
    const result = await computeMachineDay(this.db, machine, date, this.context(now))
    const stops = longStops(result.spans, result.codes, result.workingTime, this.current.microstopMs, (r) => this.current.isPlannedReason(r))
    await this.db.transaction(async (tx) => {
      await saveShiftFigures(tx, result.shifts.map((s) => ({
        machineId, plant: machine.plant, date, shift: s.shift.shift, window: { start: s.shift.start, end: s.shift.end }, figures: s.figures, complete: s.complete,
      })), now)
      await saveDayFigures(tx, { machineId, plant: machine.plant, date, figures: result.day, complete: result.complete, stops }, now)
    })
    const key = dayKey(machineId, date)
    if (result.complete) this.openComputedAt.delete(key)
    else this.openComputedAt.set(key, now)
    return { ...result, stops }
  }

  private async machineInfo(machineId: string): Promise<MachineInfo | undefined> {
    const row = await loadOeeMachine(this.db, machineId)
    if (!row) return undefined
    this.plants.set(row.id, row.plant)
    return { id: row.id, plant: row.plant, idealCycleS: row.ideal_cycle_s, lastTs: row.last_ts ? new Date(row.last_ts).getTime() : null, lastState: row.last_state }
  }

  private context(now = this.clock.now()): DayContext {
    return { setup: this.current, now, maxGapMs: this.options.maxGapMs }
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work)
    this.queue = result.then(() => undefined, () => undefined)
    return result
  }
}
