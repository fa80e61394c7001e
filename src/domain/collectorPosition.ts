// Where a collector stands in its source's sequence space: for MTConnect, the agent's
// instanceId and the next sequence to read. Stored with the samples read up to it (same
// transaction), so a restarted collector resumes there and loses nothing the source still holds.
import type { ErrorDetail } from './errors.js'
import { textProblem } from './text.js'

export interface CollectorPosition {
  machine_id: string
  /** The source's instance (MTConnect instanceId): sequences of another instance mean nothing. */
  instance_id: string
  /** The first sequence not yet stored. */
  next_sequence: number
}

export interface StoredCollectorPosition extends CollectorPosition {
  /** Newest sample timestamp of the machine stored with a position (epoch ms), null if none. */
  last_sample_at: number | null
  updated_at: number
}

/** Checks a position sent over the API (POST /v1/collectors/{id}/samples); reports every problem. */
export function positionProblems(raw: unknown, field = 'position'): ErrorDetail[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [{ field, reason: 'must be an object {"instance_id": string, "next_sequence": whole number}' }]
  const p = raw as Record<string, unknown>
  const problems: ErrorDetail[] = []
  for (const key of Object.keys(p)) if (key !== 'instance_id' && key !== 'next_sequence') problems.push({ field: `${field}.${key}`, reason: 'unknown field; accepted fields are instance_id, next_sequence' })
  const instance = p.instance_id
  if (typeof instance !== 'string' || instance.length === 0 || instance.length > 128) problems.push({ field: `${field}.instance_id`, reason: 'must be a string of 1 to 128 characters' })
  else {
    const bad = textProblem(instance)
    if (bad) problems.push({ field: `${field}.instance_id`, reason: bad })
  }
  const next = p.next_sequence
  if (typeof next !== 'number' || !Number.isSafeInteger(next) || next < 0) problems.push({ field: `${field}.next_sequence`, reason: `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}` })
  return problems
}
