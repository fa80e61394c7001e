import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { summarizeFleet } from '../analytics/fleet.js'
import type { Clock } from '../domain/clock.js'
import { MACHINE_STATES } from '../domain/sample.js'
import type { Queryable } from '../store/db.js'
import { listMachines } from '../store/machines.js'

const SummaryQuery = Type.Object({
  plant: Type.Optional(Type.String({ description: 'only machines of this plant' })),
  model: Type.Optional(Type.String({ description: 'only machines of this model' })),
  state: Type.Optional(Type.Union(MACHINE_STATES.map((s) => Type.Literal(s)), { description: 'only machines in this state now' })),
})

export function fleetRoutes(app: FastifyInstance, db: Queryable, clock: Clock, staleAfterMs: number): void {
  app.get<{ Querystring: Static<typeof SummaryQuery> }>('/v1/fleet/summary', {
    schema: {
      summary: 'Machines per state now, average rpm of running machines, per plant',
      description: `A machine not heard from for ${Math.round(staleAfterMs / 1000)} s counts as offline.`,
      tags: ['fleet'], querystring: SummaryQuery,
    },
  }, async (request) => {
    const machines = await listMachines(db)
    const fleet = machines.map((m) => {
      const rpm = m.last_sample?.rpm
      return { id: m.id, plant: m.plant, model: m.model, state: m.state, last_seen_at: m.last_seen_at?.getTime() ?? null, rpm: typeof rpm === 'number' ? rpm : null }
    })
    return summarizeFleet(fleet, request.query, clock.now(), staleAfterMs)
  })
}
