import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { linkChain, spanSince, stateAt } from './heldState.js'

const GAP = 300_000

describe('held state spans', () => {
  it('gives the span since the previous sample to the previous state', () => {
    assert.deepEqual(spanSince({ ts: 0, state: 'running' }, 10_000, GAP), { held_state: 'running', held_s: 10 })
  })

  it('leaves a hole (no span) when samples are further apart than the maximum gap', () => {
    assert.deepEqual(spanSince({ ts: 0, state: 'running' }, GAP + 1, GAP), { held_state: null, held_s: null })
    assert.deepEqual(spanSince({ ts: 0, state: 'running' }, GAP, GAP), { held_state: 'running', held_s: 300 })
  })

  it('has no span for the first sample, an unknown previous state, or a sample not after the previous', () => {
    assert.deepEqual(spanSince(undefined, 5, GAP), { held_state: null, held_s: null })
    assert.deepEqual(spanSince({ ts: 0, state: null }, 5, GAP), { held_state: null, held_s: null })
    assert.deepEqual(spanSince({ ts: 10, state: 'idle' }, 10, GAP), { held_state: null, held_s: null })
  })

  it('carries the state forward to samples without one, but not across a hole', () => {
    assert.equal(stateAt(undefined, { ts: 0, state: 'idle' }, 1000, GAP), 'idle')
    assert.equal(stateAt('running', { ts: 0, state: 'idle' }, 1000, GAP), 'running')
    assert.equal(stateAt(undefined, { ts: 0, state: 'idle' }, GAP + 1, GAP), null)
  })

  it('links a chain whose spans add up per state to what the timeline says', () => {
    // running 0-30 s, idle 30-40 s (a sample at 35 s has no state), stopped 40-60 s, then a hole
    const points = [
      { ts: 0, state: 'running' as const }, { ts: 10_000, state: 'running' as const }, { ts: 30_000, state: 'idle' as const },
      { ts: 35_000 }, { ts: 40_000, state: 'stopped' as const }, { ts: 60_000, state: 'stopped' as const }, { ts: 60_000 + GAP + 1, state: 'idle' as const },
    ]
    const { spans, last } = linkChain(undefined, points, GAP)
    const totals: Record<string, number> = {}
    for (const s of spans) if (s.held_state) totals[s.held_state] = (totals[s.held_state] ?? 0) + (s.held_s ?? 0)
    assert.deepEqual(totals, { running: 30, idle: 10, stopped: 20 })
    assert.deepEqual(last, { ts: 60_000 + GAP + 1, state: 'idle' })
  })

  it('continues from the previous point of an earlier batch', () => {
    const { spans } = linkChain({ ts: 0, state: 'stopped' }, [{ ts: 5000, state: 'running' }], GAP)
    assert.deepEqual(spans, [{ held_state: 'stopped', held_s: 5 }])
  })
})
