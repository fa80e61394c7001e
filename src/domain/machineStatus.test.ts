import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { applySample, effectiveState, emptyStatus, statusValues } from './machineStatus.js'
import type { Sample } from './sample.js'

const sample = (ts: number, fields: Partial<Sample> = {}): Sample => ({ machine_id: 'M-1', ts, src: 'http', ...fields })

describe('applySample: one fold of committed samples into a machine status', () => {
  it('carries values forward and knows since when the machine is in its state', () => {
    let s = applySample(emptyStatus('M-1'), sample(1000, { state: 'running', rpm: 8000, program: 'O1' }), 1010)
    s = applySample(s, sample(2000, { state: 'running', feed_mm_min: 300 }), 2010)
    assert.deepEqual([s.state, s.state_since, s.rpm, s.feed_mm_min, s.program, s.last_sample_at, s.last_seen_at], ['running', 1000, 8000, 300, 'O1', 2000, 2010])
    s = applySample(s, sample(3000, { state: 'stopped' }), 3010)
    assert.deepEqual([s.state, s.state_since, s.rpm], ['stopped', 3000, 8000])
  })

  it('clears the alarm with the first sample that does not report one (a condition holds while reported)', () => {
    let s = applySample(emptyStatus('M-1'), sample(1000, { alarm: 'EX0001 door open' }), 1000)
    assert.equal(s.alarm, 'EX0001 door open')
    s = applySample(s, sample(2000, { rpm: 0 }), 2000)
    assert.equal(s.alarm, null)
  })

  it('lets a late or repeated sample only mark the machine as heard from', () => {
    const s = applySample(emptyStatus('M-1'), sample(2000, { state: 'idle', rpm: 0 }), 2000)
    for (const late of [sample(1000, { state: 'running', rpm: 9000 }), sample(2000, { state: 'running', rpm: 9000 })]) {
      const after = applySample(s, late, 5000)
      assert.deepEqual([after.state, after.state_since, after.rpm, after.last_sample_at, after.last_seen_at], ['idle', 2000, 0, 2000, 5000])
    }
  })

  it('shows its known values as sample fields', () => {
    const s = applySample(emptyStatus('M-1'), sample(1000, { state: 'running', rpm: 100 }), 1000)
    assert.deepEqual(statusValues(s), { state: 'running', rpm: 100, src: 'http' })
  })
})

describe('effectiveState: what the fleet summary and the dashboard show', () => {
  const s = applySample(emptyStatus('M-1'), sample(1000, { state: 'stopped' }), 1000)
  it('is the machine state while it is heard from', () => {
    assert.deepEqual(effectiveState(s, 1000 + 300_000, 300_000), { state: 'stopped', since: 1000 })
  })
  it('is offline, since it was last heard of, once silent for longer than the limit', () => {
    assert.deepEqual(effectiveState(s, 1001 + 300_000, 300_000), { state: 'offline', since: 1000 })
  })
  it('is offline for a machine that never said its state', () => {
    assert.equal(effectiveState(emptyStatus('M-2'), 0, 300_000).state, 'offline')
  })
})
