// Turns an ingest request body into items: one JSON object, a JSON array, or NDJSON.
// A body that parses as JSON is accepted whatever its declared type: curl -d sends JSON as
// application/x-www-form-urlencoded, and the seed's own examples do exactly that.
import { errors, type ErrorDetail } from '../domain/errors.js'

export interface DecodedBody {
  items: unknown[]
  /** NDJSON lines that are not JSON; their index is the line's item index. */
  errors: ErrorDetail[]
}

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json-seq']

export function decodeBody(body: Buffer | string | undefined, contentType: string | undefined): DecodedBody {
  const text = typeof body === 'string' ? body : body ? body.toString('utf8') : ''
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
  lines.forEach((line, lineNo) => {
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

/** V8's message gives a position; a line and column are easier to find in a payload. */
function jsonErrorWithLine(text: string, err: Error): string {
  const m = /position (\d+)/.exec(err.message)
  if (!m) return err.message
  const pos = Number(m[1])
  const before = text.slice(0, pos)
  const line = before.split('\n').length
  const column = pos - before.lastIndexOf('\n')
  return `${err.message} (line ${line}, column ${column})`
}
