// OEE queries: the inputs of the calculation read from telemetry (state spans, part counts,
// program completions), what operators enter (stop reasons, scrap), and the computed figures.
import type { CodedStop, StateSpan } from '../domain/oee/oeeForWindow.js'
import type { OeeFigures } from '../domain/oee/oeeFigures.js'
import type { Interval } from '../domain/oee/intervals.js'
import type { ExecutionPoint, PartCountPoint } from '../domain/oee/partCounts.js'
import type { MachineState } from '../domain/sample.js'
import type { Queryable } from './db.js'

const ms = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(String(v)))

/**
 * State spans of a machine overlapping a window. Each stored sample carries the span that
 * ended with it (held_state for held_s seconds, see domain/heldState.ts); consecutive spans
 * in the same state are merged in the database (gaps and islands), so that a day of 1 Hz
 * samples comes back as the few hundred state changes it holds. `maxGapMs` bounds the
 * search past the window's end for the sample that closes a span crossing it.
 */
export async function loadStateSpans(db: Queryable, machineId: string, window: Interval, maxGapMs: number): Promise<StateSpan[]> {
  const r = await db.query<{ state: MachineState; start_ms: number; end_ms: number }>(
    `WITH s AS (
       SELECT ts, held_state, held_s,
              CASE WHEN held_state IS DISTINCT FROM lag(held_state) OVER w OR lag(held_s) OVER w IS NULL THEN 1 ELSE 0 END AS brk
         FROM telemetry
        WHERE machine_id = $1 AND ts > $2 AND ts <= $3
       WINDOW w AS (ORDER BY ts)
     ), g AS (
       SELECT held_state, held_s, ts, sum(brk) OVER (ORDER BY ts) AS island FROM s
     )
     SELECT held_state AS state,
            min(extract(epoch FROM ts) * 1000 - held_s * 1000)::float8 AS start_ms,
            max(extract(epoch FROM ts) * 1000)::float8 AS end_ms
       FROM g WHERE held_s IS NOT NULL AND held_state IS NOT NULL
      GROUP BY island, held_state ORDER BY start_ms`,
    [machineId, new Date(window.start), new Date(window.end + maxGapMs)])
  return r.rows
    .map((x) => ({ state: x.state, start: Math.max(window.start, Math.round(x.start_ms)), end: Math.min(window.end, Math.round(x.end_ms)) }))
    .filter((x) => x.end > x.start)
}

/**
 * The values of one column where they changed in the window, after the last value before it
 * (the baseline), with the program of each point. `column` is one of ours, never user input.
 */
async function loadChanges(db: Queryable, machineId: string, window: Interval, column: 'part_count' | 'execution'): Promise<{ ts: number; value: unknown; program?: string }[]> {
  const r = await db.query<{ ts: Date; value: unknown; program: string | null }>(
    `(SELECT ts, ${column} AS value, program FROM telemetry
       WHERE machine_id = $1 AND ts < $2 AND ${column} IS NOT NULL ORDER BY ts DESC LIMIT 1)
     UNION ALL
     (SELECT ts, value, program FROM (
        SELECT ts, ${column} AS value, program, lag(${column}) OVER (ORDER BY ts) AS previous
          FROM telemetry WHERE machine_id = $1 AND ts >= $2 AND ts < $3 AND ${column} IS NOT NULL) c
       WHERE previous IS DISTINCT FROM value)
     ORDER BY ts`,
    [machineId, new Date(window.start), new Date(window.end)])
  return r.rows.map((x) => ({ ts: ms(x.ts), value: x.value, ...(x.program ? { program: x.program } : {}) }))
}

export async function loadPartCounts(db: Queryable, machineId: string, window: Interval): Promise<PartCountPoint[]> {
  return (await loadChanges(db, machineId, window, 'part_count')).map(({ value, ...p }) => ({ ...p, count: Number(value) }))
}

export async function loadExecutions(db: Queryable, machineId: string, window: Interval): Promise<ExecutionPoint[]> {
  return (await loadChanges(db, machineId, window, 'execution')).map(({ value, ...p }) => ({ ...p, execution: String(value) }))
}

/** Programs active in the window, by time: the program of each running span is looked up here. */
export async function loadProgramChanges(db: Queryable, machineId: string, window: Interval): Promise<{ ts: number; program: string }[]> {
  const r = await db.query<{ ts: Date; program: string }>(
    `SELECT ts, program FROM (
       SELECT ts, program, lag(program) OVER (ORDER BY ts) AS previous
         FROM telemetry WHERE machine_id = $1 AND ts >= $2 AND ts < $3 AND program IS NOT NULL) c
      WHERE previous IS DISTINCT FROM program ORDER BY ts`,
    [machineId, new Date(window.start), new Date(window.end)])
  return r.rows.map((x) => ({ ts: ms(x.ts), program: x.program }))
}

export interface DowntimeCode extends Interval {
  id: number
  machineId: string
  reason: string
  note: string | null
  codedBy: string | null
  codedAt: number
}

export async function insertDowntimeCode(db: Queryable, c: Omit<DowntimeCode, 'id'>): Promise<number> {
  const r = await db.query<{ id: string | number }>(
    'INSERT INTO downtime_codes (machine_id, start_ts, end_ts, reason, note, coded_by, coded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
    [c.machineId, new Date(c.start), new Date(c.end), c.reason, c.note, c.codedBy, new Date(c.codedAt)])
  return Number(r.rows[0]?.id)
}

/** Codes overlapping a window; the newest code wins where an operator corrected an earlier one. */
export async function loadDowntimeCodes(db: Queryable, machineId: string, window: Interval): Promise<DowntimeCode[]> {
  const r = await db.query<Record<string, unknown>>(
    'SELECT * FROM downtime_codes WHERE machine_id = $1 AND start_ts < $3 AND end_ts > $2 ORDER BY coded_at, id',
    [machineId, new Date(window.start), new Date(window.end)])
  return r.rows.map((x) => ({
    id: Number(x.id), machineId: String(x.machine_id), start: ms(x.start_ts), end: ms(x.end_ts), reason: String(x.reason),
    note: (x.note as string | null) ?? null, codedBy: (x.coded_by as string | null) ?? null, codedAt: ms(x.coded_at),
  }))
}

/** The coded stops the engine takes: each reason with whether it is planned. */
export function codedStops(codes: readonly DowntimeCode[], planned: (reason: string) => boolean): CodedStop[] {
  return codes.map((c) => ({ start: c.start, end: c.end, reason: c.reason, planned: planned(c.reason) }))
}

export interface QualityEntry {
  id: number
  machineId: string
  ts: number
  scrap: number
  rework: number
  program: string | null
  note: string | null
  enteredBy: string | null
  enteredAt: number
}

export async function insertQualityEntry(db: Queryable, q: Omit<QualityEntry, 'id'>): Promise<number> {
  const r = await db.query<{ id: string | number }>(
    'INSERT INTO quality_entries (machine_id, ts, scrap, rework, program, note, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id',
    [q.machineId, new Date(q.ts), q.scrap, q.rework, q.program, q.note, q.enteredBy, new Date(q.enteredAt)])
  return Number(r.rows[0]?.id)
}

export async function loadQualityEntries(db: Queryable, machineId: string, window: Interval): Promise<QualityEntry[]> {
  const r = await db.query<Record<string, unknown>>(
    'SELECT * FROM quality_entries WHERE machine_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, id',
    [machineId, new Date(window.start), new Date(window.end)])
  return r.rows.map((x) => ({
    id: Number(x.id), machineId: String(x.machine_id), ts: ms(x.ts), scrap: Number(x.scrap), rework: Number(x.rework),
    program: (x.program as string | null) ?? null, note: (x.note as string | null) ?? null, enteredBy: (x.entered_by as string | null) ?? null, enteredAt: ms(x.entered_at),
  }))
}

export interface StoredShiftFigures {
  machineId: string
  plant: string | null
  date: string
  shift: string
  window: Interval
  figures: OeeFigures
  complete: boolean
}

export async function saveShiftFigures(db: Queryable, rows: readonly StoredShiftFigures[], computedAt: number): Promise<void> {
  for (const s of rows) {
    const f = s.figures
    await db.query(
      `INSERT INTO oee_shift (machine_id, date, shift, plant, start_ts, end_ts, availability, performance, performance_raw, quality, oee, basis, coverage, figures, complete, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16)
       ON CONFLICT (machine_id, date, shift) DO UPDATE SET plant = EXCLUDED.plant, start_ts = EXCLUDED.start_ts, end_ts = EXCLUDED.end_ts,
         availability = EXCLUDED.availability, performance = EXCLUDED.performance, performance_raw = EXCLUDED.performance_raw, quality = EXCLUDED.quality,
         oee = EXCLUDED.oee, basis = EXCLUDED.basis, coverage = EXCLUDED.coverage, figures = EXCLUDED.figures, complete = EXCLUDED.complete, computed_at = EXCLUDED.computed_at`,
      [s.machineId, s.date, s.shift, s.plant, new Date(s.window.start), new Date(s.window.end), f.availability, f.performance, f.performance_raw, f.quality, f.oee, f.basis, f.coverage,
        JSON.stringify(f), s.complete, new Date(computedAt)])
  }
}

export interface StoredDayFigures {
  machineId: string
  plant: string | null
  date: string
  figures: OeeFigures
  complete: boolean
}

export async function saveDayFigures(db: Queryable, d: StoredDayFigures, computedAt: number): Promise<void> {
  const f = d.figures
  await db.query(
    `INSERT INTO oee_daily (machine_id, date, plant, availability, performance, performance_raw, quality, oee, basis, coverage, planned_busy_s, run_s, total_parts, good_parts, figures, complete, computed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16, $17)
     ON CONFLICT (machine_id, date) DO UPDATE SET plant = EXCLUDED.plant, availability = EXCLUDED.availability, performance = EXCLUDED.performance,
       performance_raw = EXCLUDED.performance_raw, quality = EXCLUDED.quality, oee = EXCLUDED.oee, basis = EXCLUDED.basis, coverage = EXCLUDED.coverage,
       planned_busy_s = EXCLUDED.planned_busy_s, run_s = EXCLUDED.run_s, total_parts = EXCLUDED.total_parts, good_parts = EXCLUDED.good_parts,
       figures = EXCLUDED.figures, complete = EXCLUDED.complete, computed_at = EXCLUDED.computed_at`,
    [d.machineId, d.date, d.plant, f.availability, f.performance, f.performance_raw, f.quality, f.oee, f.basis, f.coverage, f.planned_busy_s, f.run_s,
      f.total_parts, f.good_parts, JSON.stringify(f), d.complete, new Date(computedAt)])
}

export interface DayRow {
  machineId: string
  plant: string | null
  date: string
  figures: OeeFigures
  complete: boolean
}

/** Stored day figures in a date range, optionally for one plant or machine. */
export async function loadDayFigures(db: Queryable, q: { from: string; to: string; plant?: string; machineId?: string }): Promise<DayRow[]> {
  const r = await db.query<{ machine_id: string; plant: string | null; date: string; figures: OeeFigures; complete: boolean }>(
    `SELECT machine_id, plant, to_char(date, 'YYYY-MM-DD') AS date, figures, complete FROM oee_daily
      WHERE date >= $1::date AND date <= $2::date AND ($3::text IS NULL OR plant = $3) AND ($4::text IS NULL OR machine_id = $4)
      ORDER BY date, machine_id`,
    [q.from, q.to, q.plant ?? null, q.machineId ?? null])
  return r.rows.map((x) => ({ machineId: x.machine_id, plant: x.plant, date: x.date, figures: x.figures, complete: x.complete }))
}

export interface ShiftRow extends DayRow {
  shift: string
  window: Interval
}

export async function loadShiftFigures(db: Queryable, q: { from: string; to: string; plant?: string; machineId?: string; shift?: string }): Promise<ShiftRow[]> {
  const r = await db.query<{ machine_id: string; plant: string | null; date: string; shift: string; start_ts: Date; end_ts: Date; figures: OeeFigures; complete: boolean }>(
    `SELECT machine_id, plant, to_char(date, 'YYYY-MM-DD') AS date, shift, start_ts, end_ts, figures, complete FROM oee_shift
      WHERE date >= $1::date AND date <= $2::date AND ($3::text IS NULL OR plant = $3) AND ($4::text IS NULL OR machine_id = $4) AND ($5::text IS NULL OR shift = $5)
      ORDER BY date, start_ts, machine_id`,
    [q.from, q.to, q.plant ?? null, q.machineId ?? null, q.shift ?? null])
  return r.rows.map((x) => ({
    machineId: x.machine_id, plant: x.plant, date: x.date, shift: x.shift, window: { start: ms(x.start_ts), end: ms(x.end_ts) }, figures: x.figures, complete: x.complete,
  }))
}

/** (machine, date) pairs computed for good, or recently enough (open days): the rest of a range must be computed. */
export async function upToDateDays(db: Queryable, from: string, to: string, freshSince: number): Promise<Set<string>> {
  const r = await db.query<{ machine_id: string; date: string }>(
    `SELECT machine_id, to_char(date, 'YYYY-MM-DD') AS date FROM oee_daily WHERE date >= $1::date AND date <= $2::date AND (complete OR computed_at >= $3)`,
    [from, to, new Date(freshSince)])
  return new Set(r.rows.map((x) => `${x.machine_id}\u0000${x.date}`))
}

/** Plant calendars edited through the API (JSON in the oee.yaml shape of one plant). */
export async function loadPlantCalendars(db: Queryable): Promise<{ plant: string; calendar: unknown; updatedAt: number }[]> {
  const r = await db.query<{ plant: string; calendar: unknown; updated_at: Date }>('SELECT plant, calendar, updated_at FROM plant_calendars ORDER BY plant')
  return r.rows.map((x) => ({ plant: x.plant, calendar: x.calendar, updatedAt: ms(x.updated_at) }))
}

export async function savePlantCalendar(db: Queryable, plant: string, calendar: unknown, at: number): Promise<void> {
  await db.query(
    `INSERT INTO plant_calendars (plant, calendar, updated_at) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (plant) DO UPDATE SET calendar = EXCLUDED.calendar, updated_at = EXCLUDED.updated_at`,
    [plant, JSON.stringify(calendar), new Date(at)])
}

/** Forget computed figures of a plant (its calendar changed): they are computed again on demand. */
export async function invalidatePlantFigures(db: Queryable, plant: string): Promise<void> {
  await db.query('UPDATE oee_daily SET complete = false WHERE plant = $1', [plant])
  await db.query('UPDATE oee_shift SET complete = false WHERE plant = $1', [plant])
}
