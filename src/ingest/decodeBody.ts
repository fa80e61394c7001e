// Turns an ingest request body into items: one JSON object, a JSON array, or NDJSON.
// A body that parses as JSON is accepted whatever its declared type: curl -d sends JSON as
// application/x-www-form-urlencoded, and the seed's own examples do exactly that.
import { errors, type ErrorDetail } from '../domain/errors.js'
import { jsonErrorOffset, lineAndColumn } from './jsonErrorOffset.js'

export interface DecodedBody {
  items: unknown[]
  /** NDJSON lines that are not JSON; their index is the line's item index. */
  errors: ErrorDetail[]
}

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json-seq']

export function decodeBody(body: Buffer | string | undefined, contentType: string | undefined): DecodedBody {
  const decoded = typeof body === 'string' ? body : body ? body.toString('utf8') : ''
  // Some Windows tools start UTF-8 with a byte-order mark; it is not part of the JSON.
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded
  if (text.trim() === '') throw errors.emptyBody()
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''

  if (NDJSON_TYPES.includes(type)) return decodeNdjson(text)

  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    if (type === 'application/json' || type.endsWith('+json')) throw errors.invalidJson(jsonErrorWithLine(text, err as Error))
    // Undeclared or mislabelled NDJSON: several lines, the first of which is a JSON object.
    const lines = text.split('\n').filter((l) => l.trim() !== '')
    if (lines.length > 1 && isJsonObject(lines[0] as string)) return decodeNdjson(text)
    throw errors.unsupportedMediaType(type)
  }
  return { items: Array.isArray(parsed) ? parsed : [parsed], errors: [] }
}

function decodeNdjson(text: string): DecodedBody {
  const items: unknown[] = []
  const lineErrors: ErrorDetail[] = []
  const lines = text.split('\n')
  lines.forEach((raw, lineNo) => {
    // application/json-seq (RFC 7464) starts each record with RS.
    const line = raw.startsWith('\x1e') ? raw.slice(1) : raw
    if (line.trim() === '') return
    const index = items.length
    try {
      items.push(JSON.parse(line))
    } catch (err) {
      items.push(undefined)
      lineErrors.push({ index, field: '', reason: `line ${lineNo + 1} is not valid JSON: ${(err as Error).message}` })
    }
  })
  return { items, errors: lineErrors }
}

function isJsonObject(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line)
    return typeof v === 'object' && v !== null && !Array.isArray(v)
  } catch {
    return false
  }
}

function jsonErrorWithLine(text: string, err: Error): string {
  const reported = /position (\d+)/.exec(err.message)
  const offset = reported ? Number(reported[1]) : jsonErrorOffset(text)
  if (offset < 0) return err.message
  const { line, column } = lineAndColumn(text, offset)
  // Node 22 already appends "(line L column C)"; say it once.
  const message = err.message.replace(/ \(line \d+ column \d+\)$/, '')
  return `${message} (line ${line}, column ${column})`
}
