// Turns an ingest request body into items: one JSON object, a JSON array, or NDJSON.
// A body that parses as JSON is accepted whatever its declared type: curl -d sends JSON as
// application/x-www-form-urlencoded, and the seed's own examples do exactly that.
// The body must be UTF-8 and no object may repeat a key (strictJson.ts); Content-Encoding
// was undone before this (api/contentEncoding.ts).
import { errors, type ErrorDetail } from '../domain/errors.js'
import { type NdjsonLine, linesOfBytes, linesOfText } from './ndjsonLines.js'
import { DuplicateKeyError, type TextStart, duplicateKeyDetail, jsonRefusal, parseStrictJson } from './strictJson.js'
import { decodeUtf8, invalidUtf8Offset } from './utf8Text.js'

export interface DecodedBody {
  items: unknown[]
  /** NDJSON lines refused (not UTF-8, not JSON, a repeated key); their index is the line's item index. */
  errors: ErrorDetail[]
}

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json-seq']

export function decodeBody(body: Buffer | string | undefined, contentType: string | undefined): DecodedBody {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const ndjson = NDJSON_TYPES.includes(type)
  const decoded = typeof body === 'string' ? body : body ? decodeUtf8(body) : ''
  if (decoded === undefined) {
    // Only bytes can fail to decode.
    const bytes = body as Buffer
    // Declared NDJSON: only the lines that are not UTF-8 are refused, like any bad line.
    if (ndjson) return decodeNdjson(linesOfBytes(bytes))
    throw errors.invalidUtf8(Math.max(0, invalidUtf8Offset(bytes)))
  }
  // Some Windows tools start UTF-8 with a byte-order mark; it is not part of the JSON.
  const bom = decoded.charCodeAt(0) === 0xfeff
  const text = bom ? decoded.slice(1) : decoded
  const firstByte = bom ? 3 : 0
  if (text.trim() === '') throw errors.emptyBody()

  if (ndjson) return decodeNdjson(linesOfText(text, firstByte))

  let parsed: unknown
  try {
    parsed = parseStrictJson(text)
  } catch (err) {
    if (err instanceof DuplicateKeyError || type === 'application/json' || type.endsWith('+json')) throw jsonRefusal(text, err, firstByte)
    // Undeclared or mislabelled NDJSON: several lines, the first of which is a JSON object.
    const lines = text.split('\n').filter((l) => l.trim() !== '')
    if (lines.length > 1 && isJsonObject(lines[0] as string)) return decodeNdjson(linesOfText(text, firstByte))
    throw errors.unsupportedMediaType(type)
  }
  return { items: Array.isArray(parsed) ? parsed : [parsed], errors: [] }
}

/** One item per non-blank line; a bad line is that item's error. */
function decodeNdjson(lines: NdjsonLine[]): DecodedBody {
  const items: unknown[] = []
  const lineErrors: ErrorDetail[] = []
  for (const line of lines) {
    const index = items.length
    if (line.text === undefined) {
      items.push(undefined)
      lineErrors.push({ index, field: '', reason: `line ${line.number} is not valid UTF-8 at byte ${line.invalidUtf8At ?? line.byte}` })
      continue
    }
    // application/json-seq (RFC 7464) starts each record with RS.
    const rs = line.text.startsWith('\x1e') ? 1 : 0
    const json = rs ? line.text.slice(1) : line.text
    if (json.trim() === '') continue
    try {
      items.push(parseStrictJson(json))
    } catch (err) {
      items.push(undefined)
      lineErrors.push(lineError(index, line.number, err, json, { line: line.number, column: 1 + rs, byte: line.byte + rs }))
    }
  }
  return { items, errors: lineErrors }
}

function lineError(index: number, lineNo: number, err: unknown, json: string, start: TextStart): ErrorDetail {
  if (err instanceof DuplicateKeyError) {
    const detail = duplicateKeyDetail(err.duplicate, json, start, false)
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
