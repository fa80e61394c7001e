import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BufferTurnover, MIN_HEARTBEAT_MS } from './bufferTurnover.js'

describe('BufferTurnover', () => {
  it('asks the full heartbeat until the rate is known, and of a quiet agent', () => {
    const t = new BufferTurnover()
    assert.equal(t.heartbeatFor(4096, 10_000), 10_000)
    t.observe(100, 0)
    t.observe(110, 2_000)
    assert.equal(t.heartbeatFor(4096, 10_000), 10_000, '5 sequences/s turn 4096 slots over in 13 min')
  })

  it('asks half the turnover time of a busy agent: 1000 sequences/s on 4096 slots → 2 s', () => {
    const t = new BufferTurnover()
    t.observe(0, 0)
    t.observe(1_000, 1_000)
    assert.equal(t.rate, 1_000)
    assert.equal(t.heartbeatFor(4096, 10_000), 2_048)
    assert.equal(t.heartbeatFor(256, 10_000), MIN_HEARTBEAT_MS, 'never below a second')
    assert.equal(t.heartbeatFor(undefined, 10_000), 10_000, 'without a bufferSize nothing is known')
  })

  it('rises at once with a burst, falls back slowly, and starts over after a restart (sequences from 1)', () => {
    const t = new BufferTurnover()
    t.observe(0, 0)
    t.observe(100, 1_000)
    t.observe(5_100, 2_000)
    assert.equal(t.rate, 5_000)
    t.observe(5_200, 3_000)
    assert.ok((t.rate ?? 0) > 3_000 && (t.rate ?? 0) < 5_000)
    t.observe(10, 4_000)
    t.observe(20, 4_500)
    assert.ok((t.rate ?? 0) > 3_000, 'readings less than a second apart do not count')
  })
})
