// The telemetry sample contract (DESIGN.md, "Data contract"): its type and its validation.
// Pure: the clock and the retention window are passed in.
import { MACHINE_ID_RULE, isMachineId } from './machineId.js'
import { type SampleField, type SampleSource, type SampleValues, SAMPLE_FIELDS, SAMPLE_FIELD_NAMES } from './sampleFields.js'
import { textProblem } from './text.js'

export { MACHINE_STATES, SAMPLE_SOURCES } from './sampleFields.js'
export type { MachineState, SampleSource } from './sampleFields.js'

/** A validated sample: its key (machine, epoch milliseconds: the contract keeps ms precision) and its fields. */
export type Sample = { machine_id: string; ts: number; src: SampleSource } & Omit<SampleValues, 'src'>

/** A sample in the contract's JSON shape (what POST /v1/telemetry/ingest takes and history answers). */
export type SampleJson = { machine_id: string; timestamp: string; src: SampleSource } & Omit<SampleValues, 'src'>

export interface ItemError {
  /** Position of the item in the request (0-based); -1 when the whole body is concerned. */
  index: number
  field: string
  reason: string
}

export interface ValidationWindow {
  now: number
  /** Oldest accepted timestamp is now - retentionMs. */
  retentionMs: number
  /** Newest accepted timestamp is now + maxFutureMs. */
  maxFutureMs: number
}

export const MAX_FUTURE_MS = 5 * 60_000

// ISO 8601 date-time with an explicit zone; seconds and fraction optional.
const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i

const KNOWN_FIELDS = ['machine_id', 'timestamp', ...SAMPLE_FIELD_NAMES]
const KNOWN = new Set(KNOWN_FIELDS)

export type SampleCheck = { ok: true; sample: Sample } | { ok: false; errors: ItemError[] }

/** Checks one decoded JSON item against the contract; reports every problem, not just the first. */
export function validateSample(item: unknown, index: number, window: ValidationWindow): SampleCheck {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { ok: false, errors: [{ index, field: '', reason: `expected a JSON object, got ${describe(item)}` }] }
  }
  const raw = item as Record<string, unknown>
  const errors: ItemError[] = []
  const fail = (field: string, reason: string) => errors.push({ index, field, reason })

  for (const key of Object.keys(raw)) {
    if (!KNOWN.has(key)) fail(key, `unknown field; accepted fields are ${KNOWN_FIELDS.join(', ')}`)
  }

  const machineId = raw.machine_id
  if (machineId === undefined || machineId === null) fail('machine_id', 'is required')
  else if (typeof machineId !== 'string') fail('machine_id', `must be a string, got ${describe(machineId)}`)
  else if (!isMachineId(machineId)) fail('machine_id', `must be ${MACHINE_ID_RULE}; got "${clip(machineId)}"`)

  const ts = checkTimestamp(raw.timestamp, window, fail)

  const sample: Sample = { machine_id: machineId as string, ts: ts ?? 0, src: 'http' }
  const values = sample as Record<SampleField, unknown>
  for (const field of SAMPLE_FIELD_NAMES) {
    const value = checkField(raw[field], field, fail)
    if (value !== undefined) values[field] = value
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, sample }
}

function checkTimestamp(value: unknown, window: ValidationWindow, fail: (f: string, r: string) => void): number | undefined {
  const field = 'timestamp'
  if (value === undefined || value === null) return void fail(field, 'is required')
  if (typeof value !== 'string') return void fail(field, `must be an ISO 8601 string, got ${describe(value)}`)
  const m = ISO_WITH_ZONE.exec(value)
  if (!m) return void fail(field, `must be ISO 8601 with a zone (Z or ±hh:mm), e.g. 2026-03-01T08:00:00.000Z; got "${clip(value)}"`)
  const [, y, mo, d, h, mi, s] = m
  // A leap second (23:59:60, as GPS-disciplined and PTP clocks send it) is the minute's last
  // millisecond: JavaScript time has no 61st second, and the sample keeps its order.
  const leap = s === '60'
  const text = leap ? value.replace(/:60(\.\d+)?/, ':59.999') : value
  // Date.parse wants ±hh:mm; ISO 8601 also allows ±hh and ±hhmm.
  const ms = Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2}):?(\d{2})?$/, (_z, hh: string, mm?: string) => `${hh}:${mm ?? '00'}`))
  const calendarOk = Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 &&
    Number(d) <= daysInMonth(Number(y), Number(mo)) && Number(h) <= 23 && Number(mi) <= 59 && (leap || Number(s ?? 0) <= 59)
  if (!Number.isFinite(ms) || !calendarOk) return void fail(field, `is not a valid date-time: "${clip(value)}"`)
  const oldest = window.now - window.retentionMs
  if (ms < oldest) {
    return void fail(field, `is older than the retention window (${formatDuration(window.retentionMs)}): oldest accepted is ${new Date(oldest).toISOString()}`)
  }
  if (ms > window.now + window.maxFutureMs) {
    return void fail(field, `is more than ${formatDuration(window.maxFutureMs)} in the future (server time ${new Date(window.now).toISOString()}); check the sender's clock`)
  }
  return ms
}

/** One field against its entry in the table; undefined (and the problem reported) when it fails. */
function checkField(value: unknown, field: SampleField, fail: (f: string, r: string) => void): number | string | undefined {
  if (value === undefined || value === null) return undefined
  const spec = SAMPLE_FIELDS[field]
  switch (spec.kind) {
    case 'number': {
      const { max, integer, unit } = spec
      if (typeof value !== 'number') return void fail(field, `must be a number, got ${describe(value)}`)
      if (!Number.isFinite(value)) return void fail(field, 'must be a finite number')
      if (value < 0) return void fail(field, `must be >= 0, got ${value}`)
      if (integer && !Number.isInteger(value)) return void fail(field, `must be a whole number, got ${value}`)
      if (value > max) return void fail(field, `must be at most ${max.toLocaleString('en-US')}${unit ? ` ${unit}` : ''}, got ${value}`)
      return value
    }
    case 'enum':
      if (typeof value === 'string' && (spec.values as readonly string[]).includes(value)) return value
      return void fail(field, `must be one of ${spec.values.join(', ')}; got ${typeof value === 'string' ? `"${clip(value)}"` : describe(value)}`)
    case 'text': {
      if (typeof value !== 'string') return void fail(field, `must be a string, got ${describe(value)}`)
      if (value.length > spec.maxLength) return void fail(field, `must be at most ${spec.maxLength} characters, got ${value.length}`)
      const problem = textProblem(value)
      return problem ? void fail(field, problem) : value
    }
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `the string "${clip(value)}"`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s % 86400 === 0) return s === 86400 ? '1 day' : `${s / 86400} days`
  if (s % 3600 === 0) return `${s / 3600} h`
  if (s % 60 === 0) return `${s / 60} min`
  return `${s} s`
}

/** The sample as the API shows it (timestamp back to ISO). */
export function sampleToJson(sample: Sample): SampleJson {
  const { ts, ...rest } = sample
  return { ...rest, timestamp: new Date(ts).toISOString() }
}
