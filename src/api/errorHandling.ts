// One place that turns every failure into the JSON error shape of DESIGN.md:
// { "error": code, "message": human text, "details": [...] }.
import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError, errors } from '../domain/errors.js'
import { findTextProblem } from '../domain/text.js'
import { httpHeaders, httpStatus } from './httpErrors.js'
import { PATTERN_RULES } from './routeSchemas.js'

export function installErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      return reply.code(httpStatus(err)).headers(httpHeaders(err)).send({ error: err.code, message: err.message, details: err.details })
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const e = errors.bodyTooLarge(bodyLimit)
      return reply.code(httpStatus(e)).send({ error: e.code, message: e.message, details: [] })
    }
    if (err.validation) {
      const details = err.validation.map((v) => {
        const field = (v.instancePath || '').replace(/^\//, '') || String((v.params as { missingProperty?: string }).missingProperty ?? '')
        const pattern = v.keyword === 'pattern' ? PATTERN_RULES[String((v.params as { pattern?: string }).pattern)] : undefined
        return { field: field || err.validationContext || 'request', reason: pattern ?? v.message ?? 'is invalid' }
      })
      const e = errors.badQuery(details)
      return reply.code(400).send({ error: e.code, message: e.message, details })
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: (err.code ?? 'bad_request').toLowerCase(), message: err.message, details: [] })
    }
    request.log.error({ err }, 'unhandled error')
    return reply.code(500).send({ error: 'internal_error', message: 'the server failed unexpectedly; the log has the details', details: [] })
  })
  // No parameter reaches a route with a NUL or a lone surrogate: no database text holds either.
  app.addHook('preValidation', async (request) => {
    for (const [part, values] of [['path', request.params], ['query', request.query]] as const) {
      const found = findTextProblem(values)
      if (found) throw errors.badQuery([{ field: found.path || part, reason: `the ${part} parameter ${found.reason}` }])
    }
  })
  // Ajv coerces "Infinity" (and 1e400) in a query to Infinity and lets it pass as an integer
  // within any minimum and maximum: a number a route receives is finite, or the request is refused.
  app.addHook('preHandler', async (request) => {
    for (const [part, values] of [['path', request.params], ['query', request.query]] as const) {
      for (const [field, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
        if (typeof value === 'number' && !Number.isFinite(value)) throw errors.badQuery([{ field, reason: `the ${part} parameter must be a finite number; got ${value}` }])
      }
    }
  })
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}; see /docs for the API`, details: [] })
  })
}
