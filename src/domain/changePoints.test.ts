import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ChangeInput, NO_CARRY, changePoints, seriesFromChanges, spansFromChanges } from './changePoints.js'

const span = (held_state: ChangeInput['span']['held_state'], held_s: number | null) => ({ held_state, held_s })

describe('changePoints', () => {
  it('keeps a sample only where the span state, part count, Execution or program changed, carrying missing values', () => {
    const { changes, carry } = changePoints(NO_CARRY, [
      { ts: 0, span: span(null, null), sample: { part_count: 5, program: 'O1' } },
      { ts: 10, span: span('running', 10), sample: { part_count: 5 } },
      { ts: 20, span: span('running', 10), sample: {} }, // nothing new: part count and program carried
      { ts: 30, span: span('running', 10), sample: { part_count: 6, program: 'O1' } },
      { ts: 40, span: span('running', 10), sample: { execution: 'ACTIVE' } },
      { ts: 900, span: span(null, null), sample: { execution: 'ACTIVE' } }, // a hole in the data
    ])
    assert.deepEqual(changes.map((c) => [c.ts, c.spanStart, c.heldState, c.partCount, c.execution, c.program]), [
      [0, null, null, 5, null, 'O1'],
      [10, 0, 'running', 5, null, 'O1'],
      [30, 20, 'running', 6, null, 'O1'],
      [40, 30, 'running', 6, 'ACTIVE', 'O1'],
      [900, 40, null, 6, 'ACTIVE', 'O1'],
    ])
    assert.deepEqual(carry, { prevTs: 900, key: null, partCount: 6, execution: 'ACTIVE', program: 'O1' })
  })
})

describe('spansFromChanges', () => {
  const p = (ts: number, spanStart: number | null, heldState: 'running' | 'idle' | null) => ({ ts, spanStart, heldState })

  it('merges change points of one state and ends the last known span at the newest sample', () => {
    const points = [p(0, null, null), p(10, 0, 'running'), p(30, 20, 'running'), p(50, 40, 'idle')]
    assert.deepEqual(spansFromChanges(points, { start: 0, end: 1_000 }, { hasAfter: false, lastTs: 70 }), [
      { state: 'running', start: 0, end: 40 },
      { state: 'idle', start: 40, end: 70 },
    ])
  })

  it('ends a span where a hole in the data began, even when the sample after the hole lies past the window', () => {
    // Running until the sample at 100, nothing until 10,000: the hole starts at 100.
    const points = [p(10, 0, 'running'), p(10_000, 100, null)]
    assert.deepEqual(spansFromChanges(points, { start: 0, end: 1_000 }, { hasAfter: true, lastTs: 20_000 }), [{ state: 'running', start: 0, end: 100 }])
  })

  it('clips to the window; a span still going on past the window is cut at its end', () => {
    const points = [p(10, 0, 'idle'), p(2_000, 1_990, 'idle')]
    assert.deepEqual(spansFromChanges(points, { start: 5, end: 1_000 }, { hasAfter: true, lastTs: 5_000 }), [{ state: 'idle', start: 5, end: 1_000 }])
  })
})

describe('seriesFromChanges', () => {
  const point = (ts: number, partCount: number | null, program: string | null = 'O1') => ({ ts, spanStart: null, heldState: null, partCount, execution: null, program })

  it('gives the value in effect before the window, then each change inside it (start inclusive, end exclusive)', () => {
    const points = [point(0, 3), point(5, 4), point(10, 4, 'O2'), point(20, 6), point(30, 7)]
    assert.deepEqual(seriesFromChanges(points, { start: 10, end: 30 }, 'partCount'), [
      { ts: 5, value: 4, program: 'O1' },
      { ts: 20, value: 6, program: 'O1' },
    ])
  })

  it('gives only the baseline when nothing changed inside the window, and nothing for a field never seen', () => {
    const points = [point(0, 3), point(50, 9)]
    assert.deepEqual(seriesFromChanges(points, { start: 10, end: 40 }, 'partCount'), [{ ts: 0, value: 3, program: 'O1' }])
    assert.deepEqual(seriesFromChanges(points, { start: 10, end: 40 }, 'execution'), [])
  })
})
