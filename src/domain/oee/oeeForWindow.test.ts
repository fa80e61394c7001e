// Hand-computed fixtures for the OEE engine; the arithmetic is in the comments and in
// docs/oee.md. Times are UTC on Monday 2026-03-02 unless a test says otherwise: the engine
// knows instants only, the calendar tests cover time zones.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { MachineState } from '../sample.js'
import { planForDay, planForShift, shiftInstances, type PlantCalendar } from './calendar.js'
import { oeeForWindow, rollUp, type CodedStop, type OeeFigures, type OeeInput, type StateSpan } from './oeeForWindow.js'
import { emptySums, figuresFromSums } from './oeeFigures.js'

const DAY = Date.UTC(2026, 2, 2)
/** 'HH:MM' or 'HH:MM:SS' on the test day ('24:00' and later roll into the next day). */
function at(time: string): number {
  const [h, m, s] = time.split(':').map(Number)
  return DAY + ((h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0)) * 1000
}
const span = (start: string, end: string, state: MachineState, program?: string): StateSpan =>
  ({ start: at(start), end: at(end), state, ...(program ? { program } : {}) })
const iv = (start: string, end: string) => ({ start: at(start), end: at(end) })

const IDEAL: Record<string, number> = { O1001: 50, O2002: 40, O3003: 60 }

function input(overrides: Partial<OeeInput>): OeeInput {
  return {
    window: iv('06:00', '14:00'),
    plannedDowntime: [],
    spans: [],
    codedStops: [],
    parts: [],
    partCounterKnown: true,
    idealCycleS: (program) => (program === undefined ? undefined : IDEAL[program]),
    quality: { scrap: 0, rework: 0 },
    microstopMs: 120_000,
    ...overrides,
  }
}

const codes = (f: OeeFigures) => f.flags.map((x) => (x.program ? `${x.code}:${x.program}` : x.code))
const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`)

/** The early shift: 06:00–14:00 with lunch 10:00–10:30, one long stop and one microstop. */
const EARLY = input({
  plannedDowntime: [iv('10:00', '10:30')],
  spans: [
    span('06:00', '08:00', 'running'), //   7 200 s
    span('08:00', '08:30', 'stopped'), //   1 800 s, ≥ 120 s: availability loss
    span('08:30', '10:00', 'running'), //   5 400 s
    span('10:00', '10:30', 'idle'), //      lunch: planned downtime, in no bucket of PBT
    span('10:30', '12:00', 'running'), //   5 400 s
    span('12:00', '12:01', 'idle'), //         60 s, < 120 s: microstop (performance loss)
    span('12:01', '14:00', 'running'), //   7 140 s
  ],
  parts: [{ program: 'O1001', count: 400 }, { program: 'O2002', count: 100 }],
  quality: { scrap: 10, rework: 5 },
})

/** The late shift: 14:00–22:00, no break, a 2 h idle. */
const LATE = input({
  window: iv('14:00', '22:00'),
  spans: [span('14:00', '18:00', 'running'), span('18:00', '20:00', 'idle'), span('20:00', '22:00', 'running')],
  parts: [{ program: 'O3003', count: 300 }],
})

describe('oeeForWindow', () => {
  it('computes A, P, Q and OEE of a shift with a break, a long stop, a microstop and scrap', () => {
    // calendar 8 h = 28 800 s; lunch 1 800 s → PBT 27 000 s
    // run 7 200 + 5 400 + 5 400 + 7 140 = 25 140 s; microstop 60 s → operating 25 200 s
    // stopped 1 800 s; check: 25 140 + 60 + 1 800 + 0 no data = 27 000 = PBT
    // A = 25 200 / 27 000 = 0.93333
    // ideal = 400 × 50 + 100 × 40 = 24 000 s → P = 24 000 / 25 200 = 0.95238
    // Q = (500 − 10 − 5) / 500 = 0.97
    // OEE = 0.93333 × 0.95238 × 0.97 = 24 000 × 0.97 / 27 000 = 0.86222
    const f = oeeForWindow(EARLY)
    assert.equal(f.calendar_s, 28_800)
    assert.equal(f.planned_downtime_s, 1_800)
    assert.equal(f.planned_busy_s, 27_000)
    assert.equal(f.run_s, 25_140)
    assert.equal(f.microstop_s, 60)
    assert.equal(f.operating_s, 25_200)
    assert.equal(f.stopped_s, 1_800)
    assert.equal(f.idle_s, 0)
    assert.equal(f.availability_loss_s, 1_800)
    assert.equal(f.no_data_s, 0)
    assert.equal(f.ideal_s, 24_000)
    assert.deepEqual([f.total_parts, f.scrap, f.rework, f.good_parts], [500, 10, 5, 485])
    close(f.availability, 25_200 / 27_000)
    close(f.performance, 24_000 / 25_200)
    close(f.quality, 0.97)
    close(f.oee, (24_000 * 0.97) / 27_000)
    assert.equal(f.basis, 'A×P×Q')
    assert.equal(f.coverage, 1)
    // utilization = run / calendar = 25 140 / 28 800; TEEP = OEE × PBT / calendar (all covered)
    close(f.utilization, 25_140 / 28_800)
    close(f.teep, ((24_000 * 0.97) / 27_000) * (27_000 / 28_800))
    // one long stop: MTBF = operating / 1 = 25 200 s, MTTR = 1 800 s
    assert.deepEqual([f.stop_count, f.microstop_count, f.mtbf_s, f.mttr_s], [1, 1, 25_200, 1_800])
    assert.deepEqual(f.unplanned_loss_by_reason_s, { uncoded: 1_800 })
    assert.deepEqual(f.flags, [])
  })

  it('lowers Q, and OEE with it, when scrap is entered late', () => {
    // the same shift with 40 more scrap: Q = (500 − 50 − 5) / 500 = 0.89; A and P unchanged
    const f = oeeForWindow({ ...EARLY, quality: { scrap: 50, rework: 5 } })
    close(f.quality, 0.89)
    close(f.oee, (24_000 * 0.89) / 27_000)
    close(f.availability, 25_200 / 27_000)
  })

  it('counts a stop of 119 s as a microstop and one of 120 s as availability loss', () => {
    // 06:00–07:00 shift: running, idle 119 s, running, stopped 120 s, running.
    // microstop 119 s stays in operating time; the 120 s stop is availability loss.
    // PBT 3 600 = run 3 361 + microstop 119 + stopped 120; A = (3 361 + 119) / 3 600
    const f = oeeForWindow(input({
      window: iv('06:00', '07:00'),
      spans: [
        span('06:00', '06:10', 'running'), span('06:10', '06:11:59', 'idle'), span('06:11:59', '06:30', 'running'),
        span('06:30', '06:32', 'stopped'), span('06:32', '07:00', 'running'),
      ],
      parts: [{ program: 'O3003', count: 50 }],
    }))
    assert.deepEqual([f.run_s, f.microstop_s, f.stopped_s, f.idle_s], [3_361, 119, 120, 0])
    assert.deepEqual([f.microstop_count, f.stop_count], [1, 1])
    close(f.availability, 3_480 / 3_600)
    // P = 50 × 60 / 3 480: the microstop lowers P, not A
    close(f.performance, 3_000 / 3_480)
  })

  it('judges a stop by its whole length, also the part before the shift', () => {
    // idle 05:59–06:01: a 120 s stop, of which 60 s lie in the shift → availability loss, not microstop
    const f = oeeForWindow(input({ window: iv('06:00', '07:00'), spans: [span('05:00', '05:59', 'running'), span('05:59', '06:01', 'idle'), span('06:01', '07:00', 'running')] }))
    assert.deepEqual([f.idle_s, f.microstop_s, f.stop_count], [60, 0, 1])
  })

  it('excludes a planned break from PBT although the machine kept running through it', () => {
    // 06:00–14:00, lunch 10:00–10:30, running all 8 h, 540 × O1001 (50 s) = 27 000 s ideal
    // PBT = 28 800 − 1 800 = 27 000; run in PBT = 27 000 → A = 1; P = 27 000 / 27 000 = 1
    // the 1 800 s run through lunch count neither way: running_in_planned_downtime_s
    const f = oeeForWindow(input({ plannedDowntime: [iv('10:00', '10:30')], spans: [span('06:00', '14:00', 'running')], parts: [{ program: 'O1001', count: 540 }] }))
    assert.deepEqual([f.planned_busy_s, f.run_s, f.running_in_planned_downtime_s], [27_000, 27_000, 1_800])
    assert.equal(f.availability, 1)
    assert.equal(f.performance_raw, 1)
    assert.deepEqual(codes(f), ['running_in_planned_downtime'])
  })

  it('takes a stop coded planned out of PBT, the reason covering the whole stop', () => {
    // running 06–09, stopped 09–10, running 10–14. The operator coded 09:10–09:20 as
    // maintenance (planned) while the stop lasted: the reason covers 09:00–10:00.
    // PBT = 28 800 − 3 600 = 25 200; run 10 800 + 14 400 = 25 200 → A = 1
    const coded: CodedStop[] = [{ ...iv('09:10', '09:20'), reason: 'maintenance', planned: true }]
    const f = oeeForWindow(input({
      spans: [span('06:00', '09:00', 'running'), span('09:00', '10:00', 'stopped'), span('10:00', '14:00', 'running')],
      codedStops: coded,
      parts: [{ program: 'O3003', count: 400 }],
    }))
    assert.deepEqual([f.planned_stop_s, f.planned_downtime_s, f.planned_busy_s, f.stopped_s], [3_600, 0, 25_200, 0])
    assert.deepEqual(f.planned_stop_by_reason_s, { maintenance: 3_600 })
    assert.equal(f.availability, 1)
    // P = 400 × 60 / 25 200
    close(f.performance, 24_000 / 25_200)
  })

  it('files an unplanned coded stop under its reason and keeps it in availability loss', () => {
    const f = oeeForWindow(input({
      spans: [span('06:00', '09:00', 'running'), span('09:00', '09:40', 'idle'), span('09:40', '10:00', 'stopped'), span('10:00', '14:00', 'running')],
      codedStops: [{ ...iv('09:30', '09:31'), reason: 'changeover', planned: false }],
      parts: [{ program: 'O3003', count: 300 }],
    }))
    // idle 09:00–09:40 and stopped 09:40–10:00 are one contiguous 3 600 s stop
    assert.deepEqual([f.idle_s, f.stopped_s, f.stop_count, f.planned_busy_s], [2_400, 1_200, 1, 28_800])
    assert.deepEqual(f.unplanned_loss_by_reason_s, { changeover: 3_600 })
  })

  it('lets a later reason replace an earlier one on the same stop, including planned → unplanned', () => {
    const spans = [span('06:00', '09:00', 'running'), span('09:00', '10:00', 'stopped'), span('10:00', '14:00', 'running')]
    const recoded = oeeForWindow(input({
      spans,
      codedStops: [{ ...iv('09:00', '10:00'), reason: 'material', planned: false }, { ...iv('09:10', '09:20'), reason: 'tooling', planned: false }],
    }))
    assert.deepEqual(recoded.unplanned_loss_by_reason_s, { tooling: 3_600 })
    const unplanned = oeeForWindow(input({
      spans,
      codedStops: [{ ...iv('09:00', '10:00'), reason: 'maintenance', planned: true }, { ...iv('09:00', '10:00'), reason: 'breakdown', planned: false }],
    }))
    assert.deepEqual([unplanned.planned_stop_s, unplanned.planned_busy_s, unplanned.stopped_s], [0, 28_800, 3_600])
    assert.deepEqual(unplanned.unplanned_loss_by_reason_s, { breakdown: 3_600 })
    assert.deepEqual(unplanned.planned_stop_by_reason_s, {})
  })

  it('computes A over the covered half when the machine was offline half the shift', () => {
    // 06–10 offline (no data), 10–13 running, 13–14 stopped. PBT 28 800, no data 14 400
    // coverage = 1 − 14 400 / 28 800 = 50%; A = 10 800 / (28 800 − 14 400) = 0.75
    // P = 180 × 60 / 10 800 = 1; Q = 1 → OEE 0.75, flagged
    const spans = [span('10:00', '13:00', 'running'), span('13:00', '14:00', 'stopped')]
    const offline = oeeForWindow(input({ spans: [span('06:00', '10:00', 'offline'), ...spans], parts: [{ program: 'O3003', count: 180 }] }))
    assert.deepEqual([offline.no_data_s, offline.coverage, offline.availability, offline.performance, offline.oee], [14_400, 0.5, 0.75, 1, 0.75])
    assert.deepEqual(codes(offline), ['low_coverage'])
    assert.match(offline.flags[0]?.message ?? '', /50%/)
    // Utilization and TEEP over the covered calendar too (8 h shift, no break): run 10 800 /
    // (28 800 − 14 400) = 0.75, TEEP = 0.75 × 14 400 / 14 400 = 0.75, not a TEEP that
    // extrapolates the covered half beside a utilization that counts it as idle.
    assert.equal(offline.calendar_s, 28_800)
    assert.deepEqual([offline.utilization, offline.teep], [0.75, 0.75])
    // no span at all for 06–10 is the same as offline
    const silent = oeeForWindow(input({ spans, parts: [{ program: 'O3003', count: 180 }] }))
    assert.deepEqual({ ...silent, flags: [] }, { ...offline, flags: [] })
  })

  it('flags P over 100%, stores it raw and caps it for display, naming the program', () => {
    // 8 h running; O1001 (50 s) on 06–10, 288 parts: 14 400 / 14 400 s = 100%
    // O2002 (40 s) on 10–14, 450 parts: 18 000 / 14 400 s = 125% → its ideal is too slow
    // P raw = (14 400 + 18 000) / 28 800 = 1.125; shown as 1; OEE = 1 × 1 × 1
    const f = oeeForWindow(input({
      spans: [span('06:00', '10:00', 'running', 'O1001'), span('10:00', '14:00', 'running', 'O2002')],
      parts: [{ program: 'O1001', count: 288 }, { program: 'O2002', count: 450 }],
    }))
    assert.equal(f.performance_raw, 1.125)
    assert.equal(f.performance, 1)
    assert.equal(f.oee, 1)
    assert.deepEqual(codes(f), ['performance_over_100:O2002'])
    assert.match(f.flags[0]?.message ?? '', /112\.5%.*125%.*O2002 \(40 s\)/)
  })

  it('without a part counter gives A×Q (partial) from a hand count, never P = 1', () => {
    // 8 h, running 7 h, idle 1 h: A = 25 200 / 28 800 = 0.875; 200 parts entered by hand,
    // 10 scrap: Q = 0.95. P unknown → OEE shown as A × Q = 0.83125, labelled partial
    const base = input({ spans: [span('06:00', '13:00', 'running'), span('13:00', '14:00', 'idle')], partCounterKnown: false })
    const f = oeeForWindow({ ...base, parts: [{ count: 200 }], quality: { scrap: 10, rework: 0 } })
    assert.equal(f.performance, null)
    assert.equal(f.performance_raw, null)
    assert.equal(f.basis, 'A×Q (partial)')
    close(f.oee, 0.875 * 0.95)
    assert.deepEqual(codes(f), ['no_part_counter'])
    // nothing counted at all: Q unknown as well, no OEE figure, A still reported
    const none = oeeForWindow(base)
    assert.deepEqual([none.performance, none.quality, none.oee, none.basis, none.availability], [null, null, null, 'none', 0.875])
  })

  it('computes P from derived program completions when there is no counter', () => {
    const f = oeeForWindow(input({ spans: [span('06:00', '14:00', 'running')], partCounterKnown: false, partsFromCycles: true, parts: [{ program: 'O3003', count: 240 }] }))
    // P = 240 × 60 / 28 800 = 0.5
    assert.equal(f.performance, 0.5)
    assert.equal(f.basis, 'A×P×Q')
    assert.deepEqual(codes(f), ['parts_from_cycles'])
  })

  it('leaves P unknown, not 1, with zero parts and zero run time, and 0 with run time but no parts', () => {
    // Stopped the whole covered shift: A = 0, nothing to judge P or Q by, OEE exactly 0
    const stopped = oeeForWindow(input({ spans: [span('06:00', '14:00', 'stopped')] }))
    assert.deepEqual([stopped.availability, stopped.performance, stopped.quality, stopped.oee, stopped.basis, stopped.teep], [0, null, null, 0, 'A×P×Q', 0])
    // Ran 8 h and made nothing: P = 0, Q unknown, OEE exactly 0
    const noParts = oeeForWindow(input({ spans: [span('06:00', '14:00', 'running')] }))
    assert.deepEqual([noParts.performance, noParts.quality, noParts.oee, noParts.basis], [0, null, 0, 'A×P×Q'])
    // No part counter and never operated: still 0, nothing could have been made
    const noCounter = oeeForWindow(input({ spans: [span('06:00', '14:00', 'idle')], partCounterKnown: false }))
    assert.deepEqual([noCounter.availability, noCounter.oee, noCounter.basis], [0, 0, 'A×P×Q'])
    // Offline the whole shift: nothing covered, OEE unknown rather than 0
    const offline = oeeForWindow(input({ spans: [span('06:00', '14:00', 'offline')] }))
    assert.deepEqual([offline.availability, offline.oee, offline.basis, offline.coverage], [null, null, 'none', 0])
  })

  it('labels OEE partial when parts were counted without operating time (the data disagrees)', () => {
    const f = oeeForWindow(input({ spans: [span('06:00', '14:00', 'idle')], parts: [{ program: 'O1001', count: 10 }] }))
    assert.deepEqual([f.availability, f.performance, f.quality, f.oee, f.basis], [0, null, 1, 0, 'A×Q (partial)'])
    assert.ok(codes(f).includes('parts_without_run_time'))
  })

  it('leaves P unknown and names the program when an ideal cycle time is missing', () => {
    const f = oeeForWindow(input({ spans: [span('06:00', '14:00', 'running')], parts: [{ program: 'O1001', count: 100 }, { program: 'O9999', count: 5 }] }))
    assert.equal(f.performance, null)
    assert.equal(f.basis, 'A×Q (partial)')
    assert.deepEqual(codes(f), ['missing_ideal_cycle:O9999'])
  })

  it('sums P over the programs that have an ideal cycle, against their own operating time, when another lacks one', () => {
    // O1001 (ideal 50 s) runs 06:00–10:00 with a 60 s microstop at 08:00 and makes 200 parts;
    // O9999 (no ideal) runs 10:00–14:00. P = 50 × 200 / (14 400 − 60 + 60) = 0.69444, flagged
    // as covering half the operating time; the missing program is named.
    const f = oeeForWindow(input({
      spans: [span('06:00', '08:00', 'running', 'O1001'), span('08:00', '08:01', 'stopped', 'O1001'), span('08:01', '10:00', 'running', 'O1001'), span('10:00', '14:00', 'running', 'O9999')],
      parts: [{ program: 'O1001', count: 200 }, { program: 'O9999', count: 7 }],
    }))
    close(f.performance, (50 * 200) / 14_400)
    assert.equal(f.p_operating_s, 14_400)
    assert.equal(f.operating_s, 28_800)
    assert.equal(f.basis, 'A×P×Q')
    assert.deepEqual(codes(f), ['missing_ideal_cycle:O9999', 'performance_partial'])
    assert.match(f.flags[0]?.message ?? '', /covers the other programs only/)
    assert.match(f.flags[1]?.message ?? '', /covers 50% of the operating time/)
  })

  it('reports a counter reset and scrap above the count', () => {
    const f = oeeForWindow(input({ spans: [span('06:00', '14:00', 'running')], parts: [{ program: 'O3003', count: 45 }], counterResets: 1, quality: { scrap: 40, rework: 10 } }))
    assert.equal(f.good_parts, 0)
    assert.equal(f.quality, 0)
    assert.deepEqual(codes(f), ['counter_reset', 'scrap_exceeds_parts'])
  })

  it('gives 7 h and 9 h to a 22:00–06:00 shift across the DST changes in Berlin', () => {
    const calendar: PlantCalendar = {
      plant: 'Plant North', timeZone: 'Europe/Berlin', locale: 'de-DE', holidays: [], exceptions: [], plannedDowntime: [],
      shifts: [{ name: 'night', days: [6], start: '22:00', end: '06:00', breaks: [] }],
    }
    for (const [from, hours] of [['2026-03-28T22:00:00Z', 7], ['2026-10-24T22:00:00Z', 9]] as const) {
      const [night] = shiftInstances(calendar, Date.parse(from), Date.parse(from) + 1)
      assert.ok(night)
      const plan = planForShift(calendar, 'M-1', night)
      // running the whole shift: calendar = PBT = run = 7 h (25 200 s) or 9 h (32 400 s)
      const f = oeeForWindow(input({ ...plan, spans: [{ ...plan.window, state: 'running' }], parts: [] }))
      assert.deepEqual([f.calendar_s, f.planned_busy_s, f.run_s, f.availability], [hours * 3600, hours * 3600, hours * 3600, 1])
    }
  })

  it("computes a day from its plan: that date's shifts, with the local day as calendar time", () => {
    // Mon 2026-03-02 in UTC: early 06–14 and late 14–22, lunch 10:00–10:30; the machine runs 05–23.
    const calendar: PlantCalendar = {
      plant: 'P', timeZone: 'UTC', locale: 'en-US', holidays: [], exceptions: [], plannedDowntime: [],
      shifts: [
        { name: 'early', days: [1], start: '06:00', end: '14:00', breaks: [{ start: '10:00', end: '10:30' }] },
        { name: 'late', days: [1], start: '14:00', end: '22:00', breaks: [] },
      ],
    }
    const f = oeeForWindow(input({ ...planForDay(calendar, 'M-1', '2026-03-02'), spans: [span('05:00', '23:00', 'running')], parts: [] }))
    // planned operation 16 h; PBT 16 h − 0.5 h = 55 800 s; run outside the shifts 2 h
    assert.deepEqual([f.calendar_s, f.planned_operation_s, f.planned_busy_s, f.run_s, f.running_outside_shifts_s], [86_400, 57_600, 55_800, 55_800, 7_200])
    close(f.utilization, 55_800 / 86_400)
  })

  it('keeps the identity PBT = run + microstop + stopped + idle + no data for any input', () => {
    const state = fc.constantFrom<MachineState>('running', 'idle', 'stopped', 'offline')
    const minute = fc.integer({ min: 0, max: 120 })
    const spans = fc.array(fc.tuple(minute, fc.integer({ min: 1, max: 30 }), state), { maxLength: 15 })
      .map((xs) => xs.map(([s, d, st]) => ({ start: DAY + s * 60_000, end: DAY + (s + d) * 60_000, state: st })))
    const ivs = fc.array(fc.tuple(minute, fc.integer({ min: 1, max: 20 })), { maxLength: 3 })
      .map((xs) => xs.map(([s, d]) => ({ start: DAY + s * 60_000, end: DAY + (s + d) * 60_000 })))
    fc.assert(fc.property(spans, ivs, ivs, fc.boolean(), (sp, downtime, stops, planned) => {
      const f = oeeForWindow(input({
        window: { start: DAY + 10 * 60_000, end: DAY + 100 * 60_000 }, spans: sp, plannedDowntime: downtime,
        codedStops: stops.map((s) => ({ ...s, reason: 'x', planned })), parts: [{ program: 'O3003', count: 3 }],
      }))
      const sum = f.run_s + f.microstop_s + f.stopped_s + f.idle_s + f.no_data_s
      assert.ok(Math.abs(sum - f.planned_busy_s) < 1e-6, `${sum} ≠ ${f.planned_busy_s}`)
      assert.ok(Math.abs(f.planned_operation_s - f.planned_downtime_s - f.planned_stop_s - f.planned_busy_s) < 1e-6)
      for (const ratio of [f.availability, f.coverage, f.performance, f.quality, f.oee]) assert.ok(ratio === null || (ratio >= 0 && ratio <= 1))
    }))
  })
})

describe('figuresFromSums', () => {
  it('takes floating-point round-off above 100% back to 1, and leaves a real excess visible', () => {
    // covered = 0.7 − 0.4 = 0.29999999999999993; operating = 0.1 + 0.2 = 0.30000000000000004
    const base = { ...emptySums(), calendar_s: 1, planned_operation_s: 0.7, planned_busy_s: 0.7, no_data_s: 0.4 }
    assert.ok((0.1 + 0.2) / (0.7 - 0.4) > 1)
    assert.equal(figuresFromSums({ ...base, run_s: 0.1 + 0.2, operating_s: 0.1 + 0.2 }, []).availability, 1)
    assert.equal(figuresFromSums({ ...base, run_s: 0.45, operating_s: 0.45 }, []).availability, 0.45 / (0.7 - 0.4))
  })
})

describe('rollUp', () => {
  it('equals the computation over the union of two shifts, not the mean of their percentages', () => {
    // early: PBT 27 000, operating 25 200, ideal 24 000, good 485 / 500 → OEE 0.86222
    // late:  PBT 28 800, operating 21 600 (idle 2 h), ideal 300 × 60 = 18 000, 300 good → OEE 0.625
    // sums: PBT 55 800, operating 46 800, ideal 42 000, good 785 / 800
    // A = 46 800 / 55 800 = 0.83871, P = 42 000 / 46 800 = 0.89744, Q = 0.98125
    // OEE = 42 000 × 0.98125 / 55 800 = 0.73858, not (0.86222 + 0.625) / 2 = 0.74361
    const early = oeeForWindow(EARLY)
    const late = oeeForWindow(LATE)
    close(late.oee, 0.625)
    const day = rollUp([early, late])
    close(day.availability, 46_800 / 55_800)
    close(day.performance, 42_000 / 46_800)
    close(day.quality, 785 / 800)
    close(day.oee, (42_000 * (785 / 800)) / 55_800)
    assert.ok(Math.abs((day.oee ?? 0) - ((early.oee ?? 0) + (late.oee ?? 0)) / 2) > 0.004)
    const union = oeeForWindow(input({
      window: iv('06:00', '22:00'),
      plannedDowntime: EARLY.plannedDowntime,
      spans: [...EARLY.spans, ...LATE.spans],
      parts: [...EARLY.parts, ...LATE.parts],
      quality: EARLY.quality,
    }))
    assert.deepEqual(day, union)
  })

  it('rolls P up over the members that know it and says how much it covers', () => {
    // late has no ideal cycle for O3003: P = 24 000 / 25 200 over the early shift only,
    // which holds 25 200 of the 46 800 s operating time (53.8%)
    const late = oeeForWindow({ ...LATE, idealCycleS: () => undefined })
    const day = rollUp([oeeForWindow(EARLY), late])
    close(day.performance, 24_000 / 25_200)
    assert.equal(day.basis, 'A×P×Q')
    assert.deepEqual(codes(day), ['missing_ideal_cycle:O3003', 'performance_partial'])
    assert.match(day.flags[1]?.message ?? '', /53\.8%/)
  })

  it('judges coverage again on the sums', () => {
    // one shift 50% covered, one fully: 14 400 s no data of 57 600 s PBT → 75%, still low
    const half = oeeForWindow(input({ spans: [span('10:00', '14:00', 'running')] }))
    const full = oeeForWindow({ ...LATE })
    const both = rollUp([half, full])
    assert.equal(both.coverage, 0.75)
    assert.equal(both.flags.filter((f) => f.code === 'low_coverage').length, 1)
    assert.match(both.flags.find((f) => f.code === 'low_coverage')?.message ?? '', /75%/)
    assert.deepEqual(rollUp([]).basis, 'none')
  })
})
