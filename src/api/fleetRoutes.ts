import type { FastifyPluginAsync } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { summarizeFleet } from '../analytics/fleet.js'
import type { OeeService } from '../analytics/oee/oeeService.js'
import { type OeeFigures, rollUp } from '../domain/oee/oeeFigures.js'
import type { Clock } from '../domain/clock.js'
import { MACHINE_STATES } from '../domain/sample.js'
import type { LiveFleet } from '../live/liveFleet.js'
import { plantToday } from './oee/oeeQuery.js'

const SummaryQuery = Type.Object({
  plant: Type.Optional(Type.String({ description: 'only machines of this plant' })),
  model: Type.Optional(Type.String({ description: 'only machines of this model' })),
  state: Type.Optional(Type.Union(MACHINE_STATES.map((s) => Type.Literal(s)), { description: 'only machines in this state now' })),
})

/** The headline of a day's OEE: the factors, what they multiply, and how much data they rest on. */
function oeeHeadline(f: OeeFigures) {
  return { oee: f.oee, availability: f.availability, performance: f.performance, quality: f.quality, basis: f.basis, coverage: f.coverage, planned_busy_s: f.planned_busy_s }
}

export interface FleetRouteDeps {
  live: Pick<LiveFleet, 'snapshot'>
  clock: Clock
  /** A machine silent for longer than this counts as offline. */
  staleAfterMs: number
  oee?: OeeService
}

export const fleetRoutes: FastifyPluginAsync<FleetRouteDeps> = async (app, { live, clock, staleAfterMs, oee }) => {
  app.get<{ Querystring: Static<typeof SummaryQuery> }>('/v1/fleet/summary', {
    config: { capability: 'read' },
    schema: {
      summary: 'Machines per state now, average rpm of running machines, per plant',
      description: `A machine not heard from for ${Math.round(staleAfterMs / 1000)} s counts as offline.`,
      tags: ['fleet'], querystring: SummaryQuery,
    },
  }, async (request) => {
    const summary = summarizeFleet(live.snapshot(), request.query, clock.now(), staleAfterMs)
    if (!oee) return summary
    // Today's OEE (in each plant's own day), weighted by time: the fleet's is the roll-up of
    // the plants' times and counts, not the mean of their percentages.
    const plants = await Promise.all(summary.plants.filter((p) => p.plant !== null).map(async (p) => {
      const today = plantToday(oee, clock, p.plant)
      const { total } = await oee.query({ from: today, to: today, plant: p.plant ?? undefined, groupBy: 'plant' })
      return { plant: p.plant, date: today, figures: total }
    }))
    return {
      ...summary,
      oee_today: { ...oeeHeadline(rollUp(plants.map((p) => p.figures))), note: 'machines without a plant are not included' },
      plants: summary.plants.map((p) => {
        const mine = plants.find((x) => x.plant === p.plant)
        return mine ? { ...p, oee_today: { date: mine.date, ...oeeHeadline(mine.figures) } } : p
      }),
    }
  })
}
