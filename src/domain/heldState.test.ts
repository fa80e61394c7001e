import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { type HeldSpan, NO_SPAN, linkChain, spanSince, stateAt } from './heldState.js'
import type { MachineState } from './sample.js'

const S = 1000
const GAP = 300 * S

describe('spanSince', () => {
  it('gives the time since the previous sample to the previous state, in seconds', () => {
    assert.deepEqual(spanSince({ ts: 0, state: 'running' }, 10 * S, GAP), { held_state: 'running', held_s: 10 })
  })

  it('credits the state that held before the sample, not the state the sample reports', () => {
    // The point at 20 s says "running", but the 20 s that ended with it were spent idle.
    assert.deepEqual(spanSince({ ts: 0, state: 'idle' }, 20 * S, GAP), { held_state: 'idle', held_s: 20 })
  })

  it('keeps milliseconds as fractions of a second', () => {
    assert.deepEqual(spanSince({ ts: 0, state: 'stopped' }, 1500, GAP), { held_state: 'stopped', held_s: 1.5 })
  })

  it('gives a span for a gap exactly at the maximum', () => {
    assert.deepEqual(spanSince({ ts: 0, state: 'running' }, GAP, GAP), { held_state: 'running', held_s: 300 })
  })

  it('gives no span when the gap is above the maximum (a hole in the data)', () => {
    assert.deepEqual(spanSince({ ts: 0, state: 'running' }, GAP + 1, GAP), NO_SPAN)
    assert.deepEqual(spanSince({ ts: 0, state: 'running' }, 10 * GAP, GAP), NO_SPAN)
  })

  it('gives no span when the previous state is unknown', () => {
    assert.deepEqual(spanSince({ ts: 0, state: null }, 5 * S, GAP), NO_SPAN)
  })

  it('gives no span for the first sample of a machine', () => {
    assert.deepEqual(spanSince(undefined, 5 * S, GAP), NO_SPAN)
  })

  it('gives no span for a sample at or before the previous one', () => {
    assert.deepEqual(spanSince({ ts: 10 * S, state: 'idle' }, 10 * S, GAP), NO_SPAN)
    assert.deepEqual(spanSince({ ts: 10 * S, state: 'idle' }, 9 * S, GAP), NO_SPAN)
  })

  it('has NO_SPAN with both fields null', () => {
    assert.deepEqual(NO_SPAN, { held_state: null, held_s: null })
  })
})

describe('stateAt', () => {
  it("keeps a sample's own state", () => {
    assert.equal(stateAt('running', { ts: 0, state: 'idle' }, 1 * S, GAP), 'running')
    assert.equal(stateAt('offline', undefined, 1 * S, GAP), 'offline')
  })

  it('carries the previous state forward to a sample without one', () => {
    assert.equal(stateAt(undefined, { ts: 0, state: 'idle' }, 1 * S, GAP), 'idle')
    assert.equal(stateAt(null, { ts: 0, state: 'stopped' }, 1 * S, GAP), 'stopped')
  })

  it('carries forward across a gap exactly at the maximum', () => {
    assert.equal(stateAt(undefined, { ts: 0, state: 'idle' }, GAP, GAP), 'idle')
  })

  it('does not carry the state forward across a gap above the maximum', () => {
    assert.equal(stateAt(undefined, { ts: 0, state: 'idle' }, GAP + 1, GAP), null)
  })

  it('knows no state for a first sample without one, nor after an unknown state', () => {
    assert.equal(stateAt(undefined, undefined, 1 * S, GAP), null)
    assert.equal(stateAt(undefined, { ts: 0, state: null }, 1 * S, GAP), null)
  })
})

describe('linkChain', () => {
  const point = (seconds: number, state?: MachineState) => (state ? { ts: seconds * S, state } : { ts: seconds * S })
  const span = (held_state: MachineState, held_s: number): HeldSpan => ({ held_state, held_s })

  // running 0–40 s (the point at 10 s carries running), idle 40–130 s (100 s carries idle),
  // stopped 130–135 s, offline from 135 s then a 301 s hole, an unknown state until the
  // point at 500 s, running 500–560 s, idle 560–860 s (exactly the maximum gap).
  const points = [
    point(0, 'running'), point(10), point(40, 'idle'), point(100), point(130, 'stopped'), point(135, 'offline'),
    point(436), point(500, 'running'), point(560, 'idle'), point(860),
  ]

  it('gives each point the span that ended with it', () => {
    const { spans } = linkChain(undefined, points, GAP)
    assert.deepEqual(spans, [
      NO_SPAN, span('running', 10), span('running', 30), span('idle', 60), span('idle', 30), span('stopped', 5),
      NO_SPAN, // 301 s since the offline point: a hole
      NO_SPAN, // the point at 436 s knows no state (no carry-forward across the hole)
      span('running', 60), span('idle', 300),
    ])
  })

  it('adds up seconds per state to what the timeline says, holes excluded', () => {
    const { spans } = linkChain(undefined, points, GAP)
    const totals: Record<string, number> = {}
    let covered = 0
    for (const s of spans) {
      if (s.held_state === null || s.held_s === null) continue
      totals[s.held_state] = (totals[s.held_state] ?? 0) + s.held_s
      covered += s.held_s
    }
    assert.deepEqual(totals, { running: 100, idle: 390, stopped: 5 })
    const holes = (436 - 135) + (500 - 436)
    assert.equal(covered + holes, 860, 'spans and holes together cover the whole chain')
  })

  it('returns the last point with its carried state', () => {
    assert.deepEqual(linkChain(undefined, points, GAP).last, { ts: 860 * S, state: 'idle' })
  })

  it('continues from the last point of an earlier batch, carrying its state', () => {
    const { spans, last } = linkChain({ ts: 0, state: 'stopped' }, [point(5)], GAP)
    assert.deepEqual(spans, [span('stopped', 5)])
    assert.deepEqual(last, { ts: 5 * S, state: 'stopped' })
  })

  it('starts with no span when the earlier batch ended longer ago than the maximum gap', () => {
    const { spans, last } = linkChain({ ts: 0, state: 'running' }, [point(301), point(311, 'idle')], GAP)
    assert.deepEqual(spans, [NO_SPAN, NO_SPAN])
    assert.deepEqual(last, { ts: 311 * S, state: 'idle' })
  })

  it('returns no spans and the previous point unchanged for no points', () => {
    const previous = { ts: 7 * S, state: 'idle' as const }
    assert.deepEqual(linkChain(previous, [], GAP), { spans: [], last: previous })
    assert.deepEqual(linkChain(undefined, [], GAP), { spans: [], last: undefined })
  })
})
