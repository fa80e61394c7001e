import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { countCycles, countParts, cycleDurations, learnIdealCycle } from './partCounts.js'
import type { StateSpan } from './oeeForWindow.js'

const T = Date.UTC(2026, 2, 2, 6) // 06:00Z, the shift start
const min = (m: number) => T + m * 60_000
const SHIFT = { start: min(0), end: min(480) }

describe('countParts', () => {
  it('counts from the last point before the window and counts a reset from the new value', () => {
    // baseline 100 at 05:59; +10 (110), +10 (120), reset to 0 and counted up to 5, +20 (25)
    // parts = 10 + 10 + 5 + 20 = 45, never 5 − 120 = −115
    const tally = countParts([
      { ts: min(-1), count: 100, program: 'O1001' },
      { ts: min(60), count: 110 },
      { ts: min(120), count: 120 },
      { ts: min(180), count: 5 },
      { ts: min(240), count: 25 },
      { ts: min(480), count: 40 }, // the next shift's
    ], SHIFT)
    assert.deepEqual(tally, { parts: [{ program: 'O1001', count: 45 }], total: 45, resets: [{ ts: min(180), from: 120, to: 5 }] })
  })

  it('credits each increment to the program active when it happened', () => {
    const tally = countParts([
      { ts: min(0), count: 7, program: 'O1001' }, // no earlier point: the first in the window is the baseline
      { ts: min(30), count: 12 },
      { ts: min(31), count: 12, program: 'O2002' },
      { ts: min(90), count: 15 },
      { ts: min(91), count: 19, program: 'O1001' },
    ], SHIFT)
    assert.deepEqual(tally.parts, [{ program: 'O1001', count: 9 }, { program: 'O2002', count: 3 }])
    assert.equal(tally.total, 12)
  })

  it('counts nothing from a single point', () => {
    assert.deepEqual(countParts([{ ts: min(5), count: 3 }], SHIFT), { parts: [], total: 0, resets: [] })
  })
})

describe('countCycles', () => {
  it('counts a part on each edge into PROGRAM_COMPLETED after the machine was active', () => {
    const tally = countCycles([
      { ts: min(-5), execution: 'ACTIVE', program: 'O1001' }, // baseline: a cycle running at shift start
      { ts: min(2), execution: 'PROGRAM_COMPLETED' }, // 1
      { ts: min(3), execution: 'ACTIVE' },
      { ts: min(5), execution: 'PROGRAM_COMPLETED' }, // 2
      { ts: min(6), execution: 'UNAVAILABLE' }, // agent reconnects and replays the last value:
      { ts: min(7), execution: 'PROGRAM_COMPLETED' }, //  not a cycle
      { ts: min(8), execution: 'ACTIVE', program: 'O2002' },
      { ts: min(9), execution: 'FEED_HOLD' },
      { ts: min(10), execution: 'ACTIVE' },
      { ts: min(12), execution: 'PROGRAM_COMPLETED' }, // 3, O2002
    ], SHIFT)
    assert.deepEqual(tally, { parts: [{ program: 'O1001', count: 2 }, { program: 'O2002', count: 1 }], total: 3, resets: [] })
  })

  it('does not count a completion that happened before the window', () => {
    const tally = countCycles([{ ts: min(-3), execution: 'ACTIVE' }, { ts: min(-1), execution: 'PROGRAM_COMPLETED' }, { ts: min(1), execution: 'READY' }], SHIFT)
    assert.equal(tally.total, 0)
  })
})

describe('cycleDurations', () => {
  it('measures seconds per part between increments while running, skipping long stops and resets', () => {
    const spans: StateSpan[] = [
      { start: min(0), end: min(10), state: 'running' },
      { start: min(10), end: min(11), state: 'idle' }, // 60 s loading: part of a cycle
      { start: min(11), end: min(20), state: 'running' },
      { start: min(20), end: min(30), state: 'stopped' }, // 10 min stop: not a cycle
      { start: min(30), end: min(60), state: 'running' },
    ]
    const durations = cycleDurations([
      { ts: min(0), count: 10, program: 'O1001' },
      { ts: min(5), count: 11 }, // first increment: no previous increment to measure from
      { ts: min(10), count: 12 }, // 300 s
      { ts: min(15), count: 13 }, // 300 s, including the 60 s idle
      { ts: min(35), count: 14 }, // spans the 10 min stop: dropped
      { ts: min(39), count: 16 }, // 2 parts in 240 s: 120 s each
      { ts: min(41), count: 1 }, // reset
      { ts: min(44), count: 2 }, // first increment after the reset: not measured
      { ts: min(47), count: 3, program: 'O2002' }, // 180 s
    ], spans)
    assert.deepEqual(durations, [
      { program: 'O1001', seconds: 300 }, { program: 'O1001', seconds: 300 }, { program: 'O1001', seconds: 120 }, { program: 'O2002', seconds: 180 },
    ])
  })
})

describe('learnIdealCycle', () => {
  it('suggests the 10th percentile of plausible cycles', () => {
    // 30 cycles of 60..89 s plus two double counts: 5 s and 8 s are under 20% of the median
    // (73.5 s of all 32 → 14.7 s) and dropped;
    // kept 30 sorted; rank ceil(0.1 × 30) = 3 → 62 s
    const cycles = [...Array.from({ length: 30 }, (_, i) => 89 - i), 5, 8]
    const suggestion = learnIdealCycle(cycles)
    assert.deepEqual(suggestion, { ok: true, seconds: 62, cycles: 30, dropped: 2, medianS: 73.5 })
  })

  it('needs at least 20 plausible cycles', () => {
    const suggestion = learnIdealCycle([60, 61, 62, 0, -1, Number.NaN])
    assert.equal(suggestion.ok, false)
    assert.equal(suggestion.cycles, 3)
    assert.match(suggestion.ok ? '' : suggestion.reason, /at least 20/)
    assert.deepEqual(learnIdealCycle([]), { ok: false, reason: 'no cycles measured', cycles: 0 })
  })
})
