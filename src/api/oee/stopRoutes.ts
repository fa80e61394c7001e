// Stops and what operators enter about them: the downtime reasons, a day's stops, stops
// across machines still to be coded, coding a stop, and scrap and rework of a shift.
import type { FastifyPluginAsync } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { enterQuality } from '../../analytics/oee/qualityEntry.js'
import { type ErrorDetail, errors } from '../../domain/errors.js'
import { isLocalDate } from '../../domain/localDate.js'
import type { LongStop } from '../../domain/oee/longStops.js'
import { Instant, MachineId, MachineIdParams, OptionalText } from '../routeSchemas.js'
import { DayQuery, type OeeRouteDeps, PeriodQuery, dateRange, dayOf, plantToday } from './oeeQuery.js'

const MAX_STOP_DAYS = 92
const StopQuery = Type.Object({
  ...PeriodQuery.properties,
  plant: Type.Optional(Type.String()),
  machine_id: Type.Optional(MachineId()),
  coded: Type.Optional(Type.Boolean({ description: 'false: uncoded stops only; true: coded only (default: both)' })),
  min_seconds: Type.Optional(Type.Number({ minimum: 0, description: 'shortest stop listed (default: the microstop threshold)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
})

const TEXT = 'must be a string of at most 500 characters'
/** The reason codes accepted follow oee.yaml in effect. */
const downtimeBody = (codes: readonly string[]) => Type.Object({
  start: Instant('start of the stop (or of the part of it being coded)'),
  end: Instant('end; after start'),
  reason: Type.Union(codes.map((c) => Type.Literal(c)), { errorMessage: `must be one of ${codes.join(', ')} (GET /v1/oee/reasons)` }),
  note: OptionalText(500, TEXT),
  by: OptionalText(500, TEXT),
})
const COUNT = 'must be a whole number from 0 to 1,000,000'
const QualityBody = Type.Object({
  date: Type.Optional(Type.String({ description: 'local date of the shift, YYYY-MM-DD (with shift)' })),
  shift: Type.Optional(Type.String({ description: 'the shift of that date' })),
  ts: Type.Optional(Instant('an instant in the shift, instead of date and shift')),
  scrap: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, errorMessage: COUNT })),
  rework: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, errorMessage: COUNT })),
  program: OptionalText(500, TEXT),
  note: OptionalText(500, TEXT),
  by: OptionalText(500, TEXT),
})

const stopJson = (s: LongStop) => ({
  start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), seconds: s.seconds, reason: s.reason, planned: s.planned,
  coded_by: s.coded_by, coded_at: s.coded_at === null ? null : new Date(s.coded_at).toISOString(), note: s.note,
})

export const stopRoutes: FastifyPluginAsync<OeeRouteDeps> = async (app, { oee, registry, clock }) => {
  const today = (plant: string | null | undefined) => plantToday(oee, clock, plant)

  app.get('/v1/oee/reasons', { config: { capability: 'read' }, schema: { summary: 'The downtime reasons operators code stops with; planned ones leave planned busy time', tags: ['oee'] } },
    async () => ({ reasons: oee.setup.reasons, microstop_seconds: oee.setup.microstopMs / 1000 }))

  app.get<{ Params: Static<typeof MachineIdParams>; Querystring: Static<typeof DayQuery> }>('/v1/machines/:id/stops', {
    config: { capability: 'read' },
    schema: { summary: 'Stops of a day long enough to count as availability loss, with their reasons (uncoded: null)', tags: ['oee'], params: MachineIdParams, querystring: DayQuery },
  }, async (request) => {
    const m = await registry.get(request.params.id)
    const date = dayOf(request.query, today(m.plant))
    const stops = await oee.stops(m.id, date)
    return { machine_id: m.id, date, stops: stops.map(stopJson) }
  })

  app.get<{ Querystring: Static<typeof StopQuery> }>('/v1/stops', {
    config: { capability: 'read' },
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

  app.post<{ Params: Static<typeof MachineIdParams>; Body: Static<ReturnType<typeof downtimeBody>> }>('/v1/machines/:id/downtime', {
    config: { capability: 'operate', jsonBody: { schema: () => downtimeBody(oee.setup.reasons.map((r) => r.code)) } },
    schema: { summary: 'Code a stop with a reason (during or after it; it applies to the whole stop it overlaps)', tags: ['oee'], params: MachineIdParams },
  }, async (request, reply) => {
    const m = await registry.get(request.params.id)
    const b = request.body
    // The schema's zoned-instant format has checked both: Date.parse reads them exactly.
    const [start, end] = [Date.parse(b.start), Date.parse(b.end)]
    if (end <= start) throw errors.invalidRequest([{ field: 'end', reason: 'must be after start' }])
    const id = await oee.codeStop({ machineId: m.id, start, end, reason: b.reason, note: b.note ?? null, codedBy: b.by ?? null })
    return reply.code(201).send({ id, machine_id: m.id, start: new Date(start).toISOString(), end: new Date(end).toISOString(), reason: b.reason })
  })

  app.post<{ Params: Static<typeof MachineIdParams>; Body: Static<typeof QualityBody> }>('/v1/machines/:id/quality', {
    config: { capability: 'operate', jsonBody: { schema: QualityBody } },
    schema: {
      summary: 'Enter scrap and rework for a shift (late entries recompute the closed shift and its roll-ups)',
      description: 'Body: {"date": "YYYY-MM-DD", "shift": "early", "scrap": 3, "rework": 1} or {"ts": "ISO 8601", ...}; optional program, note, by.',
      tags: ['oee'], params: MachineIdParams,
    },
  }, async (request, reply) => {
    const m = await registry.get(request.params.id)
    const b = request.body
    const problems: ErrorDetail[] = []
    if (b.scrap === undefined && b.rework === undefined) problems.push({ field: 'scrap', reason: 'give scrap and/or rework' })
    const at = b.ts !== undefined ? { ts: Date.parse(b.ts) } : isLocalDate(b.date) && b.shift !== undefined ? { date: b.date, shift: b.shift } : undefined
    if (!at) problems.push({ field: 'date', reason: 'give either ts (ISO 8601 with a zone) or date (YYYY-MM-DD) and shift' })
    if (problems.length > 0 || !at) throw errors.invalidRequest(problems)
    const [scrap, rework] = [b.scrap ?? 0, b.rework ?? 0]
    const { id, ts } = await enterQuality(oee, clock.now(), m, { at, scrap, rework, program: b.program ?? null, note: b.note ?? null, by: b.by ?? null })
    return reply.code(201).send({ id, machine_id: m.id, ts: new Date(ts).toISOString(), scrap, rework })
  })
}
