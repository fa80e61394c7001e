// Turns an ingest request body into items: one JSON object, a JSON array, or NDJSON.
// A body that parses as JSON is accepted whatever its declared type: curl -d sends JSON as
// application/x-www-form-urlencoded, and the seed's own examples do exactly that.
// The body must be UTF-8 and no object may repeat a key (strictJson.ts); Content-Encoding
// was undone before this (api/requestBody.ts).
import { errors, type ErrorDetail } from '../domain/errors.js'
import { DuplicateKeyError, duplicateKeyDetail, jsonRefusal, parseStrictJson } from './strictJson.js'
import { utf8Text } from './utf8Text.js'

export interface DecodedBody {
  items: unknown[]
  /** NDJSON lines that are not JSON; their index is the line's item index. */
  errors: ErrorDetail[]
}

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json-seq']

export function decodeBody(body: Buffer | string | undefined, contentType: string | undefined): DecodedBody {
  const decoded = typeof body === 'string' ? body : body ? utf8Text(body) : ''
  // Some Windows tools start UTF-8 with a byte-order mark; it is not part of the JSON.
  const bom = decoded.charCodeAt(0) === 0xfeff ? 1 : 0
  const text = bom ? decoded.slice(1) : decoded
  if (text.trim() === '') throw errors.emptyBody()
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''

  if (NDJSON_TYPES.includes(type)) return decodeNdjson(decoded, bom)

  let parsed: unknown
  try {
    parsed = parseStrictJson(text)
  } catch (err) {
    if (err instanceof DuplicateKeyError || type === 'application/json' || type.endsWith('+json')) throw jsonRefusal(text, err, decoded, bom)
    // Undeclared or mislabelled NDJSON: several lines, the first of which is a JSON object.
    const lines = text.split('\n').filter((l) => l.trim() !== '')
    if (lines.length > 1 && isJsonObject(lines[0] as string)) return decodeNdjson(decoded, bom)
    throw errors.unsupportedMediaType(type)
  }
  return { items: Array.isArray(parsed) ? parsed : [parsed], errors: [] }
}

/** One item per line of `body` from character `from` on; a bad line is that item's error. */
function decodeNdjson(body: string, from: number): DecodedBody {
  const items: unknown[] = []
  const lineErrors: ErrorDetail[] = []
  let lineStart = from
  let lineNo = 0
  while (lineStart <= body.length) {
    const newline = body.indexOf('\n', lineStart)
    const lineEnd = newline === -1 ? body.length : newline
    const raw = body.slice(lineStart, lineEnd)
    lineNo++
    // application/json-seq (RFC 7464) starts each record with RS.
    const rs = raw.startsWith('\x1e') ? 1 : 0
    const line = rs ? raw.slice(1) : raw
    if (line.trim() !== '') {
      const index = items.length
      try {
        items.push(parseStrictJson(line))
      } catch (err) {
        items.push(undefined)
        lineErrors.push(lineError(index, lineNo, err, body, lineStart + rs))
      }
    }
    lineStart = lineEnd + 1
  }
  return { items, errors: lineErrors }
}

function lineError(index: number, lineNo: number, err: unknown, body: string, start: number): ErrorDetail {
  if (err instanceof DuplicateKeyError) {
    const detail = duplicateKeyDetail(err.duplicate, body, start, false)
    return { index, field: detail.field ?? '', reason: `line ${lineNo} repeats a key: ${detail.reason}` }
  }
  return { index, field: '', reason: `line ${lineNo} is not valid JSON: ${(err as Error).message}` }
}

function isJsonObject(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line)
    return typeof v === 'object' && v !== null && !Array.isArray(v)
  } catch {
    return false
  }
}
