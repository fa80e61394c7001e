// Bodies of the small JSON endpoints (the server reads every body as raw bytes: see server.ts),
// held to the same rules as ingest bodies: UTF-8, JSON, no key repeated (ingest/strictJson.ts),
// then checked against the route's TypeBox schema, every problem reported with its field.
// A route declares `config: { jsonBody: { schema } }`; the body reaches its handler parsed.
// Fastify's own body validation is not used: it would see the raw bytes, and Ajv stops at the
// first error where a client fixing a form wants them all.
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import type { TSchema } from '@sinclair/typebox'
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value'
import { type ErrorDetail, errors } from '../domain/errors.js'
import { findTextProblem } from '../domain/text.js'
import { jsonRefusal, parseStrictJson } from '../ingest/strictJson.js'
import { utf8Text } from '../ingest/utf8Text.js'

export interface JsonBody {
  /** A function when what is accepted follows the configuration (downtime reasons, rule names). */
  schema: TSchema | (() => TSchema)
  /** An empty body reads as {}. */
  optional?: boolean
}

declare module 'fastify' {
  interface FastifyContextConfig {
    jsonBody?: JsonBody
    /** A body its route reads itself (ingest: JSON, NDJSON, compressed…), shown in /docs. */
    documentedBody?: TSchema
  }
}

export const bodySchema = (body: JsonBody): TSchema => (typeof body.schema === 'function' ? body.schema() : body.schema)

/** The body as a JSON object; a clear 400 when it is not JSON or not an object. */
export function jsonObjectBody(body: unknown): Record<string, unknown> {
  const decoded = Buffer.isBuffer(body) ? utf8Text(body) : ''
  const bom = decoded.charCodeAt(0) === 0xfeff ? 1 : 0
  const text = decoded.slice(bom)
  let value: unknown
  try {
    value = parseStrictJson(text)
  } catch (err) {
    throw jsonRefusal(text, err, bom ? 3 : 0)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw errors.invalidRequest([{ field: '', reason: 'the body must be a JSON object' }])
  const unstorable = findTextProblem(value)
  if (unstorable) throw errors.invalidRequest([{ field: unstorable.path, reason: unstorable.reason }])
  return value as Record<string, unknown>
}

/** Routes of this scope that declare a JSON body get it parsed and checked before their handler. */
export function parseJsonBodies(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const body = route.config?.jsonBody
    if (!body) return
    const parse: preHandlerAsyncHookHandler = async (request: FastifyRequest) => {
      request.body = checkedBody(request.body, body)
    }
    // After the route's own preHandlers (a path parameter is checked before the body).
    route.preHandler = [...(route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]), parse]
  })
}

function checkedBody(raw: unknown, body: JsonBody): Record<string, unknown> {
  const value = body.optional && (!Buffer.isBuffer(raw) || raw.length === 0) ? {} : jsonObjectBody(raw)
  const schema = bodySchema(body)
  const problems = new Map<string, ErrorDetail>()
  for (const e of Value.Errors(schema, value)) {
    const field = fieldOf(e.path)
    if (!problems.has(field)) problems.set(field, { field, reason: reasonOf(e) })
  }
  if (problems.size > 0) throw errors.invalidRequest([...problems.values()])
  return value
}

/** "/position/instance_id" → "position.instance_id", "/shifts/0/name" → "shifts[0].name". */
function fieldOf(path: string): string {
  return path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((field, part) => (/^\d+$/.test(part) ? `${field}[${part}]` : field ? `${field}.${part}` : part), '')
}

/** The schema's own words (`errorMessage`) where it has them: TypeBox's say "Expected string". */
function reasonOf(e: ValueError): string {
  if (e.type === ValueErrorType.ObjectAdditionalProperties) {
    return `unknown field; accepted: ${Object.keys((e.schema as { properties?: object }).properties ?? {}).join(', ')}`
  }
  const own = (e.schema as { errorMessage?: unknown }).errorMessage
  return typeof own === 'string' ? own : e.message.toLowerCase()
}
