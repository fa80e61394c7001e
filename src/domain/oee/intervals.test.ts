import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { clip, clipEach, hull, intersect, normalize, subtract, totalMs, union, type Interval } from './intervals.js'

// Small coordinates make overlaps, touching ends and empty intervals frequent.
const interval = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 })).map(([start, end]) => ({ start, end }))
const set = fc.array(interval, { maxLength: 8 })

function isNormalized(xs: Interval[]): boolean {
  return xs.every((x, i) => x.end > x.start && (i === 0 || x.start > (xs[i - 1] as Interval).end))
}

/** The set as a bitmap of unit slots, a brute-force model to check the algebra against. */
function slots(xs: readonly Interval[]): Set<number> {
  const out = new Set<number>()
  for (const x of xs) for (let t = x.start; t < x.end; t++) out.add(t)
  return out
}

describe('intervals', () => {
  it('normalizes: sorts, merges overlapping and touching members, drops empty and inverted ones', () => {
    assert.deepEqual(normalize([{ start: 5, end: 7 }, { start: 0, end: 2 }, { start: 2, end: 3 }, { start: 4, end: 4 }, { start: 9, end: 8 }, { start: 6, end: 10 }]),
      [{ start: 0, end: 3 }, { start: 5, end: 10 }])
  })

  it('subtracts holes from the middle and both ends', () => {
    assert.deepEqual(subtract([{ start: 0, end: 10 }], [{ start: -5, end: 1 }, { start: 3, end: 4 }, { start: 9, end: 20 }]),
      [{ start: 1, end: 3 }, { start: 4, end: 9 }])
  })

  it('clips a set to a window and keeps fields when clipping each member', () => {
    assert.deepEqual(clip([{ start: 0, end: 5 }, { start: 8, end: 20 }], { start: 3, end: 10 }), [{ start: 3, end: 5 }, { start: 8, end: 10 }])
    assert.deepEqual(clipEach([{ start: 0, end: 5, state: 'idle' }, { start: 11, end: 12, state: 'running' }], { start: 3, end: 10 }), [{ start: 3, end: 5, state: 'idle' }])
    assert.deepEqual(hull([{ start: 7, end: 9 }, { start: 1, end: 2 }]), { start: 1, end: 9 })
    assert.equal(hull([]), undefined)
  })

  it('agrees with a brute-force slot model for every operation', () => {
    fc.assert(fc.property(set, set, (a, b) => {
      const [sa, sb] = [slots(a), slots(b)]
      assert.deepEqual(slots(intersect(a, b)), new Set([...sa].filter((t) => sb.has(t))))
      assert.deepEqual(slots(subtract(a, b)), new Set([...sa].filter((t) => !sb.has(t))))
      assert.deepEqual(slots(union(a, b)), new Set([...sa, ...sb]))
      assert.equal(totalMs(a), sa.size)
    }))
  })

  it('|A∩B| + |A−B| = |A|', () => {
    fc.assert(fc.property(set, set, (a, b) => totalMs(intersect(a, b)) + totalMs(subtract(a, b)) === totalMs(a)))
  })

  it('intersect and union are commutative', () => {
    fc.assert(fc.property(set, set, (a, b) => {
      assert.deepEqual(intersect(a, b), intersect(b, a))
      assert.deepEqual(union(a, b), union(b, a))
    }))
  })

  it('every result is normalized', () => {
    fc.assert(fc.property(set, set, (a, b) =>
      [normalize(a), intersect(a, b), subtract(a, b), union(a, b), clip(a, { start: 10, end: 40 })].every(isNormalized)))
  })

  it('subtracting then adding back the intersection restores the set', () => {
    fc.assert(fc.property(set, set, (a, b) => assert.deepEqual(union(subtract(a, b), intersect(a, b)), normalize(a))))
  })

  it('(A − B) ∪ B = A ∪ B, and the measure of a union is at most the sum of the measures', () => {
    fc.assert(fc.property(set, set, (a, b) => {
      assert.deepEqual(union(subtract(a, b), b), union(a, b))
      assert.ok(totalMs(union(a, b)) <= totalMs(a) + totalMs(b))
    }))
  })

  it('normalize is idempotent and clip never grows a set', () => {
    fc.assert(fc.property(set, interval, (a, w) => {
      assert.deepEqual(normalize(normalize(a)), normalize(a))
      assert.ok(totalMs(clip(a, w)) <= Math.min(totalMs(a), Math.max(0, w.end - w.start)))
    }))
  })
})
