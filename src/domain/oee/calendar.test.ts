import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ALWAYS_ON_SHIFT, alwaysOnCalendar, findExceptionOverlaps, findOverlappingShifts, localDateOf, localDayWindow, planForDay, planForShift,
  plannedDowntimeFor, shiftInstances, zonedTimeToUtc, type PlantCalendar, type ShiftPattern,
} from './calendar.js'

const BERLIN = 'Europe/Berlin'
const H = 3_600_000
const utc = (iso: string) => Date.parse(iso)
const iso = (ms: number) => new Date(ms).toISOString()

function shift(name: string, days: number[], start: string, end: string, breaks: ShiftPattern['breaks'] = []): ShiftPattern {
  return { name, days, start, end, breaks }
}

function berlin(overrides: Partial<PlantCalendar> = {}): PlantCalendar {
  return {
    plant: 'Plant North', timeZone: BERLIN, locale: 'de-DE',
    shifts: [
      shift('early', [1, 2, 3, 4, 5], '06:00', '14:00', [{ name: 'lunch', start: '10:00', end: '10:30' }]),
      shift('night', [0, 1, 2, 3, 4, 5, 6], '22:00', '06:00', [{ start: '02:00', end: '02:30' }]),
    ],
    holidays: [], exceptions: [], plannedDowntime: [], ...overrides,
  }
}

describe('zonedTimeToUtc', () => {
  it('converts winter (UTC+1) and summer (UTC+2) wall times in Berlin', () => {
    assert.equal(iso(zonedTimeToUtc('2026-01-15', '06:00', BERLIN)), '2026-01-15T05:00:00.000Z')
    assert.equal(iso(zonedTimeToUtc('2026-07-15', '06:00', BERLIN)), '2026-07-15T04:00:00.000Z')
    assert.equal(iso(zonedTimeToUtc('2026-07-15', '06:00', 'UTC')), '2026-07-15T06:00:00.000Z')
  })

  it('maps a time skipped by spring-forward to the instant after the gap', () => {
    // 2026-03-29 Berlin: 02:00 CET jumps to 03:00 CEST at 01:00Z; 02:00 and 02:30 never show.
    assert.equal(iso(zonedTimeToUtc('2026-03-29', '02:30', BERLIN)), '2026-03-29T01:00:00.000Z')
    assert.equal(iso(zonedTimeToUtc('2026-03-29', '02:00', BERLIN)), '2026-03-29T01:00:00.000Z')
    assert.equal(iso(zonedTimeToUtc('2026-03-29', '03:00', BERLIN)), '2026-03-29T01:00:00.000Z')
    assert.equal(iso(zonedTimeToUtc('2026-03-29', '01:59', BERLIN)), '2026-03-29T00:59:00.000Z')
  })

  it('maps a time repeated by fall-back to its first occurrence', () => {
    // 2026-10-25 Berlin: 03:00 CEST falls back to 02:00 CET at 01:00Z; 02:30 shows at 00:30Z and 01:30Z.
    assert.equal(iso(zonedTimeToUtc('2026-10-25', '02:30', BERLIN)), '2026-10-25T00:30:00.000Z')
    assert.equal(iso(zonedTimeToUtc('2026-10-25', '03:00', BERLIN)), '2026-10-25T02:00:00.000Z')
  })

  it('gives the local date of an instant', () => {
    assert.equal(localDateOf(utc('2026-03-28T23:30:00Z'), BERLIN), '2026-03-29')
    assert.equal(localDateOf(utc('2026-03-28T22:59:59Z'), BERLIN), '2026-03-28')
  })
})

describe('localDayWindow', () => {
  it('has 23 h on the spring-forward day, 25 h on the fall-back day and 24 h otherwise', () => {
    const span = (date: string) => { const w = localDayWindow(berlin(), date); return (w.end - w.start) / H }
    assert.equal(span('2026-03-29'), 23)
    assert.equal(span('2026-10-25'), 25)
    assert.equal(span('2026-06-01'), 24)
  })
})

describe('shiftInstances', () => {
  it('gives a shift crossing midnight to the date it starts on', () => {
    // Thu 2026-01-15 22:00 CET (21:00Z) to Fri 06:00 CET (05:00Z) = 8 h; the break 02:00–02:30 is on Friday.
    const [night] = shiftInstances(berlin(), utc('2026-01-16T00:00:00Z'), utc('2026-01-16T01:00:00Z'))
    assert.deepEqual(night, {
      plant: 'Plant North', shift: 'night', date: '2026-01-15',
      start: utc('2026-01-15T21:00:00Z'), end: utc('2026-01-16T05:00:00Z'),
      breaks: [{ start: utc('2026-01-16T01:00:00Z'), end: utc('2026-01-16T01:30:00Z') }],
    })
  })

  it('lists every instance overlapping the range, in order, with their breaks', () => {
    // Fri 2026-01-16 local day: the night of Thursday (till 06:00), early, the night of Friday.
    const day = localDayWindow(berlin(), '2026-01-16')
    const found = shiftInstances(berlin(), day.start, day.end)
    assert.deepEqual(found.map((s) => `${s.date} ${s.shift} ${iso(s.start)}`), [
      '2026-01-15 night 2026-01-15T21:00:00.000Z',
      '2026-01-16 early 2026-01-16T05:00:00.000Z',
      '2026-01-16 night 2026-01-16T21:00:00.000Z',
    ])
    assert.deepEqual(found[1]?.breaks, [{ start: utc('2026-01-16T09:00:00Z'), end: utc('2026-01-16T09:30:00Z') }])
  })

  it('has a 22:00–06:00 shift last 7 h across the spring change (2026-03-28/29)', () => {
    // 22:00 CET = 21:00Z; 06:00 CEST = 04:00Z; 21:00Z → 04:00Z = 7 h. The break 02:00–02:30
    // lies in the skipped hour, never happens on the wall clock, and is dropped.
    const night = shiftInstances(berlin(), utc('2026-03-29T00:00:00Z'), utc('2026-03-29T00:01:00Z'))[0]
    assert.equal(night?.date, '2026-03-28')
    assert.equal(iso(night?.start ?? 0), '2026-03-28T21:00:00.000Z')
    assert.equal(iso(night?.end ?? 0), '2026-03-29T04:00:00.000Z')
    assert.equal(((night?.end ?? 0) - (night?.start ?? 0)) / H, 7)
    assert.deepEqual(night?.breaks, [])
  })

  it('has a 22:00–06:00 shift last 9 h across the autumn change (2026-10-24/25)', () => {
    // 22:00 CEST = 20:00Z; 06:00 CET = 05:00Z; 20:00Z → 05:00Z = 9 h. The break at 02:00 is
    // taken at its first occurrence (02:00 CEST = 00:00Z).
    const night = shiftInstances(berlin(), utc('2026-10-25T00:00:00Z'), utc('2026-10-25T00:01:00Z'))[0]
    assert.equal(night?.date, '2026-10-24')
    assert.equal(((night?.end ?? 0) - (night?.start ?? 0)) / H, 9)
    assert.deepEqual(night?.breaks, [{ start: utc('2026-10-25T00:00:00Z'), end: utc('2026-10-25T00:30:00Z') }])
  })

  it('drops the shifts that start on a holiday, not the previous night shift running into it', () => {
    const calendar = berlin({ holidays: ['2026-12-25'] })
    const day = localDayWindow(calendar, '2026-12-25')
    assert.deepEqual(shiftInstances(calendar, day.start, day.end).map((s) => `${s.date} ${s.shift}`), ['2026-12-24 night'])
  })

  it('replaces the shifts of an exception date, an empty list meaning no work', () => {
    const calendar = berlin({
      exceptions: [
        { date: '2026-12-24', shifts: [shift('early', [4], '06:00', '12:00')] },
        { date: '2026-12-31', shifts: [] },
      ],
    })
    const eve = localDayWindow(calendar, '2026-12-24')
    const found = shiftInstances(calendar, eve.start, eve.end)
    assert.deepEqual(found.map((s) => `${s.date} ${s.shift} ${iso(s.start)}–${iso(s.end)}`), [
      '2026-12-23 night 2026-12-23T21:00:00.000Z–2026-12-24T05:00:00.000Z',
      '2026-12-24 early 2026-12-24T05:00:00.000Z–2026-12-24T11:00:00.000Z',
    ])
    const newYearsEve = localDayWindow(calendar, '2026-12-31')
    assert.deepEqual(shiftInstances(calendar, newYearsEve.start, newYearsEve.end).map((s) => s.date), ['2026-12-30'])
  })
})

describe('planned downtime and plans', () => {
  const maintenance = { start: utc('2026-03-10T07:00:00Z'), end: utc('2026-03-10T11:00:00Z'), reason: 'maintenance', machines: ['*'] }
  const m2only = { start: utc('2026-03-10T12:00:00Z'), end: utc('2026-03-10T13:00:00Z'), reason: 'tooling', machines: ['M-2'] }

  it('gives a machine the downtime for it and for every machine, clipped to the window', () => {
    const calendar = berlin({ plannedDowntime: [maintenance, m2only] })
    const window = { start: utc('2026-03-10T05:00:00Z'), end: utc('2026-03-10T13:00:00Z') }
    assert.deepEqual(plannedDowntimeFor(calendar, 'M-1', window), [{ start: maintenance.start, end: maintenance.end }])
    assert.deepEqual(plannedDowntimeFor(calendar, 'M-2', window), [{ start: maintenance.start, end: maintenance.end }, { start: m2only.start, end: utc('2026-03-10T13:00:00Z') }])
  })

  it('plans a shift: its breaks plus scheduled downtime', () => {
    const calendar = berlin({ plannedDowntime: [maintenance] })
    const early = shiftInstances(calendar, utc('2026-03-10T06:00:00Z'), utc('2026-03-10T06:01:00Z'))[0]
    assert.ok(early)
    // early 06:00–14:00 CET = 05:00–13:00Z; lunch 09:00–09:30Z lies inside maintenance 07:00–11:00Z.
    assert.deepEqual(planForShift(calendar, 'M-1', early), {
      window: { start: utc('2026-03-10T05:00:00Z'), end: utc('2026-03-10T13:00:00Z') },
      operating: [{ start: utc('2026-03-10T05:00:00Z'), end: utc('2026-03-10T13:00:00Z') }],
      plannedDowntime: [{ start: maintenance.start, end: maintenance.end }],
      calendarMs: 8 * H,
    })
  })

  it("plans a day: that date's shifts including all of its night shift, calendar time the local day", () => {
    // Sun 2026-03-29 (23 h): only the night 22:00 CEST (20:00Z) – Mon 06:00 CEST (04:00Z) starts that day.
    const plan = planForDay(berlin(), 'M-1', '2026-03-29')
    assert.equal(plan.calendarMs, 23 * H)
    assert.deepEqual(plan.operating, [{ start: utc('2026-03-29T20:00:00Z'), end: utc('2026-03-30T04:00:00Z') }])
    assert.deepEqual(plan.window, { start: utc('2026-03-28T23:00:00Z'), end: utc('2026-03-30T04:00:00Z') })
    assert.deepEqual(plan.plannedDowntime, [{ start: utc('2026-03-30T00:00:00Z'), end: utc('2026-03-30T00:30:00Z') }])
  })
})

describe('alwaysOnCalendar', () => {
  it('is one 24 h shift named all-day every day in UTC, marked as the default', () => {
    const calendar = alwaysOnCalendar('Plant South')
    assert.equal(calendar.alwaysOn, true)
    const found = shiftInstances(calendar, utc('2026-03-29T10:00:00Z'), utc('2026-03-30T10:00:00Z'))
    assert.deepEqual(found.map((s) => [s.shift, s.date, iso(s.start), (s.end - s.start) / H]), [
      [ALWAYS_ON_SHIFT, '2026-03-29', '2026-03-29T00:00:00.000Z', 24],
      [ALWAYS_ON_SHIFT, '2026-03-30', '2026-03-30T00:00:00.000Z', 24],
    ])
  })
})

describe('overlap checks', () => {
  it('finds a night shift running into the next morning, Saturday night into Sunday, and same-day overlaps', () => {
    const patterns = [
      shift('early', [1, 2, 3, 4, 5], '06:00', '14:00'),
      shift('late', [1, 2, 3, 4, 5], '14:00', '22:00'), // touches early and night: fine
      shift('night', [1], '22:00', '07:00'), // Monday night runs into Tuesday's early shift
      shift('weekend', [6], '20:00', '08:00'),
      shift('sunday', [0], '07:00', '12:00'), // Saturday's weekend shift runs till Sunday 08:00
      shift('overtime', [3], '13:00', '15:00'),
    ]
    assert.deepEqual(findOverlappingShifts(patterns), [
      { first: 0, second: 2, day: 2 },
      { first: 0, second: 5, day: 3 },
      { first: 1, second: 5, day: 3 },
      { first: 3, second: 4, day: 6 },
    ])
    assert.deepEqual(findOverlappingShifts(patterns.slice(0, 2)), [])
  })

  it('finds an exception overlapping the night shift of the day before', () => {
    const calendar = berlin({ exceptions: [{ date: '2026-12-24', shifts: [shift('inventory', [4], '04:00', '08:00')] }] })
    assert.deepEqual(findExceptionOverlaps(calendar), [
      { date: '2026-12-24', first: { date: '2026-12-23', shift: 'night' }, second: { date: '2026-12-24', shift: 'inventory' } },
    ])
  })
})
