// A standalone collector's samples with the position they bring it to, and the position it
// resumes from after a restart (src/domain/collectorPosition.ts). Same validation and answer
// as POST /v1/telemetry/ingest; the position is committed in the samples' transaction.
import type { FastifyPluginAsync } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import type { ErrorDetail } from '../domain/errors.js'
import type { CollectorPositions } from '../ingest/collectorPositions.js'
import type { Ingest } from '../ingest/ingest.js'
import { MachineIdParams } from './routeSchemas.js'

const PositionSamples = Type.Object({
  position: Type.Object({
    instance_id: Type.String({ minLength: 1, maxLength: 128, description: "the source's instance (MTConnect instanceId)", errorMessage: 'must be a string of 1 to 128 characters' }),
    next_sequence: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'the first sequence not in these samples', errorMessage: `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}` }),
  }, { additionalProperties: false, errorMessage: 'must be an object {"instance_id": string, "next_sequence": whole number}' }),
  samples: Type.Array(Type.Unknown(), { minItems: 1, description: 'samples of this machine, as POST /v1/telemetry/ingest takes them', errorMessage: 'must be a non-empty array of samples' }),
}, { additionalProperties: false })

export const collectorPositionRoutes: FastifyPluginAsync<{ ingest: Ingest; positions: CollectorPositions }> = async (app, { ingest, positions }) => {
  app.post<{ Params: Static<typeof MachineIdParams>; Body: Static<typeof PositionSamples> }>('/v1/collectors/:id/samples', {
    config: { capability: 'ingest', jsonBody: { schema: PositionSamples } },
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
    const { position, samples } = request.body
    // Every sample is this machine's: a position speaks for one machine only.
    const known: ErrorDetail[] = []
    samples.forEach((s, index) => {
      const machine = typeof s === 'object' && s !== null ? (s as Record<string, unknown>).machine_id : undefined
      if (machine !== id) known.push({ index, field: 'machine_id', reason: `must be "${id}", the machine of this collector position` })
    })
    return ingest.ingestItems(samples, known, undefined, [{ machine_id: id, instance_id: position.instance_id, next_sequence: position.next_sequence }])
  })

  app.get<{ Params: Static<typeof MachineIdParams> }>('/v1/collectors/:id/position', {
    config: { capability: 'ingest' },
    schema: {
      summary: 'Where this machine\'s collector stands: the source instance and next sequence committed with its samples',
      tags: ['ingest'],
      params: MachineIdParams,
    },
  }, async (request) => {
    const p = await positions.get(request.params.id)
    return {
      machine_id: p.machine_id, instance_id: p.instance_id, next_sequence: p.next_sequence,
      last_sample_at: p.last_sample_at === null ? null : new Date(p.last_sample_at).toISOString(), updated_at: new Date(p.updated_at).toISOString(),
    }
  })
}
