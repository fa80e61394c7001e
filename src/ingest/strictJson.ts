// JSON.parse with the checks it lacks: a key repeated within one object is refused, not kept
// last. Shared by ingest bodies (decodeBody.ts) and the small JSON bodies (api/jsonBody.ts).
import { AppError, type ErrorDetail, errors } from '../domain/errors.js'
import { type DuplicateKey, duplicateKey, formatPath } from './duplicateKeys.js'
import { jsonErrorOffset, lineAndColumn } from './jsonErrorOffset.js'

export class DuplicateKeyError extends Error {
  constructor(readonly duplicate: DuplicateKey) {
    super(`duplicate key "${duplicate.key}"`)
    this.name = 'DuplicateKeyError'
  }
}

/** The value of a JSON text; throws JSON.parse's SyntaxError, or DuplicateKeyError. */
export function parseStrictJson(text: string): unknown {
  const value: unknown = JSON.parse(text)
  const duplicate = duplicateKey(text, value)
  if (duplicate) throw new DuplicateKeyError(duplicate)
  return value
}

/**
 * Where a repeated key is, for a client to find it: its path, line, column and byte offset.
 * `body` is the whole decoded body and `start` the text's offset in it (an NDJSON line's);
 * with `items`, the body's top-level array indexes are item indexes.
 */
export function duplicateKeyDetail(duplicate: DuplicateKey, body: string, start: number, items: boolean): ErrorDetail {
  const at = start + duplicate.offset
  // An editor does not show a byte-order mark: columns start after it.
  const bom = body.charCodeAt(0) === 0xfeff ? 1 : 0
  const { line, column } = lineAndColumn(body.slice(bom, at), at - bom)
  const byte = Buffer.byteLength(body.slice(0, at))
  const [first, ...rest] = duplicate.path
  const index = items && typeof first === 'number' ? first : undefined
  const field = formatPath(index === undefined ? duplicate.path : rest)
  const item = index === undefined ? '' : ` of item ${index}`
  return { ...(index === undefined ? {} : { index }), field, reason: `the key "${duplicate.key}" appears twice, again at ${field}${item} (line ${line}, column ${column}, byte ${byte})` }
}

/** The API's answer to a JSON text that parseStrictJson refused. */
export function jsonRefusal(text: string, err: unknown, body = text, start = 0): AppError {
  if (err instanceof DuplicateKeyError) return errors.duplicateKey(duplicateKeyDetail(err.duplicate, body, start, true))
  if (err instanceof SyntaxError) return errors.invalidJson(describeSyntaxError(text, err))
  throw err
}

/** JSON.parse's message with the line and column where the text went wrong. */
export function describeSyntaxError(text: string, err: Error): string {
  const reported = /position (\d+)/.exec(err.message)
  let offset = -1
  try {
    offset = reported ? Number(reported[1]) : jsonErrorOffset(text)
  } catch (e) {
    // The locator recurses per nesting level; a body nested deeper than the stack allows gets
    // JSON.parse's message alone.
    if (!(e instanceof RangeError)) throw e
  }
  if (offset < 0) return err.message
  const { line, column } = lineAndColumn(text, offset)
  // Node 22 already appends "(line L column C)"; say it once.
  const message = err.message.replace(/ \(line \d+ column \d+\)$/, '')
  return `${message} (line ${line}, column ${column})`
}
