import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { duplicateKey, formatPath, scanForDuplicateKey } from './duplicateKeys.js'

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const KEYS = ['a', 'b', 'machine_id', 'ts:1', 'x"y', 'ü', '']

/** A JSON text written by hand; `repeat` makes one object repeat a key (possibly escaped). */
function jsonText(next: () => number, depth: number, repeat: { pending: boolean }): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T
  const hex = (c: string) => {
    const h = c.charCodeAt(0).toString(16).padStart(4, '0')
    return next() < 0.5 ? h : h.toUpperCase()
  }
  const str = (s: string) => (next() < 0.3 ? `"${[...s].map((c) => `\\u${hex(c)}`).join('')}"` : JSON.stringify(s))
  const r = next()
  if (depth > 3 || r < 0.3) return pick(['1', 'true', 'null', '"12:00:00"', '"a:b"', '"\\u003a"', '"\\u003A"', '"\\u00fc:"', '"\\\\"'])
  if (r < 0.55) return `[${Array.from({ length: Math.floor(next() * 4) }, () => jsonText(next, depth + 1, repeat)).join(',')}]`
  const keys = KEYS.filter(() => next() < 0.5)
  const members = keys.map((k) => `${str(k)}:${jsonText(next, depth + 1, repeat)}`)
  if (repeat.pending && keys.length > 0 && next() < 0.5) {
    repeat.pending = false
    members.splice(Math.floor(next() * (members.length + 1)), 0, `${str(pick(keys))}:${jsonText(next, depth + 1, { pending: false })}`)
  }
  return `{${members.join(',')}}`
}

describe('duplicateKey', () => {
  it('finds a repeated key exactly when the text has one, over 5,000 generated texts with escapes and colons in strings', () => {
    const next = random(13)
    let withRepeat = 0
    for (let n = 0; n < 5_000; n++) {
      const repeat = { pending: next() < 0.5 }
      const wanted = repeat.pending
      const text = jsonText(next, 0, repeat)
      const injected = wanted && !repeat.pending
      if (injected) withRepeat++
      const found = duplicateKey(text, JSON.parse(text))
      assert.equal(found !== undefined, injected, text)
      assert.equal(scanForDuplicateKey(text) !== undefined, injected, text)
    }
    assert.ok(withRepeat > 500, `only ${withRepeat} texts had a repeated key`)
  })

  it('gives the offset of the repeated key and its path', () => {
    const text = '{"a":[{"b":1},{"b":2,"b":3}]}'
    assert.deepEqual(duplicateKey(text, JSON.parse(text)), { key: 'b', path: ['a', 1, 'b'], offset: text.lastIndexOf('"b"') })
  })

  it('walks a deeply nested value without recursion', () => {
    const text = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`
    assert.equal(duplicateKey(text, JSON.parse(text)), undefined)
  })
})

describe('formatPath', () => {
  it('writes keys with dots, indexes and odd keys in brackets', () => {
    assert.equal(formatPath(['meta', 'tags', 2, 'odd key', 'x']), 'meta.tags[2]["odd key"].x')
    assert.equal(formatPath([0, 'a']), '[0].a')
  })
})
