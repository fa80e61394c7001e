import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { longStops, type StopCode } from './longStops.js'
import type { StateSpan } from './oeeForWindow.js'

const T = Date.UTC(2026, 2, 2, 6) // 06:00Z
const min = (m: number) => T + m * 60_000
const span = (from: number, to: number, state: StateSpan['state']): StateSpan => ({ start: min(from), end: min(to), state })
const code = (from: number, to: number, reason: string, codedAt: number, extra: Partial<StopCode> = {}): StopCode =>
  ({ start: min(from), end: min(to), reason, note: null, codedBy: null, codedAt: min(codedAt), ...extra })
const DAY = [{ start: min(0), end: min(24 * 60) }]
const PLANNED = new Set(['maintenance'])
const isPlanned = (r: string) => PLANNED.has(r)

describe('longStops', () => {
  const spans = [
    span(0, 60, 'running'),
    span(60, 61, 'stopped'), // 1 min: a microstop, not listed
    span(61, 120, 'running'),
    span(120, 130, 'idle'), span(130, 150, 'stopped'), // idle then stopped: one stop of 30 min
    span(150, 200, 'running'),
    span(200, 215, 'idle'), // 15 min
    span(215, 300, 'running'),
  ]

  it('lists stops at or above the threshold, idle and stopped merged, uncoded as null', () => {
    const list = longStops(spans, [], DAY, 120_000, isPlanned)
    assert.deepEqual(list.map((s) => [s.start, s.end, s.seconds, s.reason, s.planned]), [
      [min(120), min(150), 1800, null, null],
      [min(200), min(215), 900, null, null],
    ])
  })

  it('gives a stop the newest code touching it, with its note, author and time', () => {
    const codes = [
      code(125, 126, 'tooling', 160), // touches the first stop only partly: covers it whole
      code(140, 141, 'maintenance', 170, { note: 'spindle check', codedBy: 'ana' }), // entered later: replaces it
      code(205, 210, 'material', 220),
    ]
    const list = longStops(spans, codes, DAY, 120_000, isPlanned)
    assert.deepEqual(list.map((s) => [s.reason, s.planned, s.note, s.coded_by, s.coded_at]), [
      ['maintenance', true, 'spindle check', 'ana', min(170)],
      ['material', false, null, null, min(220)],
    ])
  })

  it('keeps stops that reach into working time and drops those wholly outside it (breaks, after the shift)', () => {
    const working = [{ start: min(0), end: min(125) }, { start: min(145), end: min(200) }] // a break 125–145, the shift ends at 200
    assert.deepEqual(longStops(spans, [], working, 120_000, isPlanned).map((s) => [s.start, s.end]), [[min(120), min(150)]])
    const idleInBreak = [span(0, 125, 'running'), span(125, 145, 'idle'), span(145, 200, 'running'), span(200, 290, 'idle')]
    assert.deepEqual(longStops(idleInBreak, [], working, 120_000, isPlanned), [])
  })

  it('follows the threshold: a 15 min stop is a microstop under a 20 min threshold', () => {
    assert.deepEqual(longStops(spans, [], DAY, 20 * 60_000, isPlanned).map((s) => s.seconds), [1800])
  })
})
