// Bodies of the small JSON endpoints (the server reads every body as raw bytes: see server.ts),
// held to the same rules as ingest bodies: UTF-8, JSON, no key repeated (ingest/strictJson.ts).
import { errors } from '../domain/errors.js'
import { findTextProblem } from '../domain/text.js'
import { jsonRefusal, parseStrictJson } from '../ingest/strictJson.js'
import { utf8Text } from '../ingest/utf8Text.js'

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
