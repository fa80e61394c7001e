import type { FastifyPluginAsync } from 'fastify'
import { type TSchema, Type } from '@sinclair/typebox'
import { decodeBody } from '../ingest/decodeBody.js'
import type { Ingest } from '../ingest/ingest.js'
import { SampleJsonSchema } from '../domain/sampleSchema.js'

// The contract's sample, from the field table (domain/sampleFields.ts); its $id stays with the dashboard's types.
const { $id: _id, ...Sample } = SampleJsonSchema
const IngestBody: TSchema = Type.Union([Sample, Type.Array(Sample)], { description: 'one sample, or an array of samples (or NDJSON: one per line)' })

const ItemError = Type.Object({ index: Type.Integer(), field: Type.String(), reason: Type.String() })

export const ingestRoutes: FastifyPluginAsync<{ ingest: Ingest }> = async (app, { ingest }) => {
  app.post('/v1/telemetry/ingest', {
    config: { capability: 'ingest', documentedBody: IngestBody },
    schema: {
      summary: 'Store telemetry samples',
      description:
        'Body: one sample object, a JSON array of samples, or NDJSON (application/x-ndjson, one sample per line). ' +
        'A body that parses as JSON is accepted whatever its declared content type. Invalid items are reported with ' +
        'their index, field and reason and never block the valid ones; the answer comes after the valid samples are ' +
        'committed. Writes are idempotent on (machine_id, timestamp): repeats count as duplicates.',
      tags: ['ingest'],
      response: {
        200: Type.Object({
          accepted: Type.Integer(), duplicates: Type.Integer(), rejected: Type.Integer(),
          errors: Type.Array(ItemError), errors_truncated: Type.Optional(Type.Boolean()),
        }),
      },
    },
  }, async (request) => {
    const decoded = decodeBody(request.body as Buffer | undefined, request.headers['content-type'])
    return ingest.ingestItems(decoded.items, decoded.errors)
  })
}
