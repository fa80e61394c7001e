import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { deriveSeed, seededRandom } from './seededRandom.js'

describe('seeded random numbers', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const seqA = Array.from({ length: 20 }, () => a.next())
    assert.deepEqual(seqA, Array.from({ length: 20 }, () => b.next()))
    assert.notDeepEqual(seqA, Array.from({ length: 20 }, () => c.next()))
    assert.ok(seqA.every((x) => x >= 0 && x < 1))
  })

  it('keeps int, between and pick inside their bounds', () => {
    const r = seededRandom(7)
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5)
      assert.ok(Number.isInteger(n) && n >= 3 && n <= 5)
      const x = r.between(-2, 2)
      assert.ok(x >= -2 && x < 2)
    }
    const seen = new Set(Array.from({ length: 200 }, () => r.pick(['a', 'b', 'c'])))
    assert.deepEqual([...seen].sort(), ['a', 'b', 'c'])
    assert.throws(() => r.pick([]), /empty list/)
  })

  it('derives distinct seeds for distinct labels, stable across calls', () => {
    assert.equal(deriveSeed(1, 'CNC-SIM-001'), deriveSeed(1, 'CNC-SIM-001'))
    assert.notEqual(deriveSeed(1, 'CNC-SIM-001'), deriveSeed(1, 'CNC-SIM-002'))
    assert.notEqual(deriveSeed(1, 'CNC-SIM-001'), deriveSeed(2, 'CNC-SIM-001'))
  })
})
