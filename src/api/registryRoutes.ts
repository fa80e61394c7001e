// Writes to the machine registry and event log from outside the server: a standalone
// collector (`cnc-telemetry collect`) registers its machines and reports their data gaps.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { errors } from '../domain/errors.js'
import { MACHINE_EVENT_KINDS } from '../domain/machineEvent.js'
import { MACHINE_ID, MACHINE_ID_RULE } from '../domain/machineId.js'
import { SAMPLE_SOURCES } from '../domain/sample.js'
import type { MachineRegistry } from '../registry/machineRegistry.js'
import { Instant, OptionalText } from './routeSchemas.js'

const TEXT = 'must be text of at most 256 characters'
const RegistryEntry = Type.Object({
  plant: OptionalText(256, TEXT),
  model: OptionalText(256, TEXT),
  vendor: OptionalText(256, TEXT),
  protocol: Type.Optional(Type.Union([...SAMPLE_SOURCES.map((s) => Type.Literal(s)), Type.Null()], { errorMessage: `must be one of ${SAMPLE_SOURCES.join(', ')}`, description: 'default http' })),
  endpoint: OptionalText(256, TEXT, 'a URL with a scheme of the protocol (http(s):// for mtconnect and http, opc.tcp:// for opcua, mqtt(s):// for mqtt)'),
}, { additionalProperties: false })

const MachineEventBody = Type.Object({
  timestamp: Instant('when it happened'),
  kind: Type.Union(MACHINE_EVENT_KINDS.map((k) => Type.Literal(k)), { errorMessage: `must be one of ${MACHINE_EVENT_KINDS.join(', ')}` }),
  detail: Type.Optional(Type.Union([Type.Object({}), Type.Null()], { errorMessage: 'must be a JSON object' })),
})

export const registryRoutes: FastifyPluginAsync<{ registry: MachineRegistry }> = async (app, { registry }) => {
  app.put<{ Params: { id: string }; Body: Static<typeof RegistryEntry> }>('/v1/machines/:id', {
    config: { capability: 'ingest', jsonBody: { schema: RegistryEntry } }, preHandler: checkId,
    schema: {
      summary: 'Register a machine or update its registry entry (plant, model, vendor, protocol, endpoint)',
      description: 'Body: a JSON object with any of plant, model, vendor, protocol, endpoint (text up to 256 characters). Its telemetry is not touched.',
      tags: ['machines'],
    },
  }, async (request) => {
    const id = request.params.id
    const b = request.body
    await registry.register({ id, plant: b.plant ?? undefined, model: b.model ?? undefined, vendor: b.vendor ?? undefined, protocol: b.protocol ?? 'http', endpoint: b.endpoint ?? undefined })
    return { id, ...Object.fromEntries(Object.entries(b).filter(([, v]) => v !== null)) }
  })

  app.post<{ Params: { id: string }; Body: Static<typeof MachineEventBody> }>('/v1/machines/:id/events', {
    config: { capability: 'ingest', jsonBody: { schema: MachineEventBody } }, preHandler: checkId,
    schema: {
      summary: 'Record a machine event (data gap, agent restart, connection lost or restored, clock skew)',
      description: `Body: {"timestamp": ISO 8601 with zone, "kind": one of ${MACHINE_EVENT_KINDS.join(', ')}, "detail": object}.`,
      tags: ['machines'],
    },
  }, async (request, reply) => {
    const { timestamp, kind, detail } = request.body
    // The schema's zoned-instant format has checked the timestamp: Date.parse reads it exactly.
    await registry.recordEvent({ machine_id: request.params.id, ts: Date.parse(timestamp), kind, detail: detail ?? {} })
    return reply.code(201).send({ recorded: true })
  })
}

/** Before the body: a request naming no machine is refused for that first. */
async function checkId(request: FastifyRequest<{ Params: { id: string } }>): Promise<void> {
  if (!MACHINE_ID.test(request.params.id)) throw errors.invalidRequest([{ field: 'id', reason: `a machine id is ${MACHINE_ID_RULE}` }])
}
