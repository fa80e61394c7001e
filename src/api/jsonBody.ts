// Bodies of the small JSON endpoints (the server reads every body as raw bytes: see server.ts).
import { errors } from '../domain/errors.js'
import { findTextProblem } from '../domain/text.js'

/** The body as a JSON object; a clear 400 when it is not JSON or not an object. */
export function jsonObjectBody(body: unknown): Record<string, unknown> {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : ''
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw errors.invalidJson((err as Error).message)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw errors.invalidRequest([{ field: '', reason: 'the body must be a JSON object' }])
  const unstorable = findTextProblem(value)
  if (unstorable) throw errors.invalidRequest([{ field: unstorable.path, reason: unstorable.reason }])
  return value as Record<string, unknown>
}
