// What the OEE routes read from a query: a day, or a period of local dates with a scope and a
// grouping, checked, defaulted (to the plant's today) and bounded.
import { Type, type Static } from '@sinclair/typebox'
import type { Clock } from '../../domain/clock.js'
import type { OeeService } from '../../analytics/oee/oeeService.js'
import type { MachineRegistry } from '../../registry/machineRegistry.js'
import { type ErrorDetail, errors } from '../../domain/errors.js'
import { addDays, localDateOf } from '../../domain/oee/calendar.js'
import { LOCAL_DATE_RULE, isLocalDate } from '../../domain/localDate.js'
import type { OeeReports } from '../../analytics/oeeReport/oeeReports.js'
import { MachineId } from '../routeSchemas.js'

/** What every OEE route is given. */
export interface OeeRouteDeps {
  oee: OeeService
  registry: MachineRegistry
  reports: OeeReports
  clock: Clock
}

export const MAX_RANGE_DAYS = 400

export const DayQuery = Type.Object({
  date: Type.Optional(Type.String({ description: 'local date of the plant, YYYY-MM-DD (default: today there)' })),
  shift: Type.Optional(Type.String({ description: 'one shift of that date (default: the whole day)' })),
})
export const PeriodQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'first local date, YYYY-MM-DD (default: 29 days before `to`)' })),
  to: Type.Optional(Type.String({ description: 'last local date, YYYY-MM-DD (default: today)' })),
})
export const RangeQuery = Type.Object({
  ...PeriodQuery.properties,
  plant: Type.Optional(Type.String()),
  machine_id: Type.Optional(MachineId()),
  group_by: Type.Optional(Type.Union([Type.Literal('machine'), Type.Literal('plant'), Type.Literal('shift'), Type.Literal('day')], { default: 'machine' })),
})
export type RangeQueryString = Static<typeof RangeQuery>

export const notADate = (field: string, v: string): ErrorDetail => ({ field, reason: `must be ${LOCAL_DATE_RULE}; got "${v.slice(0, 40)}"` })

/** Today in the plant's calendar (the default date of every OEE query). */
export const plantToday = (oee: OeeService, clock: Clock, plant: string | null | undefined) => localDateOf(clock.now(), oee.setup.calendar(plant).timeZone)

/** The date of a day query, defaulted to the plant's today. */
export function dayOf(q: { date?: string }, today: string): string {
  const date = q.date ?? today
  if (!isLocalDate(date)) throw errors.badQuery([notADate('date', date)])
  return date
}

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
