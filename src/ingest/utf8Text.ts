// A request body as text, refusing bytes that are not UTF-8 instead of replacing them with
// U+FFFD (what Buffer#toString does): a replaced byte would be stored as data nobody sent.
import { errors } from '../domain/errors.js'

// fatal: throw on the first bad sequence; ignoreBOM: keep a byte-order mark, so that the
// callers' character offsets map to byte offsets of the body as sent.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The body decoded as UTF-8; invalid_utf8 (400) naming the first bad byte's offset. */
export function utf8Text(body: Uint8Array): string {
  const text = decodeUtf8(body)
  if (text === undefined) throw errors.invalidUtf8(Math.max(0, invalidUtf8Offset(body)))
  return text
}

/** The bytes as UTF-8 text, or undefined when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes)
  } catch {
    return undefined
  }
}

/**
 * Offset of the first byte that starts an ill-formed sequence (RFC 3629 §4: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or -1 when all of it is UTF-8. Only called once the
 * decoder has refused the body, which does not say where.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  const n = bytes.length
  let i = 0
  while (i < n) {
    const lead = bytes[i] as number
    if (lead < 0x80) { i++; continue }
    let continuation: number
    let low = 0x80
    let high = 0xbf
    if (lead >= 0xc2 && lead <= 0xdf) continuation = 1
    else if (lead >= 0xe0 && lead <= 0xef) {
      continuation = 2
      if (lead === 0xe0) low = 0xa0 // overlong
      if (lead === 0xed) high = 0x9f // UTF-16 surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuation = 3
      if (lead === 0xf0) low = 0x90 // overlong
      if (lead === 0xf4) high = 0x8f // above U+10FFFF
    } else return i
    const second = bytes[i + 1]
    if (second === undefined || second < low || second > high) return i
    for (let k = 2; k <= continuation; k++) {
      const next = bytes[i + k]
      if (next === undefined || (next & 0xc0) !== 0x80) return i
    }
    i += continuation + 1
  }
  return -1
}
