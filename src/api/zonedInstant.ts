// An instant the API reads from a body or a query: ISO 8601 with a zone, never a local time
// whose meaning depends on the server.
import { FormatRegistry } from '@sinclair/typebox'
import type { ErrorDetail } from '../domain/errors.js'

// The years a shop floor's data can have: within them every date arithmetic and every
// PostgreSQL timestamptz holds (year +275760 does not).
const EARLIEST = Date.UTC(1970, 0, 1)
const LATEST = Date.UTC(3000, 0, 1)

export const ZONED_INSTANT_RULE = 'must be ISO 8601 with a zone, e.g. 2026-03-01T08:00:00Z, from 1970-01-01 to 2999-12-31'

/** Epoch ms of an ISO 8601 instant with a zone within 1970-2999, or undefined. */
export function zonedInstantMs(value: unknown): number | undefined {
  const ms = typeof value === 'string' && /([zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? Date.parse(value) : NaN
  return Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST ? ms : undefined
}

/** Epoch ms, or undefined with the problem (naming `field`) added to `problems`. */
export function zonedInstant(value: unknown, field: string, problems: ErrorDetail[]): number | undefined {
  const ms = zonedInstantMs(value)
  if (ms !== undefined) return ms
  const got = JSON.stringify(value)?.slice(0, 40) ?? 'nothing'
  const parsed = typeof value === 'string' && Number.isFinite(Date.parse(value)) && /([zZ]|[+-]\d{2}:?\d{2})$/.test(value)
  problems.push({ field, reason: parsed
    ? `must be from 1970-01-01 to 2999-12-31; got ${got}`
    : `must be ISO 8601 with a zone, e.g. 2026-03-01T08:00:00Z; got ${got}` })
  return undefined
}

// Body schemas name it as a format (api/jsonBody.ts checks bodies with TypeBox).
FormatRegistry.Set('zoned-instant', (value) => zonedInstantMs(value) !== undefined)
