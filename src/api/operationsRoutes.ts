// Is the process up, does it take data, and what the storage engine reports of itself.
import type { FastifyPluginAsync } from 'fastify'
import type { Readiness } from '../health/readiness.js'
import type { StorageStatus } from '../health/storageStatus.js'
import type { GroupCommitStats } from '../ingest/groupCommit.js'

export interface OperationsRouteDeps {
  /** /readyz: can this server take data, and is anything in the background failing. */
  readiness: () => Promise<Readiness>
  storageStatus: () => Promise<StorageStatus>
  ingestStats: () => GroupCommitStats
}

export const operationsRoutes: FastifyPluginAsync<OperationsRouteDeps> = async (app, deps) => {
  app.get('/healthz', { config: { capability: 'public' }, schema: { summary: 'The process is up', tags: ['operations'] } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { config: { capability: 'public' }, schema: { summary: 'Takes data (200 ready or degraded) or not (503, with the reasons)', tags: ['operations'] } }, async (_request, reply) => {
    const r = await deps.readiness()
    if (r.ready) return { status: r.status, engine: r.engine, problems: r.problems, ingest: r.ingest }
    const reasons = r.problems.filter((p) => p.reason !== 'job_failing' && p.reason !== 'aggregate_lagging')
    const code = reasons[0]?.reason ?? 'not_ready'
    return reply.code(503).send({ error: code, message: reasons.map((p) => p.message).join('; '), details: r.problems, status: r.status, ingest: r.ingest })
  })
  app.get('/v1/storage/status', { config: { capability: 'read' }, schema: { summary: 'Storage engine, hypertable, compression, aggregates and jobs', tags: ['operations'] } },
    async () => ({ ...(await deps.storageStatus()), ingest: deps.ingestStats() }))
}
