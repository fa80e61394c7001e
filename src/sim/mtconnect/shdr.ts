// SHDR, the adapter→agent line protocol: `timestamp|key|value|key|value...`. How many fields a
// key takes depends on its data item, so lines are split first and read against the device
// model second:
//   event/sample   key|value
//   condition      key|level|native_code|native_severity|qualifier|text
//   MESSAGE        key|native_code|text
//   TIME_SERIES    key|count|rate|v1 v2 ...
// `@ASSET@`-style commands (with `--multiline--TAG` bodies) and `* ` protocol lines are skipped.
import type { DataItemDef } from './deviceModel.js'
import { CONDITION_LEVELS, type ConditionLevel, type Observation } from './observation.js'

export interface ShdrLine {
  /** 1-based line number in the file. */
  lineNumber: number
  /** Epoch ms of the line's timestamp; undefined when the line has none (the agent then uses its own time). */
  recordedAt: number | undefined
  /** The fields after the timestamp. */
  fields: string[]
}

export interface ParsedShdr {
  lines: ShdrLine[]
  /** Asset commands, protocol lines, blank lines. */
  skipped: number
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/

/** Epoch ms of an SHDR timestamp. Mazak adapters omit the zone: such times are UTC, not local. */
export function parseShdrTimestamp(text: string): number | undefined {
  const bare = text.includes('@') ? text.slice(0, text.indexOf('@')) : text // `time@duration`
  if (!TIMESTAMP.test(bare)) return undefined
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(bare) ? bare : `${bare}Z`
  const ms = Date.parse(zoned)
  return Number.isNaN(ms) ? undefined : ms
}

export function parseShdr(text: string): ParsedShdr {
  const raw = text.split(/\r?\n/)
  const lines: ShdrLine[] = []
  let skipped = 0
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i] as string
    if (line.trim() === '' || line.startsWith('*')) {
      skipped++
      continue
    }
    const parts = line.split('|')
    const recordedAt = parseShdrTimestamp(parts[0] ?? '')
    const fields = recordedAt === undefined && !TIMESTAMP.test(parts[0] ?? '') && parts[0] !== '' ? parts : parts.slice(1)
    if ((fields[0] ?? '').startsWith('@')) {
      // An asset command; a multiline body runs until the line repeating its --multiline--TAG.
      const tag = fields.find((f) => f.startsWith('--multiline--'))
      if (tag) {
        do i++
        while (i < raw.length && raw[i] !== tag)
      }
      skipped++
      continue
    }
    lines.push({ lineNumber: i + 1, recordedAt, fields })
  }
  return { lines, skipped }
}

export interface ShdrReading {
  observations: Omit<Observation, 'timestamp'>[]
  /** Keys the device model does not know (the agent ignores them, and their value). */
  unknownKeys: string[]
}

/** Reads one line's fields against the device model (keys are data item ids or names). */
export function readShdrFields(fields: readonly string[], lookup: (key: string) => DataItemDef | undefined): ShdrReading {
  const observations: Omit<Observation, 'timestamp'>[] = []
  const unknownKeys: string[] = []
  let i = 0
  while (i < fields.length) {
    const key = fields[i] as string
    const item = lookup(key)
    const at = (k: number) => fields[i + k] ?? ''
    if (!item) {
      if (key !== '') unknownKeys.push(key)
      i += 2
    } else if (item.category === 'CONDITION') {
      const level = at(1).toUpperCase() as ConditionLevel
      if (CONDITION_LEVELS.includes(level)) {
        const o: Omit<Observation, 'timestamp'> = { dataItemId: item.id, value: at(5), level }
        if (at(2)) o.nativeCode = at(2)
        if (at(3)) o.nativeSeverity = at(3)
        if (at(4)) o.qualifier = at(4)
        observations.push(o)
      }
      i += 6
    } else if (item.type === 'MESSAGE') {
      const o: Omit<Observation, 'timestamp'> = { dataItemId: item.id, value: at(2) }
      if (at(1)) o.nativeCode = at(1)
      observations.push(o)
      i += 3
    } else if (item.representation === 'TIME_SERIES') {
      observations.push({ dataItemId: item.id, value: at(3) })
      i += 4
    } else {
      observations.push({ dataItemId: item.id, value: at(1) })
      i += 2
    }
  }
  return { observations, unknownKeys }
}

/**
 * When each line plays, in recorded ms from the first line. Recordings are not monotonic: the
 * captured Okuma file concatenates sessions (time jumps back minutes at each adapter reconnect),
 * and adapters stamp some lines a few ms before the previous one. So time only moves forward:
 * a small step back plays at once; a pause longer than `maxGapMs` is shortened to it; a jump
 * back further than `maxGapMs` starts a new session that continues from there.
 */
export function replayOffsets(lines: readonly ShdrLine[], maxGapMs: number): number[] {
  const offsets: number[] = []
  let reference: number | undefined
  let offset = 0
  for (const line of lines) {
    const t = line.recordedAt
    if (t !== undefined) {
      if (reference === undefined) reference = t
      const step = t - reference
      if (step > 0) {
        offset += Math.min(step, maxGapMs)
        reference = t
      } else if (step < -maxGapMs) {
        reference = t
      }
    }
    offsets.push(offset)
  }
  return offsets
}
