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

/** Where a text starts in the body: line, column (1-based) and byte offset of its first character. */
export interface TextStart {
  line: number
  column: number
  byte: number
}

/**
 * Where a repeated key is, for a client to find it: its path, line, column and byte offset in
 * the body, of which `text` starts at `start`. With `items`, the text's top-level array
 * indexes are item indexes.
 */
export function duplicateKeyDetail(duplicate: DuplicateKey, text: string, start: TextStart, items: boolean): ErrorDetail {
  const before = text.slice(0, duplicate.offset)
  const within = lineAndColumn(before, duplicate.offset)
  const line = start.line + within.line - 1
  const column = within.line === 1 ? start.column + within.column - 1 : within.column
  const byte = start.byte + Buffer.byteLength(before)
  const [first, ...rest] = duplicate.path
  const index = items && typeof first === 'number' ? first : undefined
  const field = formatPath(index === undefined ? duplicate.path : rest)
  const item = index === undefined ? '' : ` of item ${index}`
  return { ...(index === undefined ? {} : { index }), field, reason: `the key "${duplicate.key}" appears twice, again at ${field}${item} (line ${line}, column ${column}, byte ${byte})` }
}

/** The API's answer to a JSON text that parseStrictJson refused; the text starts at `firstByte` of the body. */
export function jsonRefusal(text: string, err: unknown, firstByte = 0): AppError {
  if (err instanceof DuplicateKeyError) return errors.duplicateKey(duplicateKeyDetail(err.duplicate, text, { line: 1, column: 1, byte: firstByte }, true))
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
