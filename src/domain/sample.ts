// The telemetry sample contract (DESIGN.md, "Data contract"): its type and its validation.
// Pure: the clock and the retention window are passed in.

export const MACHINE_STATES = ['running', 'idle', 'stopped', 'offline'] as const
export type MachineState = (typeof MACHINE_STATES)[number]

export const SAMPLE_SOURCES = ['mtconnect', 'opcua', 'mqtt', 'http'] as const
export type SampleSource = (typeof SAMPLE_SOURCES)[number]

export interface Sample {
  machine_id: string
  /** Epoch milliseconds (the contract keeps ms precision). */
  ts: number
  rpm?: number
  feed_mm_min?: number
  state?: MachineState
  part_count?: number
  program?: string
  execution?: string
  mode?: string
  alarm?: string
  sequence?: number
  src: SampleSource
}

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

const MACHINE_ID = /^[A-Za-z0-9._-]{1,64}$/
// ISO 8601 date-time with an explicit zone; seconds and fraction optional.
const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i

const TEXT_FIELDS = { program: 256, execution: 64, mode: 64, alarm: 1024 } as const
const KNOWN_FIELDS = new Set([
  'machine_id', 'timestamp', 'rpm', 'feed_mm_min', 'state', 'part_count',
  'program', 'execution', 'mode', 'alarm', 'sequence', 'src',
])

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
    if (!KNOWN_FIELDS.has(key)) fail(key, `unknown field; accepted fields are ${[...KNOWN_FIELDS].join(', ')}`)
  }

  const machineId = raw.machine_id
  if (machineId === undefined || machineId === null) fail('machine_id', 'is required')
  else if (typeof machineId !== 'string') fail('machine_id', `must be a string, got ${describe(machineId)}`)
  else if (!MACHINE_ID.test(machineId)) fail('machine_id', 'must be 1-64 characters of A-Z a-z 0-9 . _ -')

  const ts = checkTimestamp(raw.timestamp, window, fail)

  const sample: Sample = { machine_id: machineId as string, ts: ts ?? 0, src: 'http' }
  const rpm = checkNumber(raw.rpm, 'rpm', fail)
  if (rpm !== undefined) sample.rpm = rpm
  const feed = checkNumber(raw.feed_mm_min, 'feed_mm_min', fail)
  if (feed !== undefined) sample.feed_mm_min = feed
  const partCount = checkNumber(raw.part_count, 'part_count', fail, true)
  if (partCount !== undefined) sample.part_count = partCount
  const sequence = checkNumber(raw.sequence, 'sequence', fail, true)
  if (sequence !== undefined) sample.sequence = sequence

  const state = checkEnum(raw.state, 'state', MACHINE_STATES, fail)
  if (state !== undefined) sample.state = state
  const src = checkEnum(raw.src, 'src', SAMPLE_SOURCES, fail)
  if (src !== undefined) sample.src = src

  for (const [field, max] of Object.entries(TEXT_FIELDS) as [keyof typeof TEXT_FIELDS, number][]) {
    const value = raw[field]
    if (value === undefined || value === null) continue
    if (typeof value !== 'string') fail(field, `must be a string, got ${describe(value)}`)
    else if (value.length > max) fail(field, `must be at most ${max} characters, got ${value.length}`)
    else sample[field] = value
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, sample }
}

function checkTimestamp(value: unknown, window: ValidationWindow, fail: (f: string, r: string) => void): number | undefined {
  const field = 'timestamp'
  if (value === undefined || value === null) return void fail(field, 'is required')
  if (typeof value !== 'string') return void fail(field, `must be an ISO 8601 string, got ${describe(value)}`)
  const m = ISO_WITH_ZONE.exec(value)
  if (!m) return void fail(field, `must be ISO 8601 with a zone (Z or ±hh:mm), e.g. 2026-03-01T08:00:00.000Z; got "${clip(value)}"`)
  // Date.parse wants ±hh:mm; ISO 8601 also allows ±hh and ±hhmm.
  const ms = Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2}):?(\d{2})?$/, (_z, h: string, m?: string) => `${h}:${m ?? '00'}`))
  const [, y, mo, d, h, mi, s] = m
  const calendarOk = Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 &&
    Number(d) <= daysInMonth(Number(y), Number(mo)) && Number(h) <= 23 && Number(mi) <= 59 && Number(s ?? 0) <= 59
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

function checkNumber(value: unknown, field: string, fail: (f: string, r: string) => void, integer = false): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number') return void fail(field, `must be a number, got ${describe(value)}`)
  if (!Number.isFinite(value)) return void fail(field, 'must be a finite number')
  if (value < 0) return void fail(field, `must be >= 0, got ${value}`)
  if (integer && !Number.isSafeInteger(value)) return void fail(field, `must be a whole number below 2^53, got ${value}`)
  return value
}

function checkEnum<T extends string>(value: unknown, field: string, allowed: readonly T[], fail: (f: string, r: string) => void): T | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  fail(field, `must be one of ${allowed.join(', ')}; got ${typeof value === 'string' ? `"${clip(value)}"` : describe(value)}`)
  return undefined
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
export function sampleToJson(sample: Sample): Record<string, unknown> {
  const { ts, ...rest } = sample
  return { ...rest, timestamp: new Date(ts).toISOString() }
}
