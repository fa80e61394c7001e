import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import type { GroupBy, OeeService } from '../analytics/oee/oeeService.js'
import type { ShiftFigures } from '../analytics/oee/machineDay.js'
import { ConfigError } from '../config/machinesConfig.js'
import type { Clock } from '../domain/clock.js'
import { type ErrorDetail, errors } from '../domain/errors.js'
import type { LongStop } from '../domain/oee/longStops.js'
import { addDays, localDateOf } from '../domain/oee/calendar.js'
import type { Queryable } from '../store/db.js'
import { getMachine } from '../store/machines.js'
import { type OeeReportInput, oeeCsv, oeePdf } from '../analytics/oeeReport/index.js'
import { rollUp } from '../domain/oee/oeeFigures.js'
import { seedDaily } from '../domain/oee/seedDaily.js'
import { jsonObjectBody } from './jsonBody.js'
import { zonedInstant as instant } from './zonedInstant.js'
import { MachineId, MachineIdParams } from './routeSchemas.js'
import { LOCAL_DATE_RULE, isLocalDate } from '../domain/localDate.js'

const MAX_RANGE_DAYS = 400
const PlantParams = Type.Object({ plant: Type.String({ minLength: 1, maxLength: 128 }) })
const DayQuery = Type.Object({
  date: Type.Optional(Type.String({ description: 'local date of the plant, YYYY-MM-DD (default: today there)' })),
  shift: Type.Optional(Type.String({ description: 'one shift of that date (default: the whole day)' })),
})
const PeriodQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'first local date, YYYY-MM-DD (default: 29 days before `to`)' })),
  to: Type.Optional(Type.String({ description: 'last local date, YYYY-MM-DD (default: today)' })),
})
const RangeQuery = Type.Object({
  ...PeriodQuery.properties,
  plant: Type.Optional(Type.String()),
  machine_id: Type.Optional(MachineId()),
  group_by: Type.Optional(Type.Union([Type.Literal('machine'), Type.Literal('plant'), Type.Literal('shift'), Type.Literal('day')], { default: 'machine' })),
})
export type RangeQueryString = Static<typeof RangeQuery>
const StopQuery = Type.Object({
  ...PeriodQuery.properties,
  plant: Type.Optional(Type.String()),
  machine_id: Type.Optional(MachineId()),
  coded: Type.Optional(Type.Boolean({ description: 'false: uncoded stops only; true: coded only (default: both)' })),
  min_seconds: Type.Optional(Type.Number({ minimum: 0, description: 'shortest stop listed (default: the microstop threshold)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
})
const MAX_STOP_DAYS = 92
const MAX_HOUR_DAYS = 62

const notADate = (field: string, v: string): ErrorDetail => ({ field, reason: `must be ${LOCAL_DATE_RULE}; got "${v.slice(0, 40)}"` })

const stopJson = (s: LongStop) => ({
  start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), seconds: s.seconds, reason: s.reason, planned: s.planned,
  coded_by: s.coded_by, coded_at: s.coded_at === null ? null : new Date(s.coded_at).toISOString(), note: s.note,
})

/** A period's dates from the query: checked, defaulted, bounded. */
export function dateRange(q: { from?: string; to?: string }, today: string, maxDays = MAX_RANGE_DAYS): { from: string; to: string } {
  const problems: ErrorDetail[] = []
  for (const field of ['from', 'to'] as const) {
    const v = q[field]
    if (v !== undefined && !isLocalDate(v)) problems.push(notADate(field, v))
  }
  if (problems.length > 0) throw errors.badQuery(problems)
  const to = q.to ?? today
  const from = q.from ?? addDays(to, -29)
  if (from > to) throw errors.badQuery([{ field: 'from', reason: `must not be after to (${to})` }])
  if (addDays(from, maxDays - 1) < to) throw errors.badQuery([{ field: 'from', reason: `the period may span at most ${maxDays} days; ask for several` }])
  return { from, to }
}

export function oeeRoutes(app: FastifyInstance, db: Queryable, clock: Clock, oee: OeeService): void {
  const today = (plant: string | null | undefined) => localDateOf(clock.now(), oee.setup.calendar(plant).timeZone)
  const machineOr404 = async (id: string) => {
    const m = await getMachine(db, id)
    if (!m) throw errors.unknownMachine(id)
    return m
  }

  app.get<{ Params: Static<typeof MachineIdParams>; Querystring: Static<typeof DayQuery> }>('/v1/machines/:id/oee', {
    schema: { summary: 'OEE of a machine for a day or one shift: A, P, Q, OEE, coverage, every time bucket and flag', tags: ['oee'], params: MachineIdParams, querystring: DayQuery },
  }, async (request) => {
    const m = await machineOr404(request.params.id)
    const date = request.query.date ?? today(m.plant)
    if (!isLocalDate(date)) throw errors.badQuery([notADate('date', date)])
    const day = await oee.machineDay(m.id, date)
    if (!day) throw errors.unknownMachine(m.id)
    const calendar = oee.setup.calendar(m.plant)
    const shifts = day.shifts.map((s) => ({ shift: s.shift.shift, start: new Date(s.shift.start).toISOString(), end: new Date(s.shift.end).toISOString(), complete: s.complete, figures: s.figures }))
    const head = {
      machine_id: m.id, plant: m.plant, date,
      calendar: { plant: calendar.plant, time_zone: calendar.timeZone, source: calendar.alwaysOn ? 'default (no calendar for this plant: 24 h a day, UTC)' : oee.setup.calendarSource(calendar.plant) },
    }
    const wanted = request.query.shift
    if (wanted !== undefined) {
      const s = shifts.find((x) => x.shift === wanted)
      if (!s) throw errors.unknownShift(wanted, date, m.id, shifts.map((x) => x.shift))
      return { ...head, shift: s.shift, start: s.start, end: s.end, ...seedDaily(s.figures), complete: s.complete, figures: s.figures }
    }
    // The seed's oee_daily fields first (ROADMAP.md G8), then the detail they come from.
    return { ...head, ...seedDaily(day.day), complete: day.complete, figures: day.day, shifts }
  })

  app.get<{ Querystring: RangeQueryString }>('/v1/oee', {
    schema: { summary: 'OEE over a period grouped by machine, plant, shift or day; roll-ups sum times and counts, never average percentages', tags: ['oee'], querystring: RangeQuery },
  }, async (request) => {
    const q = request.query
    const { from, to } = dateRange(q, today(q.plant))
    const groupBy = (q.group_by ?? 'machine') as GroupBy
    const result = await oee.query({ from, to, plant: q.plant, machineId: q.machine_id, groupBy })
    return { from, to, group_by: groupBy, plant: q.plant ?? null, machine_id: q.machine_id ?? null, total: result.total, groups: result.groups }
  })

  app.get<{ Querystring: RangeQueryString }>('/v1/oee/pareto', {
    schema: { summary: 'Unplanned downtime by reason over a period, largest first, with the cumulative share', tags: ['oee'], querystring: RangeQuery },
  }, async (request) => {
    const q = request.query
    const { from, to } = dateRange(q, today(q.plant))
    const { total } = await oee.query({ from, to, plant: q.plant, machineId: q.machine_id, groupBy: 'day' })
    return { from, to, ...pareto(total.unplanned_loss_by_reason_s, oee.setup.reasons), planned: total.planned_stop_by_reason_s }
  })

  app.get<{ Params: Static<typeof MachineIdParams>; Querystring: Static<typeof PeriodQuery> }>('/v1/machines/:id/oee/hours', {
    schema: {
      summary: 'OEE of a machine hour by hour over local dates (the hour × day heatmap), from the same engine as days and shifts',
      description: `Each date lists its local hours (23 or 25 on a DST change day; \`hour\` is the local clock hour the window starts at). Hours outside the shifts have planned_busy_s 0 and null factors. At most ${MAX_HOUR_DAYS} days.`,
      tags: ['oee'], params: MachineIdParams, querystring: PeriodQuery,
    },
  }, async (request) => {
    const m = await machineOr404(request.params.id)
    const { from, to } = dateRange(request.query, today(m.plant), MAX_HOUR_DAYS)
    const days = (await oee.machineHours(m.id, from, to)) ?? []
    return {
      machine_id: m.id, plant: m.plant, time_zone: oee.setup.calendar(m.plant).timeZone, from, to,
      days: days.map((d) => ({
        date: d.date,
        hours: d.hours.map((h) => ({
          hour: h.hour, start: new Date(h.start).toISOString(), end: new Date(h.end).toISOString(),
          oee: h.figures.oee, availability: h.figures.availability, performance: h.figures.performance, quality: h.figures.quality,
          coverage: h.figures.coverage, basis: h.figures.basis, planned_busy_s: h.figures.planned_busy_s, run_s: h.figures.run_s, total_parts: h.figures.total_parts,
        })),
      })),
    }
  })

  app.get<{ Querystring: RangeQueryString }>('/v1/oee/grid', {
    schema: { summary: 'OEE per machine per day over a period (the machine × day heatmap): the stored day figures, the factors only', tags: ['oee'], querystring: RangeQuery },
  }, async (request) => {
    const q = request.query
    const { from, to } = dateRange(q, today(q.plant))
    const { days } = await oee.query({ from, to, plant: q.plant, machineId: q.machine_id, groupBy: 'machine' })
    const machines = new Map<string, { machine_id: string; plant: string | null; days: Record<string, unknown> }>()
    for (const d of days) {
      const row = machines.get(d.machineId) ?? { machine_id: d.machineId, plant: d.plant, days: {} }
      const f = d.figures
      row.days[d.date] = { oee: f.oee, availability: f.availability, performance: f.performance, quality: f.quality, coverage: f.coverage, basis: f.basis, planned_busy_s: f.planned_busy_s }
      machines.set(d.machineId, row)
    }
    const dates: string[] = []
    for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d)
    return { from, to, dates, machines: [...machines.values()].sort((a, b) => a.machine_id.localeCompare(b.machine_id)) }
  })

  app.get<{ Params: Static<typeof MachineIdParams>; Querystring: Static<typeof PeriodQuery> }>('/v1/machines/:id/ideal-cycles', {
    schema: {
      summary: 'Suggested ideal cycle time per program, learned from the fastest typical measured cycles, beside the configured one',
      description: 'Cycles are the times between part-counter increments while running, without a stop longer than the microstop threshold. The suggestion is the 10th percentile of the plausible cycles (at least 20); it is never applied by itself: set it in oee.yaml (ideal_cycles).',
      tags: ['oee'], params: MachineIdParams, querystring: PeriodQuery,
    },
  }, async (request) => {
    const m = await machineOr404(request.params.id)
    const { from, to } = dateRange(request.query, today(m.plant), MAX_HOUR_DAYS)
    const programs = (await oee.idealCycleSuggestions(m.id, from, to)) ?? []
    return { machine_id: m.id, from, to, programs }
  })

  const report = async (q: RangeQueryString): Promise<OeeReportInput> => {
    const { from, to } = dateRange(q, today(q.plant))
    const groupBy = (q.group_by ?? 'machine') as GroupBy
    const result = await oee.query({ from, to, plant: q.plant, machineId: q.machine_id, groupBy })
    const calendar = oee.setup.calendar(q.plant)
    const byDate = new Map<string, OeeReportInput['total'][]>()
    for (const d of result.days) byDate.set(d.date, [...(byDate.get(d.date) ?? []), d.figures])
    const trend = []
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const figures = byDate.get(d)
      if (figures) trend.push({ date: d, figures: rollUp(figures) })
    }
    return {
      title: 'OEE report', scope: q.machine_id ?? q.plant ?? 'All plants', locale: calendar.locale, timeZone: calendar.timeZone, from, to,
      generatedAt: clock.now(), groupBy, total: result.total, trend,
      rows: result.groups.map((g) => ({ key: g.key, label: g.key, figures: g.figures })),
      pareto: pareto(result.total.unplanned_loss_by_reason_s, oee.setup.reasons).reasons.map((r) => ({ reason: r.reason, label: r.label, seconds: r.seconds })),
    }
  }
  const fileName = (q: RangeQueryString, ext: string) => `oee-${(q.machine_id ?? q.plant ?? 'fleet').replace(/[^A-Za-z0-9._-]+/g, '_')}.${ext}`

  app.get<{ Querystring: RangeQueryString }>('/v1/reports/oee.csv', {
    schema: { summary: 'The OEE of a period as CSV (one line per group and a TOTAL line; machine-readable numbers)', tags: ['oee'], querystring: RangeQuery },
  }, async (request, reply) => {
    const input = await report(request.query)
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName(request.query, 'csv')}"`).send(oeeCsv(input))
  })

  app.get<{ Querystring: RangeQueryString }>('/v1/reports/oee.pdf', {
    schema: { summary: "The OEE of a period as a PDF: cards, daily trend, downtime Pareto, table; dates and numbers in the plant's locale", tags: ['oee'], querystring: RangeQuery },
  }, async (request, reply) => {
    const input = await report(request.query)
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${fileName(request.query, 'pdf')}"`).send(await oeePdf(input))
  })

  app.get('/v1/oee/reasons', { schema: { summary: 'The downtime reasons operators code stops with; planned ones leave planned busy time', tags: ['oee'] } },
    async () => ({ reasons: oee.setup.reasons, microstop_seconds: oee.setup.microstopMs / 1000 }))

  app.get<{ Params: Static<typeof MachineIdParams>; Querystring: Static<typeof DayQuery> }>('/v1/machines/:id/stops', {
    schema: { summary: 'Stops of a day long enough to count as availability loss, with their reasons (uncoded: null)', tags: ['oee'], params: MachineIdParams, querystring: DayQuery },
  }, async (request) => {
    const m = await machineOr404(request.params.id)
    const date = request.query.date ?? today(m.plant)
    if (!isLocalDate(date)) throw errors.badQuery([notADate('date', date)])
    const stops = await oee.stops(m.id, date)
    return { machine_id: m.id, date, stops: stops.map(stopJson) }
  })

  app.get<{ Querystring: Static<typeof StopQuery> }>('/v1/stops', {
    schema: {
      summary: 'Stops across machines and days, newest first, with their reasons: coded=false lists what is still to be coded',
      description: `Stops at least as long as the microstop threshold that reach into working time (shifts less breaks and scheduled downtime) on the local days of the period (at most ${MAX_STOP_DAYS} days; default the last 30). A stop over midnight is listed once. \`matching\` counts all that match beyond \`limit\`; \`uncoded\` sums the uncoded among them whatever \`coded\` asks.`,
      tags: ['oee'], querystring: StopQuery,
    },
  }, async (request) => {
    const q = request.query
    const { from, to } = dateRange(q, today(q.plant), MAX_STOP_DAYS)
    const list = await oee.stopList({ from, to, plant: q.plant, machineId: q.machine_id, coded: q.coded, minSeconds: q.min_seconds, limit: q.limit ?? 200 })
    return {
      from, to, plant: q.plant ?? null, machine_id: q.machine_id ?? null, matching: list.matching, uncoded: list.uncoded,
      stops: list.stops.map((s) => ({ machine_id: s.machineId, plant: s.plant, date: s.date, ...stopJson(s) })),
    }
  })

  app.post<{ Params: Static<typeof MachineIdParams> }>('/v1/machines/:id/downtime', {
    schema: { summary: 'Code a stop with a reason (during or after it; it applies to the whole stop it overlaps)', tags: ['oee'], params: MachineIdParams },
  }, async (request, reply) => {
    const m = await machineOr404(request.params.id)
    const body = jsonObjectBody(request.body)
    const problems: ErrorDetail[] = []
    const start = instant(body.start, 'start', problems)
    const end = instant(body.end, 'end', problems)
    if (start !== undefined && end !== undefined && end <= start) problems.push({ field: 'end', reason: 'must be after start' })
    const codes = oee.setup.reasons.map((r) => r.code)
    if (typeof body.reason !== 'string' || !codes.includes(body.reason)) problems.push({ field: 'reason', reason: `must be one of ${codes.join(', ')} (GET /v1/oee/reasons)` })
    const note = optionalText(body.note, 'note', problems)
    const by = optionalText(body.by, 'by', problems)
    if (problems.length > 0 || start === undefined || end === undefined) throw errors.invalidRequest(problems)
    const id = await oee.codeStop({ machineId: m.id, start, end, reason: body.reason as string, note, codedBy: by })
    return reply.code(201).send({ id, machine_id: m.id, start: new Date(start).toISOString(), end: new Date(end).toISOString(), reason: body.reason })
  })

  app.post<{ Params: Static<typeof MachineIdParams> }>('/v1/machines/:id/quality', {
    schema: {
      summary: 'Enter scrap and rework for a shift (late entries recompute the closed shift and its roll-ups)',
      description: 'Body: {"date": "YYYY-MM-DD", "shift": "early", "scrap": 3, "rework": 1} or {"ts": "ISO 8601", ...}; optional program, note, by.',
      tags: ['oee'], params: MachineIdParams,
    },
  }, async (request, reply) => {
    const m = await machineOr404(request.params.id)
    const body = jsonObjectBody(request.body)
    const problems: ErrorDetail[] = []
    const count = (v: unknown, field: string) => {
      if (v === undefined) return 0
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) problems.push({ field, reason: 'must be a whole number from 0 to 1,000,000' })
      return typeof v === 'number' ? v : 0
    }
    const scrap = count(body.scrap, 'scrap')
    const rework = count(body.rework, 'rework')
    if (body.scrap === undefined && body.rework === undefined) problems.push({ field: 'scrap', reason: 'give scrap and/or rework' })
    const program = optionalText(body.program, 'program', problems)
    const note = optionalText(body.note, 'note', problems)
    const by = optionalText(body.by, 'by', problems)
    let ts: number | undefined
    let date: string | undefined
    let shiftName: string | undefined
    if (body.ts !== undefined) ts = instant(body.ts, 'ts', problems)
    else if (typeof body.date === 'string' && isLocalDate(body.date) && typeof body.shift === 'string') [date, shiftName] = [body.date, body.shift]
    else problems.push({ field: 'date', reason: 'give either ts (ISO 8601 with a zone) or date (YYYY-MM-DD) and shift' })
    if (problems.length > 0) throw errors.invalidRequest(problems)
    let shift: ShiftFigures | undefined
    if (date !== undefined) {
      const day = await oee.machineDay(m.id, date)
      shift = day?.shifts.find((x) => x.shift.shift === shiftName)
      if (!shift) throw errors.unknownShiftInBody(shiftName ?? '', date, m.id, day?.shifts.map((x) => x.shift.shift) ?? [])
      ts = shift.shift.start
    } else {
      // The shift the instant falls in: it starts that local day or the day before (a night shift).
      const at = ts as number
      const local = localDateOf(at, oee.setup.calendar(m.plant).timeZone)
      for (const d of [local, addDays(local, -1)]) shift ??= (await oee.machineDay(m.id, d))?.shifts.find((x) => x.shift.start <= at && at < x.shift.end)
      if (!shift) throw errors.invalidRequest([{ field: 'ts', reason: `${new Date(at).toISOString()} is in no shift of ${m.id}'s calendar: scrap and rework belong to the parts of a shift` }])
    }
    if (shift.shift.start > clock.now()) {
      throw errors.invalidRequest([{ field: date !== undefined ? 'date' : 'ts', reason: `shift "${shift.shift.shift}" of ${shift.shift.date} has not started yet (${new Date(shift.shift.start).toISOString()}): scrap and rework are entered for parts made` }])
    }
    const f = shift.figures
    if (f.parts_known && f.scrap + f.rework + scrap + rework > f.total_parts) {
      throw errors.invalidRequest([{ field: scrap > 0 ? 'scrap' : 'rework', reason: `shift "${shift.shift.shift}" of ${shift.shift.date} counted ${f.total_parts} parts and has ${f.scrap} scrap and ${f.rework} rework already; ${scrap} scrap and ${rework} rework more would exceed the parts made` }])
    }
    const at = ts as number
    const id = await oee.enterQuality({ machineId: m.id, ts: at, scrap, rework, program, note, enteredBy: by })
    return reply.code(201).send({ id, machine_id: m.id, ts: new Date(at).toISOString(), scrap, rework })
  })

  app.get('/v1/oee/calendars', { schema: { summary: 'Plant calendars in effect (oee.yaml, edited through the API, or the 24 h default)', tags: ['oee'] } }, async () => {
    const plants = [...new Set([...oee.setup.plants(), ...(await db.query<{ plant: string }>('SELECT DISTINCT plant FROM machines WHERE plant IS NOT NULL')).rows.map((r) => r.plant)])].sort()
    return { calendars: plants.map((p) => ({ ...oee.setup.calendar(p), plant: p, source: oee.setup.calendarSource(p) })) }
  })

  app.put<{ Params: Static<typeof PlantParams> }>('/v1/oee/calendars/:plant', {
    schema: {
      summary: "Replace a plant's calendar (the shape of one plant in oee.yaml: time_zone, locale, shifts, holidays, exceptions, planned_downtime)",
      description: 'Its figures are computed again. oee.yaml wins again when the file changes.', tags: ['oee'], params: PlantParams,
    },
  }, async (request) => {
    const body = jsonObjectBody(request.body)
    try {
      await oee.putCalendar(request.params.plant, body)
    } catch (err) {
      if (err instanceof ConfigError) throw errors.invalidRequest(err.problems.map((p) => ({ field: p.field.replace(/^plants\[0\]\.?/, ''), reason: p.reason })))
      throw err
    }
    return { ...oee.setup.calendar(request.params.plant), source: 'api' }
  })
}

/** Unplanned downtime per reason, largest first, with shares and the cumulative share. */
export function pareto(byReason: Readonly<Record<string, number>>, reasons: readonly { code: string; label: string }[]): { total_s: number; reasons: { reason: string; label: string; seconds: number; share: number; cumulative: number }[] } {
  const total = Object.values(byReason).reduce((a, b) => a + b, 0)
  let running = 0
  const rows = Object.entries(byReason).filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]).map(([reason, seconds]) => {
    running += seconds
    return {
      reason, label: reason === 'uncoded' ? 'Not coded yet' : reasons.find((r) => r.code === reason)?.label ?? reason,
      seconds, share: total > 0 ? seconds / total : 0, cumulative: total > 0 ? running / total : 0,
    }
  })
  return { total_s: total, reasons: rows }
}

function optionalText(v: unknown, field: string, problems: ErrorDetail[]): string | null {
  if (v === undefined || v === null) return null
  if (typeof v !== 'string' || v.length > 500) {
    problems.push({ field, reason: 'must be a string of at most 500 characters' })
    return null
  }
  return v
}
