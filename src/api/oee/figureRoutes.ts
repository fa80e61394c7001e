// OEE figures: a machine's day or shift, its hours, periods grouped by machine, plant, shift
// or day, the machine × day grid, the downtime Pareto and suggested ideal cycle times.
import type { FastifyPluginAsync } from 'fastify'
import type { Static } from '@sinclair/typebox'
import type { GroupBy } from '../../analytics/oee/oeeService.js'
import { pareto } from '../../analytics/oee/pareto.js'
import { errors } from '../../domain/errors.js'
import { addDays } from '../../domain/oee/calendar.js'
import { seedDaily } from '../../domain/oee/seedDaily.js'
import { MachineIdParams } from '../routeSchemas.js'
import { DayQuery, type OeeRouteDeps, PeriodQuery, RangeQuery, type RangeQueryString, dateRange, dayOf, plantToday } from './oeeQuery.js'

const MAX_HOUR_DAYS = 62

export const figureRoutes: FastifyPluginAsync<OeeRouteDeps> = async (app, { oee, registry, clock }) => {
  const today = (plant: string | null | undefined) => plantToday(oee, clock, plant)

  app.get<{ Params: Static<typeof MachineIdParams>; Querystring: Static<typeof DayQuery> }>('/v1/machines/:id/oee', {
    config: { capability: 'read' },
    schema: { summary: 'OEE of a machine for a day or one shift: A, P, Q, OEE, coverage, every time bucket and flag', tags: ['oee'], params: MachineIdParams, querystring: DayQuery },
  }, async (request) => {
    const m = await registry.get(request.params.id)
    const date = dayOf(request.query, today(m.plant))
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
    config: { capability: 'read' },
    schema: { summary: 'OEE over a period grouped by machine, plant, shift or day; roll-ups sum times and counts, never average percentages', tags: ['oee'], querystring: RangeQuery },
  }, async (request) => {
    const q = request.query
    const { from, to } = dateRange(q, today(q.plant))
    const groupBy = (q.group_by ?? 'machine') as GroupBy
    const result = await oee.query({ from, to, plant: q.plant, machineId: q.machine_id, groupBy })
    return { from, to, group_by: groupBy, plant: q.plant ?? null, machine_id: q.machine_id ?? null, total: result.total, groups: result.groups }
  })

  app.get<{ Querystring: RangeQueryString }>('/v1/oee/pareto', {
    config: { capability: 'read' },
    schema: { summary: 'Unplanned downtime by reason over a period, largest first, with the cumulative share', tags: ['oee'], querystring: RangeQuery },
  }, async (request) => {
    const q = request.query
    const { from, to } = dateRange(q, today(q.plant))
    const { total } = await oee.query({ from, to, plant: q.plant, machineId: q.machine_id, groupBy: 'day' })
    return { from, to, ...pareto(total.unplanned_loss_by_reason_s, oee.setup.reasons), planned: total.planned_stop_by_reason_s }
  })

  app.get<{ Params: Static<typeof MachineIdParams>; Querystring: Static<typeof PeriodQuery> }>('/v1/machines/:id/oee/hours', {
    config: { capability: 'read' },
    schema: {
      summary: 'OEE of a machine hour by hour over local dates (the hour × day heatmap), from the same engine as days and shifts',
      description: `Each date lists its local hours (23 or 25 on a DST change day; \`hour\` is the local clock hour the window starts at). Hours outside the shifts have planned_busy_s 0 and null factors. At most ${MAX_HOUR_DAYS} days.`,
      tags: ['oee'], params: MachineIdParams, querystring: PeriodQuery,
    },
  }, async (request) => {
    const m = await registry.get(request.params.id)
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
    config: { capability: 'read' },
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
    config: { capability: 'read' },
    schema: {
      summary: 'Suggested ideal cycle time per program, learned from the fastest typical measured cycles, beside the configured one',
      description: 'Cycles are the times between part-counter increments while running, without a stop longer than the microstop threshold. The suggestion is the 10th percentile of the plausible cycles (at least 20); it is never applied by itself: set it in oee.yaml (ideal_cycles).',
      tags: ['oee'], params: MachineIdParams, querystring: PeriodQuery,
    },
  }, async (request) => {
    const m = await registry.get(request.params.id)
    const { from, to } = dateRange(request.query, today(m.plant), MAX_HOUR_DAYS)
    const programs = (await oee.idealCycleSuggestions(m.id, from, to)) ?? []
    return { machine_id: m.id, from, to, programs }
  })
}
