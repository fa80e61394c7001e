// A standalone collector's samples with the position they bring it to, and the position it
// resumes from after a restart (src/domain/collectorPosition.ts). Same validation and answer
// as POST /v1/telemetry/ingest; the position is committed in the samples' transaction.
import type { FastifyInstance } from 'fastify'
import type { Static } from '@sinclair/typebox'
import { positionProblems } from '../domain/collectorPosition.js'
import { type ErrorDetail, errors } from '../domain/errors.js'
import type { Ingest } from '../ingest/ingest.js'
import type { Queryable } from '../store/db.js'
import { loadCollectorPosition } from '../store/collectorPositions.js'
import { jsonObjectBody } from './jsonBody.js'
import { MachineIdParams } from './routeSchemas.js'

export function collectorPositionRoutes(app: FastifyInstance, db: Queryable, ingest: Ingest): void {
  app.post<{ Params: Static<typeof MachineIdParams> }>('/v1/collectors/:id/samples', {
    schema: {
      summary: 'Store a collector\'s samples of one machine together with the position they bring it to',
      description:
        'Body: {"position": {"instance_id": the source\'s instance (MTConnect instanceId), "next_sequence": the first sequence not in these samples}, ' +
        '"samples": [samples of this machine, as POST /v1/telemetry/ingest takes them]}. The position is committed in the transaction that stores ' +
        'the samples, so a collector that restarts (GET /v1/collectors/{id}/position) resumes where its stored data ends.',
      tags: ['ingest'],
      params: MachineIdParams,
    },
  }, async (request) => {
    const id = request.params.id
    const body = jsonObjectBody(request.body)
    const problems: ErrorDetail[] = []
    for (const key of Object.keys(body)) if (key !== 'position' && key !== 'samples') problems.push({ field: key, reason: 'unknown field; accepted fields are position, samples' })
    problems.push(...positionProblems(body.position))
    if (!Array.isArray(body.samples) || body.samples.length === 0) problems.push({ field: 'samples', reason: 'must be a non-empty array of samples' })
    if (problems.length > 0) throw errors.invalidRequest(problems)
    const samples = body.samples as unknown[]
    // Every sample is this machine's: a position speaks for one machine only.
    const known: ErrorDetail[] = []
    samples.forEach((s, index) => {
      const machine = typeof s === 'object' && s !== null ? (s as Record<string, unknown>).machine_id : undefined
      if (machine !== id) known.push({ index, field: 'machine_id', reason: `must be "${id}", the machine of this collector position` })
    })
    const position = body.position as { instance_id: string; next_sequence: number }
    return ingest.ingestItems(samples, known, undefined, [{ machine_id: id, instance_id: position.instance_id, next_sequence: position.next_sequence }])
  })

  app.get<{ Params: Static<typeof MachineIdParams> }>('/v1/collectors/:id/position', {
    schema: {
      summary: 'Where this machine\'s collector stands: the source instance and next sequence committed with its samples',
      tags: ['ingest'],
      params: MachineIdParams,
    },
  }, async (request) => {
    const p = await loadCollectorPosition(db, request.params.id)
    if (!p) throw errors.unknownCollectorPosition(request.params.id)
    return {
      machine_id: p.machine_id, instance_id: p.instance_id, next_sequence: p.next_sequence,
      last_sample_at: p.last_sample_at === null ? null : new Date(p.last_sample_at).toISOString(), updated_at: new Date(p.updated_at).toISOString(),
    }
  })
}
