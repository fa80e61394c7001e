import type { FastifyPluginAsync } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import type { MachineHistory } from '../analytics/history.js'
import type { Clock } from '../domain/clock.js'
import { errors, type ErrorDetail } from '../domain/errors.js'
import type { Machine, MachineRegistry } from '../registry/machineRegistry.js'
import type { CollectorsView } from './collectorRoutes.js'
import { MachineIdParams } from './routeSchemas.js'

const HistoryQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'ISO 8601 with zone, or epoch ms; default: `to` minus 24 h' })),
  to: Type.Optional(Type.String({ description: 'ISO 8601 with zone, or epoch ms; default: now' })),
  resolution: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('raw'), Type.Literal('5m'), Type.Literal('1h'), Type.Literal('1d')], { default: 'auto' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 10_000, description: 'raw resolution only' })),
})
type HistoryQuery = Static<typeof HistoryQuery>
const EventsQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 100 })) })

export interface MachineRouteDeps {
  registry: MachineRegistry
  history: MachineHistory
  clock: Clock
  collectors?: CollectorsView
}

export const machineRoutes: FastifyPluginAsync<MachineRouteDeps> = async (app, { registry, history, clock, collectors }) => {
  app.get('/v1/machines', { config: { capability: 'read' }, schema: { summary: 'All machines with their latest state', tags: ['machines'] } }, async () => {
    const machines = await registry.list()
    return { machines: machines.map(machineJson) }
  })

  app.get<{ Params: Static<typeof MachineIdParams> }>('/v1/machines/:id', {
    config: { capability: 'read' },
    schema: { summary: 'One machine and its latest sample', tags: ['machines'], params: MachineIdParams },
  }, async (request) => {
    const machine = await registry.get(request.params.id)
    return { ...machineJson(machine), collector: collectors?.status(machine.id) ?? null, recent_events: (await registry.events(machine.id, 10)).map(eventJson) }
  })

  app.get<{ Params: Static<typeof MachineIdParams>; Querystring: Static<typeof EventsQuery> }>('/v1/machines/:id/events', {
    config: { capability: 'read' },
    schema: { summary: 'Data gaps, agent restarts and connection changes of one machine, newest first', tags: ['machines'], params: MachineIdParams, querystring: EventsQuery },
  }, async (request) => {
    const machine = await registry.get(request.params.id)
    return { events: (await registry.events(machine.id, request.query.limit ?? 100)).map(eventJson) }
  })

  app.get<{ Params: Static<typeof MachineIdParams>; Querystring: HistoryQuery }>('/v1/machines/:id/history', {
    config: { capability: 'read' },
    schema: {
      summary: 'History of one machine',
      description: '`auto` picks the finest resolution (raw, 5m, 1h, 1d) that gives at most 2000 points. Aggregated points include the newest data (real-time aggregates).',
      tags: ['machines'], params: MachineIdParams, querystring: HistoryQuery,
    },
  }, async (request) => {
    const q = request.query
    const problems: ErrorDetail[] = []
    const to = q.to === undefined ? clock.now() : parseInstant(q.to, 'to', problems)
    const from = q.from === undefined ? to - 86_400_000 : parseInstant(q.from, 'from', problems)
    if (problems.length === 0 && from >= to) problems.push({ field: 'from', reason: `must be before to (got from=${new Date(from).toISOString()}, to=${new Date(to).toISOString()})` })
    if (problems.length > 0) throw errors.badQuery(problems)
    const machine = await registry.get(request.params.id)
    return history.read({ machineId: machine.id, from, to, resolution: q.resolution ?? 'auto', limit: q.limit ?? 10_000 })
  })
}

function parseInstant(text: string, field: string, problems: ErrorDetail[]): number {
  const ms = /^\d{1,15}$/.test(text) ? Number(text) : /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? Date.parse(text) : NaN
  if (!Number.isFinite(ms)) problems.push({ field, reason: `must be ISO 8601 with a zone (e.g. 2026-03-01T08:00:00Z) or epoch milliseconds; got "${text.slice(0, 40)}"` })
  return ms
}

function eventJson(e: { ts: number; kind: string; detail: Record<string, unknown> }) {
  return { ts: new Date(e.ts).toISOString(), kind: e.kind, detail: e.detail }
}

function machineJson(m: Machine) {
  return {
    id: m.id,
    plant: m.plant,
    model: m.model,
    vendor: m.vendor,
    protocol: m.protocol,
    state: m.state,
    first_seen_at: m.first_seen_at.toISOString(),
    last_seen_at: m.last_seen_at?.toISOString() ?? null,
    state_since: m.state_since?.toISOString() ?? null,
    last_sample_at: m.last_ts?.toISOString() ?? null,
    last_sample: m.last_sample,
  }
}
