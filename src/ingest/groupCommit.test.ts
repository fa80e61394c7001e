import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Sample } from '../domain/sample.js'
import { sampleKey } from '../store/telemetry.js'
import { ClosedError, GroupCommit, QueueFullError } from './groupCommit.js'

const sample = (machine: string, ts: number): Sample => ({ machine_id: machine, ts, src: 'http' })

/** A writer that records its batches and "stores" keys it has not seen before. */
function recordingWriter() {
  const stored = new Set<string>()
  const batches: number[] = []
  let release: (() => void) | undefined
  let gate: Promise<void> | undefined
  return {
    stored, batches,
    hold() { gate = new Promise((r) => { release = r }) },
    open() { release?.(); gate = undefined },
    write: async (samples: readonly Sample[]) => {
      batches.push(samples.length)
      if (gate) await gate
      const inserted = new Set<string>()
      for (const s of samples) {
        const key = sampleKey(s.machine_id, s.ts)
        if (!stored.has(key)) { stored.add(key); inserted.add(key) }
      }
      return inserted
    },
  }
}

describe('group commit', () => {
  it('writes requests that arrive while a write is in flight as one batch', async () => {
    const w = recordingWriter()
    const gc = new GroupCommit(w.write, { maxBatchRows: 1000, maxQueueRows: 10_000 })
    w.hold()
    const first = gc.submit([sample('A', 1)])
    await new Promise((r) => setImmediate(r))
    const rest = Array.from({ length: 10 }, (_, i) => gc.submit([sample('B', i), sample('C', i)]))
    w.open()
    await Promise.all([first, ...rest])
    assert.deepEqual(w.batches, [1, 20])
  })

  it('answers each request with its own accepted and duplicate counts', async () => {
    const w = recordingWriter()
    const gc = new GroupCommit(w.write, { maxBatchRows: 1000, maxQueueRows: 10_000 })
    await gc.submit([sample('A', 1)])
    const [a, b] = await Promise.all([
      gc.submit([sample('A', 1), sample('A', 2), sample('A', 2)]),
      gc.submit([sample('A', 2), sample('A', 3)]),
    ])
    assert.deepEqual(a, { accepted: 1, duplicates: 2 })
    assert.deepEqual(b, { accepted: 1, duplicates: 1 })
  })

  it('splits the queue into batches of at most maxBatchRows whole requests', async () => {
    const w = recordingWriter()
    const gc = new GroupCommit(w.write, { maxBatchRows: 5, maxQueueRows: 10_000 })
    await Promise.all(Array.from({ length: 4 }, (_, r) => gc.submit([sample('A', r * 10), sample('A', r * 10 + 1), sample('A', r * 10 + 2)])))
    assert.deepEqual(w.batches, [3, 3, 3, 3])
  })

  it('fails every request of a failed batch and keeps working afterwards', async () => {
    let fail = true
    const gc = new GroupCommit(async (s) => {
      if (fail) throw new Error('disk full')
      return new Set(s.map((x) => sampleKey(x.machine_id, x.ts)))
    }, { maxBatchRows: 100, maxQueueRows: 1000 })
    await assert.rejects(gc.submit([sample('A', 1)]), /disk full/)
    fail = false
    assert.deepEqual(await gc.submit([sample('A', 1)]), { accepted: 1, duplicates: 0 })
    assert.equal(gc.stats.failedBatches, 1)
  })

  it('refuses new samples beyond the queue bound instead of growing without limit', async () => {
    const w = recordingWriter()
    const gc = new GroupCommit(w.write, { maxBatchRows: 10, maxQueueRows: 10 })
    w.hold()
    const inFlight = gc.submit([sample('A', 0)])
    await new Promise((r) => setImmediate(r))
    const queued = gc.submit(Array.from({ length: 8 }, (_, i) => sample('A', i + 1)))
    await assert.rejects(gc.submit(Array.from({ length: 5 }, (_, i) => sample('B', i))), QueueFullError)
    w.open()
    await Promise.all([inFlight, queued])
  })

  it('drains what is queued on close and refuses what comes after', async () => {
    const w = recordingWriter()
    const gc = new GroupCommit(w.write, { maxBatchRows: 10, maxQueueRows: 100 })
    const pending = gc.submit([sample('A', 1)])
    await gc.close()
    assert.deepEqual(await pending, { accepted: 1, duplicates: 0 })
    await assert.rejects(gc.submit([sample('A', 2)]), ClosedError)
  })
})
