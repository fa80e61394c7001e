// The lines of an NDJSON body, each with its line number and the byte offset where it starts,
// so that a problem in one line can be reported (and the line refused) without the others.
import { decodeUtf8, invalidUtf8Offset } from './utf8Text.js'

export interface NdjsonLine {
  /** 1-based line number in the body. */
  number: number
  /** Byte offset of the line's first byte in the body as sent. */
  byte: number
  /** The line's text; undefined when its bytes are not UTF-8. */
  text?: string
  /** Offset in the body of the first byte that is not UTF-8, when text is undefined. */
  invalidUtf8At?: number
}

/** The lines of a decoded body whose first character is at byte `firstByte` (after a BOM: 3). */
export function linesOfText(text: string, firstByte: number): NdjsonLine[] {
  const lines: NdjsonLine[] = []
  let start = 0
  let byte = firstByte
  for (let number = 1; start <= text.length; number++) {
    const newline = text.indexOf('\n', start)
    const end = newline === -1 ? text.length : newline
    const line = text.slice(start, end)
    lines.push({ number, byte, text: line })
    byte += Buffer.byteLength(line) + 1
    start = end + 1
  }
  return lines
}

/**
 * The lines of a body that is not all UTF-8, split on its bytes: 0x0A never occurs inside a
 * multi-byte UTF-8 sequence (RFC 3629 §3), so every good line decodes as it would in a good body.
 */
export function linesOfBytes(body: Buffer): NdjsonLine[] {
  const lines: NdjsonLine[] = []
  const bom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0
  let start = bom
  for (let number = 1; start <= body.length; number++) {
    const newline = body.indexOf(0x0a, start)
    const end = newline === -1 ? body.length : newline
    const bytes = body.subarray(start, end)
    const text = decodeUtf8(bytes)
    lines.push(text === undefined ? { number, byte: start, invalidUtf8At: start + Math.max(0, invalidUtf8Offset(bytes)) } : { number, byte: start, text })
    start = end + 1
  }
  return lines
}
