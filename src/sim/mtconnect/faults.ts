// Faults on demand: what goes wrong between a collector and a real agent, switchable at run time
// (POST /sim/faults, or SimAgent.faults). Settings persist until changed; "Next" counters are
// used up one response (or one streamed part) at a time.
import { type Random, seededRandom } from '../seededRandom.js'

export interface FaultSettings {
  /** Every MTConnect response waits this long before it is computed and sent. */
  delayMs: number
  /** Chance that a request is answered with HTTP 500 (seeded, so reproducible). */
  http500Probability: number
  /** The next N requests are answered with HTTP 500. */
  http500Next: number
  /** The next N responses (or streamed parts) are cut in the middle: well-framed HTTP, broken XML. */
  malformedNext: number
  /** The next N responses (or streamed parts) stop half-way: the socket is destroyed. */
  dropNext: number
  /** Added to observation timestamps from now on: a machine whose clock is off. */
  clockSkewMs: number
}

export const NO_FAULTS: FaultSettings = { delayMs: 0, http500Probability: 0, http500Next: 0, malformedNext: 0, dropNext: 0, clockSkewMs: 0 }

/** The body of POST /sim/faults: settings to change and actions to take, all optional. */
export interface FaultRequest {
  settings: Partial<FaultSettings>
  reset: boolean
  restart: boolean
  burst: number
  powerOff: string[]
  powerOn: string[]
}

export class FaultRequestError extends Error {
  readonly code = 'SIM_INVALID_FAULTS'
}

const LIMITS: Record<keyof FaultSettings, { min: number; max: number; integer: boolean; what: string }> = {
  delayMs: { min: 0, max: 120_000, integer: true, what: 'milliseconds' },
  http500Probability: { min: 0, max: 1, integer: false, what: 'a probability' },
  http500Next: { min: 0, max: 1_000_000, integer: true, what: 'a count of requests' },
  malformedNext: { min: 0, max: 1_000_000, integer: true, what: 'a count of responses' },
  dropNext: { min: 0, max: 1_000_000, integer: true, what: 'a count of responses' },
  clockSkewMs: { min: -86_400_000 * 365, max: 86_400_000 * 365, integer: true, what: 'milliseconds (negative: machine clock behind)' },
}
const ACTIONS = ['reset', 'restart', 'burst', 'powerOff', 'powerOn'] as const
export const ACCEPTED_FAULT_FIELDS: readonly string[] = [...Object.keys(LIMITS), ...ACTIONS]

export function validateFaultSettings(patch: Record<string, unknown>): Partial<FaultSettings> {
  const out: Partial<FaultSettings> = {}
  for (const [field, value] of Object.entries(patch)) {
    const limit = LIMITS[field as keyof FaultSettings]
    if (!limit) throw new FaultRequestError(`unknown field "${field}"; accepted fields: ${ACCEPTED_FAULT_FIELDS.join(', ')}`)
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= limit.min && value <= limit.max && (!limit.integer || Number.isInteger(value))
    if (!ok) {
      const kind = limit.integer ? 'a whole number' : 'a number'
      throw new FaultRequestError(`${field} must be ${kind} from ${limit.min} to ${limit.max} (${limit.what}), got ${JSON.stringify(value)}`)
    }
    out[field as keyof FaultSettings] = value as number
  }
  return out
}

/** Checks a POST /sim/faults body; every error names the field and what it accepts. */
export function parseFaultRequest(body: unknown, deviceNames: readonly string[]): FaultRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new FaultRequestError(`the body must be a JSON object with any of: ${ACCEPTED_FAULT_FIELDS.join(', ')}`)
  const raw = body as Record<string, unknown>
  const settingsPart = Object.fromEntries(Object.entries(raw).filter(([k]) => !(ACTIONS as readonly string[]).includes(k)))
  const request: FaultRequest = { settings: validateFaultSettings(settingsPart), reset: false, restart: false, burst: 0, powerOff: [], powerOn: [] }
  for (const flag of ['reset', 'restart'] as const) {
    if (raw[flag] === undefined) continue
    if (typeof raw[flag] !== 'boolean') throw new FaultRequestError(`${flag} must be true or false, got ${JSON.stringify(raw[flag])}`)
    request[flag] = raw[flag]
  }
  if (raw.burst !== undefined) {
    const burst = raw.burst
    if (typeof burst !== 'number' || !Number.isInteger(burst) || burst < 1 || burst > 1_000_000) throw new FaultRequestError(`burst must be a whole number of observations from 1 to 1000000, got ${JSON.stringify(burst)}`)
    request.burst = burst
  }
  for (const field of ['powerOff', 'powerOn'] as const) {
    const value = raw[field]
    if (value === undefined) continue
    const names = typeof value === 'string' ? [value] : value
    if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string')) throw new FaultRequestError(`${field} must be a device name or a list of them (${deviceNames.join(', ')}), got ${JSON.stringify(value)}`)
    const unknown = names.find((n) => !deviceNames.includes(n))
    if (unknown !== undefined) throw new FaultRequestError(`${field}: no device named "${unknown}"; devices: ${deviceNames.join(', ')}`)
    request[field] = names
  }
  return request
}

/** The fault settings in force and the counters the HTTP layer consumes. */
export class FaultState {
  private current: FaultSettings
  private readonly random: Random

  constructor(initial: Partial<FaultSettings> = {}, seed = 0) {
    this.current = { ...NO_FAULTS, ...validateFaultSettings(initial) }
    this.random = seededRandom(seed ^ 0x5eed)
  }

  get settings(): FaultSettings {
    return { ...this.current }
  }

  set(patch: Partial<FaultSettings>): FaultSettings {
    this.current = { ...this.current, ...validateFaultSettings(patch) }
    return this.settings
  }

  reset(): void {
    this.current = { ...NO_FAULTS }
  }

  /** Whether this request gets a 500 (uses up one http500Next, or rolls http500Probability). */
  takeHttp500(): boolean {
    if (this.current.http500Next > 0) {
      this.current.http500Next--
      return true
    }
    return this.current.http500Probability > 0 && this.random.next() < this.current.http500Probability
  }

  takeMalformed(): boolean {
    return this.take('malformedNext')
  }

  takeDrop(): boolean {
    return this.take('dropNext')
  }

  private take(field: 'malformedNext' | 'dropNext'): boolean {
    if (this.current[field] <= 0) return false
    this.current[field]--
    return true
  }
}
