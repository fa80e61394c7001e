// An instant the API reads from a body or a query: ISO 8601 with a zone, never a local time
// whose meaning depends on the server.
import type { ErrorDetail } from '../domain/errors.js'

/** Epoch ms, or undefined with the problem (naming `field`) added to `problems`. */
export function zonedInstant(value: unknown, field: string, problems: ErrorDetail[]): number | undefined {
  const ms = typeof value === 'string' && /([zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? Date.parse(value) : NaN
  if (Number.isFinite(ms)) return ms
  problems.push({ field, reason: `must be ISO 8601 with a zone, e.g. 2026-03-01T08:00:00Z; got ${JSON.stringify(value)?.slice(0, 40) ?? 'nothing'}` })
  return undefined
}
