// The HTTP API: Fastify with OpenAPI at /docs. Routes are thin: parse, call, shape.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { Alerts } from '../alerts/alerts.js'
import type { MachineHistory } from '../analytics/history.js'
import type { OeeReports } from '../analytics/oeeReport/oeeReports.js'
import type { OeeService } from '../analytics/oee/oeeService.js'
import type { Clock } from '../domain/clock.js'
import type { CollectorPositions } from '../ingest/collectorPositions.js'
import type { Ingest } from '../ingest/ingest.js'
import type { LiveFleet } from '../live/liveFleet.js'
import type { MachineRegistry } from '../registry/machineRegistry.js'
import type { HttpSettings } from '../settings.js'
import { installErrorHandling } from './errorHandling.js'
import { decodeContentEncoding } from './contentEncoding.js'
import { clientErrorResponder, createLimitedServer } from './httpServer.js'
import { bodySchema, parseJsonBodies } from './jsonBody.js'
import { requireCapabilities } from './routeAccess.js'
import { ingestRoutes } from './ingestRoutes.js'
import { collectorPositionRoutes } from './collectorPositionRoutes.js'
import { alertRoutes } from './alertRoutes.js'
import { type CollectorsView, collectorRoutes } from './collectorRoutes.js'
import { fleetRoutes } from './fleetRoutes.js'
import { liveRoutes } from './liveRoutes.js'
import { machineRoutes } from './machineRoutes.js'
import { oeeRoutes } from './oee/index.js'
import { type OperationsRouteDeps, operationsRoutes } from './operationsRoutes.js'
import { registryRoutes } from './registryRoutes.js'
import { staticRoutes } from './staticRoutes.js'

/** The capabilities the routes call: built once in app.ts. */
export interface ApiDeps extends OperationsRouteDeps {
  ingest: Ingest
  registry: MachineRegistry
  history: MachineHistory
  positions: CollectorPositions
  clock: Clock
  bodyLimitBytes: number
  http: HttpSettings
  version: string
  /** The server's logger (app.ts creates it first and hands it to every part). */
  logger: FastifyBaseLogger
  collectors?: CollectorsView
  alerts?: Alerts
  oee?: OeeService
  reports?: OeeReports
  /** Every machine's status now: the live stream (GET /v1/stream) and the fleet summary read it. */
  live: LiveFleet
  /** A machine silent for longer than this counts as offline in the fleet summary. */
  staleAfterMs: number
}

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger, bodyLimit: deps.bodyLimitBytes, logController: new LogController({ disableRequestLogging: true }),
    // The log is called only once connections arrive, after `app` exists.
    serverFactory: (handler) => createLimitedServer(handler, deps.http, { warn: (o, m) => app.log.warn(o, m), info: (o, m) => app.log.info(o, m) }),
    clientErrorHandler: clientErrorResponder(deps.http),
  })
  installErrorHandling(app, deps.bodyLimitBytes)

  // Ingest decides itself how to read a body (JSON, NDJSON, mislabelled JSON), so every
  // content type, or none, arrives as raw bytes, decompressed when it was sent compressed.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    decodeContentEncoding(body as Buffer, request.headers['content-encoding'], deps.bodyLimitBytes).then((decoded) => done(null, decoded), (err: Error) => done(err))
  })

  await app.register(swagger, {
    openapi: {
      info: { title: 'cnc-telemetry', version: deps.version, description: 'Shop-floor telemetry for CNC machine tools' },
      tags: [{ name: 'ingest' }, { name: 'machines' }, { name: 'fleet' }, { name: 'alerts' }, { name: 'oee' }, { name: 'operations' }],
    },
    // A JSON body is checked by api/jsonBody.ts, not by Fastify: its schema is shown from there.
    transform: ({ schema, url, route }) => {
      const body = route.config?.jsonBody ? bodySchema(route.config.jsonBody) : route.config?.documentedBody
      return { schema: body ? { ...schema, body } : schema, url }
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  // Every route of the API proper declares its capability, and gets its JSON body parsed and checked.
  await app.register(async (v1) => {
    requireCapabilities(v1)
    parseJsonBodies(v1)
    const { clock, registry, oee, reports } = deps
    await v1.register(operationsRoutes, deps)
    await v1.register(ingestRoutes, { ingest: deps.ingest })
    await v1.register(collectorPositionRoutes, { ingest: deps.ingest, positions: deps.positions })
    await v1.register(machineRoutes, { registry, history: deps.history, clock, collectors: deps.collectors })
    await v1.register(registryRoutes, { registry })
    await v1.register(fleetRoutes, { live: deps.live, clock, staleAfterMs: deps.staleAfterMs, oee })
    if (deps.collectors) await v1.register(collectorRoutes, { collectors: deps.collectors })
    if (deps.alerts) await v1.register(alertRoutes, { alerts: deps.alerts })
    if (oee && reports) await v1.register(oeeRoutes, { oee, reports, registry, clock })
    liveRoutes(v1, deps.live, clock, deps.staleAfterMs)
  })
  await staticRoutes(app)
  return app
}
