// OEE queries: the inputs of the calculation read from telemetry (state spans, part counts,
// program completions), what operators enter (stop reasons, scrap), and the computed figures.
import type { CodedStop, StateSpan } from '../domain/oee/oeeForWindow.js'
import type { OeeFigures } from '../domain/oee/oeeFigures.js'
import type { Interval } from '../domain/oee/intervals.js'
import type { LongStop } from '../domain/oee/longStops.js'
import { seedDaily } from '../domain/oee/seedDaily.js'
import type { ExecutionPoint, PartCountPoint } from '../domain/oee/partCounts.js'
import { seriesFromChanges, spansFromChanges } from '../domain/changePoints.js'
import type { Queryable } from './db.js'
import { loadChangePoints } from './telemetryChanges.js'

const ms = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(String(v)))
const iso = (t: number) => new Date(t).toISOString()

/**
 * What OEE reads of a machine's telemetry, from its change points (one indexed read of a few
 * hundred rows per machine-day, however dense the samples): state spans and program changes
 * over `reach`, part counts and Execution over `envelope` (inside it), each series after the
 * value in effect before its window. `lastTs` (the newest sample) ends the last span known.
 */
export async function loadTelemetryInputs(db: Queryable, machineId: string, reach: Interval, envelope: Interval, lastTs: number | null): Promise<{
  spans: StateSpan[]
  partCounts: PartCountPoint[]
  executions: ExecutionPoint[]
  programs: { ts: number; program: string }[]
}> {
  const { points, hasAfter } = await loadChangePoints(db, machineId, reach.start, reach.end)
  return {
    spans: spansFromChanges(points, reach, { hasAfter, lastTs }),
    partCounts: seriesFromChanges(points, envelope, 'partCount').map(({ value, ...p }) => ({ ...p, count: value })),
    executions: seriesFromChanges(points, envelope, 'execution').map(({ value, ...p }) => ({ ...p, execution: value })),
    programs: seriesFromChanges(points, reach, 'program').map((p) => ({ ts: p.ts, program: p.value })),
  }
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

/** A machine-day's shifts, in one statement. */
export async function saveShiftFigures(db: Queryable, rows: readonly StoredShiftFigures[], computedAt: number): Promise<void> {
  if (rows.length === 0) return
  const column = <T>(pick: (s: StoredShiftFigures, f: OeeFigures) => T) => rows.map((s) => pick(s, s.figures))
  await db.query(
    `INSERT INTO oee_shift (machine_id, date, shift, plant, start_ts, end_ts, availability, performance, performance_raw, quality, oee, basis, coverage, figures, complete, computed_at)
     SELECT *, $16::timestamptz FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::float8[], $8::float8[],
       $9::float8[], $10::float8[], $11::float8[], $12::text[], $13::float8[], $14::jsonb[], $15::bool[])
     ON CONFLICT (machine_id, date, shift) DO UPDATE SET plant = EXCLUDED.plant, start_ts = EXCLUDED.start_ts, end_ts = EXCLUDED.end_ts,
       availability = EXCLUDED.availability, performance = EXCLUDED.performance, performance_raw = EXCLUDED.performance_raw, quality = EXCLUDED.quality,
       oee = EXCLUDED.oee, basis = EXCLUDED.basis, coverage = EXCLUDED.coverage, figures = EXCLUDED.figures, complete = EXCLUDED.complete, computed_at = EXCLUDED.computed_at`,
    [column((s) => s.machineId), column((s) => s.date), column((s) => s.shift), column((s) => s.plant), column((s) => iso(s.window.start)), column((s) => iso(s.window.end)),
      column((_, f) => f.availability), column((_, f) => f.performance), column((_, f) => f.performance_raw), column((_, f) => f.quality), column((_, f) => f.oee),
      column((_, f) => f.basis), column((_, f) => f.coverage), column((_, f) => JSON.stringify(f)), column((s) => s.complete), new Date(computedAt)])
}

export interface StoredDayFigures {
  machineId: string
  plant: string | null
  date: string
  figures: OeeFigures
  complete: boolean
  /** The day's long stops, for the list across machines (oee_stops). */
  stops: readonly LongStop[]
}

/** A machine-day's figures and its stops; call in a transaction. */
export async function saveDayFigures(db: Queryable, d: StoredDayFigures, computedAt: number): Promise<void> {
  const f = d.figures
  const seed = seedDaily(f)
  await db.query(
    `INSERT INTO oee_daily (machine_id, date, plant, availability, performance, performance_raw, quality, oee, basis, coverage, planned_busy_s, run_s,
       total_parts, good_parts, figures, complete, computed_at, stops_stored, planned_time_min, operating_time_min, actual_parts, theoretical_parts)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16, $17, true, $18, $19, $20, $21)
     ON CONFLICT (machine_id, date) DO UPDATE SET plant = EXCLUDED.plant, availability = EXCLUDED.availability, performance = EXCLUDED.performance,
       performance_raw = EXCLUDED.performance_raw, quality = EXCLUDED.quality, oee = EXCLUDED.oee, basis = EXCLUDED.basis, coverage = EXCLUDED.coverage,
       planned_busy_s = EXCLUDED.planned_busy_s, run_s = EXCLUDED.run_s, total_parts = EXCLUDED.total_parts, good_parts = EXCLUDED.good_parts,
       figures = EXCLUDED.figures, complete = EXCLUDED.complete, computed_at = EXCLUDED.computed_at, stops_stored = EXCLUDED.stops_stored,
       planned_time_min = EXCLUDED.planned_time_min, operating_time_min = EXCLUDED.operating_time_min, actual_parts = EXCLUDED.actual_parts,
       theoretical_parts = EXCLUDED.theoretical_parts`,
    [d.machineId, d.date, d.plant, f.availability, f.performance, f.performance_raw, f.quality, f.oee, f.basis, f.coverage, f.planned_busy_s, f.run_s,
      f.total_parts, seed.good_parts, JSON.stringify(f), d.complete, new Date(computedAt), seed.planned_time_min, seed.operating_time_min, seed.actual_parts,
      seed.theoretical_parts])
  // The day's stops replaced in one statement: new and changed ones written, the others
  // deleted, unchanged rows left alone (an open day is recomputed every few minutes).
  const column = <T>(pick: (s: LongStop) => T) => d.stops.map(pick)
  await db.query(
    `WITH fresh AS (
       SELECT * FROM unnest($4::timestamptz[], $5::timestamptz[], $6::float8[], $7::text[], $8::bool[], $9::text[], $10::timestamptz[], $11::text[])
         AS f(start_ts, end_ts, seconds, reason, planned, coded_by, coded_at, note)
     ), gone AS (
       DELETE FROM oee_stops WHERE machine_id = $1 AND date = $2::date AND start_ts <> ALL ($4::timestamptz[])
     )
     INSERT INTO oee_stops (machine_id, date, plant, start_ts, end_ts, seconds, reason, planned, coded_by, coded_at, note)
     SELECT $1, $2::date, $3, * FROM fresh
     ON CONFLICT (machine_id, date, start_ts) DO UPDATE SET plant = EXCLUDED.plant, end_ts = EXCLUDED.end_ts, seconds = EXCLUDED.seconds, reason = EXCLUDED.reason,
       planned = EXCLUDED.planned, coded_by = EXCLUDED.coded_by, coded_at = EXCLUDED.coded_at, note = EXCLUDED.note
     WHERE (oee_stops.plant, oee_stops.end_ts, oee_stops.reason, oee_stops.coded_at, oee_stops.note)
           IS DISTINCT FROM (EXCLUDED.plant, EXCLUDED.end_ts, EXCLUDED.reason, EXCLUDED.coded_at, EXCLUDED.note)`,
    [d.machineId, d.date, d.plant, column((s) => iso(s.start)), column((s) => iso(s.end)), column((s) => s.seconds), column((s) => s.reason),
      column((s) => s.planned), column((s) => s.coded_by), column((s) => (s.coded_at === null ? null : iso(s.coded_at))), column((s) => s.note)])
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

/**
 * (machine, date) pairs computed for good, or recently enough (open days): the rest of a
 * range must be computed. `withStops`: only days whose stops are stored as well.
 */
export async function upToDateDays(db: Queryable, from: string, to: string, freshSince: number, withStops = false): Promise<Set<string>> {
  const r = await db.query<{ machine_id: string; date: string }>(
    `SELECT machine_id, to_char(date, 'YYYY-MM-DD') AS date FROM oee_daily
      WHERE date >= $1::date AND date <= $2::date AND (complete OR computed_at >= $3) AND (stops_stored OR NOT $4)`,
    [from, to, new Date(freshSince), withStops])
  return new Set(r.rows.map((x) => `${x.machine_id}\u0000${x.date}`))
}

export interface StoredStop extends LongStop {
  machineId: string
  plant: string | null
  /** The local date of the (first) machine-day the stop was listed in. */
  date: string
}

export interface StopQuery {
  from: string
  to: string
  plant?: string
  machineId?: string
  /** true: coded stops only; false: uncoded only. */
  coded?: boolean
  minSeconds?: number
  limit: number
}

/**
 * A stop over midnight is listed by both days it reaches into working time (on a 24 h
 * calendar, say), each cut where that day's reading ended: the overlapping rows of a
 * machine are merged into one stop (gaps and islands), the newest coding its reason.
 */
const MERGED_STOPS = `WITH chosen AS (
    SELECT * FROM oee_stops WHERE date >= $1::date AND date <= $2::date AND ($3::text IS NULL OR plant = $3) AND ($4::text IS NULL OR machine_id = $4)
  ), flagged AS (
    SELECT *, CASE WHEN start_ts < max(end_ts) OVER (PARTITION BY machine_id ORDER BY start_ts, date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS opens
      FROM chosen
  ), islands AS (
    SELECT *, sum(opens) OVER (PARTITION BY machine_id ORDER BY start_ts, date ROWS UNBOUNDED PRECEDING) AS island FROM flagged
  ), merged AS (
    SELECT machine_id, min(plant) AS plant, to_char(min(date), 'YYYY-MM-DD') AS day, min(start_ts) AS start_ts, max(end_ts) AS end_ts,
           extract(epoch FROM max(end_ts) - min(start_ts))::float8 AS seconds,
           (array_agg(reason ORDER BY coded_at DESC NULLS LAST))[1] AS reason, (array_agg(planned ORDER BY coded_at DESC NULLS LAST))[1] AS planned,
           (array_agg(coded_by ORDER BY coded_at DESC NULLS LAST))[1] AS coded_by, max(coded_at) AS coded_at,
           (array_agg(note ORDER BY coded_at DESC NULLS LAST))[1] AS note
      FROM islands GROUP BY machine_id, island
  )`

/**
 * Stored stops in a date range, newest first, with the count of all that match and the
 * count and seconds of the uncoded among them.
 */
export async function loadStops(db: Queryable, q: StopQuery): Promise<{ stops: StoredStop[]; matching: number; uncoded: { count: number; seconds: number } }> {
  const params = [q.from, q.to, q.plant ?? null, q.machineId ?? null, q.minSeconds ?? 0]
  const coded = q.coded === undefined ? 'true' : q.coded ? 'reason IS NOT NULL' : 'reason IS NULL'
  const rows = await db.query<Record<string, unknown>>(
    `${MERGED_STOPS} SELECT * FROM merged WHERE seconds >= $5 AND ${coded} ORDER BY start_ts DESC, machine_id LIMIT $6`, [...params, Math.trunc(q.limit)])
  const totals = await db.query<{ matching: number; uncoded: number; uncoded_s: number | null }>(
    `${MERGED_STOPS} SELECT count(*) FILTER (WHERE ${coded})::int AS matching, count(*) FILTER (WHERE reason IS NULL)::int AS uncoded,
            sum(seconds) FILTER (WHERE reason IS NULL)::float8 AS uncoded_s FROM merged WHERE seconds >= $5`, params)
  const t = totals.rows[0]
  return {
    stops: rows.rows.map((x) => ({
      machineId: String(x.machine_id), plant: (x.plant as string | null) ?? null, date: String(x.day),
      start: ms(x.start_ts), end: ms(x.end_ts), seconds: Number(x.seconds),
      reason: (x.reason as string | null) ?? null, planned: (x.planned as boolean | null) ?? null,
      coded_by: (x.coded_by as string | null) ?? null, coded_at: x.coded_at === null ? null : ms(x.coded_at), note: (x.note as string | null) ?? null,
    })),
    matching: t?.matching ?? 0,
    uncoded: { count: t?.uncoded ?? 0, seconds: t?.uncoded_s ?? 0 },
  }
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

/** Forget every computed figure (oee.yaml changed): they are computed again on demand. */
export async function invalidateAllFigures(db: Queryable): Promise<void> {
  await db.query('UPDATE oee_daily SET complete = false')
  await db.query('UPDATE oee_shift SET complete = false')
}

/** What the OEE engine needs of a machine's registry row and its latest sample. */
export interface OeeMachineRow {
  id: string
  plant: string | null
  ideal_cycle_s: number | null
  last_ts: Date | null
  last_state: string | null
}

export async function loadOeeMachine(db: Queryable, machineId: string): Promise<OeeMachineRow | undefined> {
  return (await db.query<OeeMachineRow>('SELECT id, plant, ideal_cycle_s, last_ts, last_state FROM machines WHERE id = $1', [machineId])).rows[0]
}

/**
 * The machines of a range's scope with the first instant they have data for (registered, or
 * the oldest sample from the day before `from` on): days before it have nothing to compute.
 */
export async function machinesFirstSeen(db: Queryable, q: { from: string; plant?: string; machineId?: string }): Promise<{ id: string; plant: string | null; first_seen: Date }[]> {
  return (await db.query<{ id: string; plant: string | null; first_seen: Date }>(
    `SELECT m.id, m.plant, least(m.first_seen_at, (SELECT min(ts) FROM telemetry t WHERE t.machine_id = m.id AND t.ts >= $3::date - 1)) AS first_seen
       FROM machines m WHERE ($1::text IS NULL OR m.plant = $1) AND ($2::text IS NULL OR m.id = $2) ORDER BY m.id`,
    [q.plant ?? null, q.machineId ?? null, q.from])).rows
}
