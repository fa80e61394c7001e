// The OEE routes, one file per concern (figures, stops and what is entered about them,
// calendars, report files), registered together with what they are given.
import type { FastifyPluginAsync } from 'fastify'
import { calendarRoutes } from './calendarRoutes.js'
import { figureRoutes } from './figureRoutes.js'
import type { OeeRouteDeps } from './oeeQuery.js'
import { reportRoutes } from './reportRoutes.js'
import { stopRoutes } from './stopRoutes.js'

export type { OeeRouteDeps } from './oeeQuery.js'

export const oeeRoutes: FastifyPluginAsync<OeeRouteDeps> = async (app, deps) => {
  await app.register(figureRoutes, deps)
  await app.register(stopRoutes, deps)
  await app.register(calendarRoutes, deps)
  await app.register(reportRoutes, deps)
}
