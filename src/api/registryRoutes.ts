// Writes to the machine registry and event log from outside the server: a standalone
// collector (`cnc-telemetry collect`) registers its machines and reports their data gaps.
import type { FastifyInstance } from 'fastify'
import { type ErrorDetail, errors } from '../domain/errors.js'
import { MACHINE_EVENT_KINDS, type MachineEventKind } from '../domain/machineEvent.js'
import type { Queryable } from '../store/db.js'
import { recordMachineEvent } from '../store/machineEvents.js'
import { registerMachine } from '../store/machines.js'
import { jsonObjectBody } from './jsonBody.js'
import { zonedInstant } from './zonedInstant.js'
import { MACHINE_ID, MACHINE_ID_RULE } from '../domain/machineId.js'
import { SAMPLE_SOURCES, type SampleSource } from '../domain/sample.js'

const REGISTRY_FIELDS = ['plant', 'model', 'vendor', 'protocol', 'endpoint'] as const

export function registryRoutes(app: FastifyInstance, db: Queryable): void {
  app.put<{ Params: { id: string } }>('/v1/machines/:id', {
    schema: {
      summary: 'Register a machine or update its registry entry (plant, model, vendor, protocol, endpoint)',
      description: 'Body: a JSON object with any of plant, model, vendor, protocol, endpoint (text up to 256 characters). Its telemetry is not touched.',
      tags: ['machines'],
    },
  }, async (request) => {
    const id = checkId(request.params.id)
    const body = jsonObjectBody(request.body)
    const problems: ErrorDetail[] = []
    for (const key of Object.keys(body)) if (!(REGISTRY_FIELDS as readonly string[]).includes(key)) problems.push({ field: key, reason: `unknown field; accepted: ${REGISTRY_FIELDS.join(', ')}` })
    const entry: Record<string, string | undefined> = {}
    for (const field of REGISTRY_FIELDS) {
      const value = body[field]
      if (value === undefined || value === null) continue
      if (typeof value !== 'string' || value.length > 256) problems.push({ field, reason: 'must be text of at most 256 characters' })
      else entry[field] = value
    }
    const protocol = (entry.protocol ?? 'http') as SampleSource
    if (!(SAMPLE_SOURCES as readonly string[]).includes(protocol)) problems.push({ field: 'protocol', reason: `must be one of ${SAMPLE_SOURCES.join(', ')}; got "${protocol.slice(0, 40)}"` })
    else if (entry.endpoint !== undefined) {
      const problem = endpointProblem(protocol, entry.endpoint)
      if (problem) problems.push({ field: 'endpoint', reason: problem })
    }
    if (problems.length > 0) throw errors.invalidRequest(problems)
    await registerMachine(db, { id, plant: entry.plant, model: entry.model, vendor: entry.vendor, protocol, endpoint: entry.endpoint })
    return { id, ...entry }
  })

  app.post<{ Params: { id: string } }>('/v1/machines/:id/events', {
    schema: {
      summary: 'Record a machine event (data gap, agent restart, connection lost or restored, clock skew)',
      description: `Body: {"timestamp": ISO 8601 with zone, "kind": one of ${MACHINE_EVENT_KINDS.join(', ')}, "detail": object}.`,
      tags: ['machines'],
    },
  }, async (request, reply) => {
    const id = checkId(request.params.id)
    const body = jsonObjectBody(request.body)
    const problems: ErrorDetail[] = []
    const ts = zonedInstant(body.timestamp, 'timestamp', problems)
    if (!(MACHINE_EVENT_KINDS as readonly unknown[]).includes(body.kind)) problems.push({ field: 'kind', reason: `must be one of ${MACHINE_EVENT_KINDS.join(', ')}` })
    const detail = body.detail ?? {}
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) problems.push({ field: 'detail', reason: 'must be a JSON object' })
    if (problems.length > 0 || ts === undefined) throw errors.invalidRequest(problems)
    await recordMachineEvent(db, { machine_id: id, ts, kind: body.kind as MachineEventKind, detail: detail as Record<string, unknown> })
    return reply.code(201).send({ recorded: true })
  })
}

/** The URL schemes each protocol reaches a machine by; anything else (file://, gopher://) is refused. */
const ENDPOINT_SCHEMES: Record<SampleSource, readonly string[]> = {
  mtconnect: ['http:', 'https:'], http: ['http:', 'https:'], opcua: ['opc.tcp:'], mqtt: ['mqtt:', 'mqtts:'],
}

function endpointProblem(protocol: SampleSource, endpoint: string): string | undefined {
  const schemes = ENDPOINT_SCHEMES[protocol]
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return `must be a URL (${schemes.map((s) => `${s}//`).join(' or ')}host:port) for protocol ${protocol}; got "${endpoint.slice(0, 60)}"`
  }
  if (!schemes.includes(url.protocol) || url.hostname === '') return `a ${protocol} endpoint is ${schemes.map((s) => `${s}//`).join(' or ')}host[:port]; got "${endpoint.slice(0, 60)}"`
  return undefined
}

function checkId(id: string): string {
  if (!MACHINE_ID.test(id)) throw errors.invalidRequest([{ field: 'id', reason: `a machine id is ${MACHINE_ID_RULE}` }])
  return id
}

