// The HTTP API: Fastify with OpenAPI at /docs. Routes are thin: parse, call, shape.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { Clock } from '../domain/clock.js'
import type { Ingest } from '../ingest/ingest.js'
import type { GroupCommitStats } from '../ingest/groupCommit.js'
import type { Db } from '../store/db.js'
import { storageStatus } from '../store/status.js'
import type { Readiness } from '../health/readiness.js'
import { installErrorHandling } from './errorHandling.js'
import { decodeContentEncoding } from './contentEncoding.js'
import { clientErrorResponder, createLimitedServer } from './httpServer.js'
import type { HttpSettings } from '../settings.js'
import { ingestRoutes } from './ingestRoutes.js'
import { collectorPositionRoutes } from './collectorPositionRoutes.js'
import { type AlertsView, alertRoutes } from './alertRoutes.js'
import { type CollectorsView, collectorRoutes } from './collectorRoutes.js'
import { fleetRoutes } from './fleetRoutes.js'
import { liveRoutes } from './liveRoutes.js'
import { machineRoutes } from './machineRoutes.js'
import { oeeRoutes } from './oeeRoutes.js'
import type { OeeService } from '../analytics/oee/oeeService.js'
import { registryRoutes } from './registryRoutes.js'
import { staticRoutes } from './staticRoutes.js'
import type { LiveFleet } from '../live/liveFleet.js'

export interface ApiDeps {
  db: Db
  ingest: Ingest
  ingestStats: () => GroupCommitStats
  /** /readyz: can this server take data, and is anything in the background failing. */
  readiness: () => Promise<Readiness>
  clock: Clock
  bodyLimitBytes: number
  http: HttpSettings
  version: string
  /** The server's logger (app.ts creates it first and hands it to every part). */
  logger: FastifyBaseLogger
  collectors?: CollectorsView
  alerts?: AlertsView
  oee?: OeeService
  /** The fleet as it is now, for the dashboard's live stream (GET /v1/stream). */
  live?: LiveFleet
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
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  ingestRoutes(app, deps.ingest)
  collectorPositionRoutes(app, deps.db, deps.ingest)
  machineRoutes(app, deps.db, deps.clock, deps.collectors)
  registryRoutes(app, deps.db)
  fleetRoutes(app, deps.db, deps.clock, deps.staleAfterMs, deps.oee)
  if (deps.collectors) collectorRoutes(app, deps.collectors)
  if (deps.alerts) alertRoutes(app, deps.db, deps.clock, deps.alerts)
  if (deps.oee) oeeRoutes(app, deps.db, deps.clock, deps.oee)
  if (deps.live) liveRoutes(app, deps.live, deps.clock, deps.staleAfterMs)
  await staticRoutes(app)

  app.get('/healthz', { schema: { summary: 'The process is up', tags: ['operations'] } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { summary: 'Takes data (200 ready or degraded) or not (503, with the reasons)', tags: ['operations'] } }, async (_request, reply) => {
    const r = await deps.readiness()
    if (r.ready) return { status: r.status, engine: r.engine, problems: r.problems, ingest: r.ingest }
    const reasons = r.problems.filter((p) => p.reason !== 'job_failing' && p.reason !== 'aggregate_lagging')
    const code = reasons[0]?.reason ?? 'not_ready'
    return reply.code(503).send({ error: code, message: reasons.map((p) => p.message).join('; '), details: r.problems, status: r.status, ingest: r.ingest })
  })
  app.get('/v1/storage/status', { schema: { summary: 'Storage engine, hypertable, compression, aggregates and jobs', tags: ['operations'] } },
    async () => ({ ...(await storageStatus(deps.db)), ingest: deps.ingestStats() }))
  return app
}
