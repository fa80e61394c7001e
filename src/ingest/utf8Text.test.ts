import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { invalidUtf8Offset } from './utf8Text.js'

const strict = new TextDecoder('utf-8', { fatal: true })
const isValid = (bytes: Uint8Array) => {
  try {
    strict.decode(bytes)
    return true
  } catch {
    return false
  }
}

describe('invalidUtf8Offset', () => {
  it('names the first byte of each kind of ill-formed sequence (RFC 3629)', () => {
    const cases: [string, number[], number][] = [
      ['a lone continuation byte', [0x61, 0x80], 1],
      ['an overlong two-byte form', [0x61, 0x62, 0xc0, 0xaf], 2],
      ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 0],
      ['a UTF-16 surrogate', [0x20, 0xed, 0xa0, 0x80], 1],
      ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
      ['a sequence cut short by the end', [0x7b, 0xe2, 0x82], 1],
      ['a sequence cut short by ASCII', [0xc3, 0x41], 0],
      ['Latin-1 ü', [0x22, 0xfc, 0x22], 1],
    ]
    for (const [what, bytes, offset] of cases) assert.equal(invalidUtf8Offset(Uint8Array.from(bytes)), offset, what)
    assert.equal(invalidUtf8Offset(Buffer.from('Spindelüberlast €𝄞', 'utf8')), -1)
  })

  it('agrees with the strict TextDecoder on 20,000 random byte strings', () => {
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    for (let n = 0; n < 20_000; n++) {
      // Mostly valid text with a few random bytes, so that both outcomes are common.
      const text = Buffer.from(['a', 'ü', '€', '𝄞', '"'].filter(() => next() < 0.6).join(''), 'utf8')
      const bytes = Uint8Array.from(text)
      if (next() < 0.5 && bytes.length > 0) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256)
      const offset = invalidUtf8Offset(bytes)
      assert.equal(offset === -1, isValid(bytes), Buffer.from(bytes).toString('hex'))
      if (offset >= 0) assert.ok(isValid(bytes.subarray(0, offset)), `the bytes before ${offset} are valid: ${Buffer.from(bytes).toString('hex')}`)
    }
  })
})
