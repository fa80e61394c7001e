import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError } from './configError.js'
import { calendarForPlant, idealCycleLookup, parseOeeYaml } from './oeeConfig.js'

const EXAMPLE = `microstop_seconds: 120
reasons:
  - { code: changeover, label: Changeover, planned: false }
  - { code: maintenance, label: Planned maintenance, planned: true }
plants:
  - name: Plant North
    time_zone: Europe/Berlin
    locale: de-DE
    shifts:
      - name: early
        days: [mon, tue, wed, thu, fri]
        start: "06:00"
        end: "14:00"
        breaks: [{ name: lunch, start: "10:00", end: "10:30" }]
      - name: night
        days: [mon, tue, wed, thu]
        start: "22:00"
        end: "06:00"
    holidays: ["2026-12-25"]
    exceptions:
      - date: "2026-12-24"
        shifts: [{ name: early, start: "06:00", end: "12:00" }]
    planned_downtime:
      - { start: "2026-03-10T08:00", end: "2026-03-10T12:00", machines: ["*"], reason: maintenance }
ideal_cycles:
  - { machine: M-1, program: "*", seconds: 60 }
  - { machine: M-1, program: O1001, seconds: 42.5 }
`

function problems(text: string): string[] {
  try {
    parseOeeYaml(text, 'oee.yaml')
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.file}:${p.line}: ${p.field}: ${p.reason}`)
    throw err
  }
  return []
}

/** The example with one plant's shifts replaced. */
function withShifts(shifts: string): string {
  return `plants:
  - name: P
    time_zone: UTC
    shifts:
${shifts}`
}

describe('parseOeeYaml', () => {
  it('reads the documented example into typed calendars', () => {
    const config = parseOeeYaml(EXAMPLE, 'oee.yaml')
    assert.equal(config.microstopSeconds, 120)
    assert.deepEqual(config.reasons, [
      { code: 'changeover', label: 'Changeover', planned: false },
      { code: 'maintenance', label: 'Planned maintenance', planned: true },
    ])
    assert.deepEqual(config.plants, [{
      plant: 'Plant North', timeZone: 'Europe/Berlin', locale: 'de-DE',
      shifts: [
        { name: 'early', days: [1, 2, 3, 4, 5], start: '06:00', end: '14:00', breaks: [{ name: 'lunch', start: '10:00', end: '10:30' }] },
        { name: 'night', days: [1, 2, 3, 4], start: '22:00', end: '06:00', breaks: [] },
      ],
      holidays: ['2026-12-25'],
      exceptions: [{ date: '2026-12-24', shifts: [{ name: 'early', days: [4], start: '06:00', end: '12:00', breaks: [] }] }],
      // 08:00–12:00 CET (local time of the plant) = 07:00–11:00Z
      plannedDowntime: [{ start: Date.parse('2026-03-10T07:00:00Z'), end: Date.parse('2026-03-10T11:00:00Z'), machines: ['*'], reason: 'maintenance' }],
    }])
    assert.deepEqual(config.idealCycles, [{ machine: 'M-1', program: '*', seconds: 60 }, { machine: 'M-1', program: 'O1001', seconds: 42.5 }])
  })

  it('accepts an empty file as no calendars, and defaults the microstop to 120 s', () => {
    assert.deepEqual(parseOeeYaml('', 'oee.yaml'), { microstopSeconds: 120, reasons: [], plants: [], idealCycles: [] })
    assert.equal(parseOeeYaml('reasons: []\n', 'oee.yaml').microstopSeconds, 120)
  })

  it('rejects a night shift running into the next morning with file and line', () => {
    assert.deepEqual(problems(withShifts(`      - { name: early, days: [mon, tue, wed, thu, fri], start: "06:00", end: "14:00" }
      - { name: night, days: [mon], start: "22:00", end: "07:00" }
`)), ['oee.yaml:6: plants[0].shifts[1]: "night" (22:00–07:00) overlaps "early" (06:00–14:00) starting on Tuesday; shifts of a plant must not overlap'])
  })

  it('refuses a shift whose end is its start, and reads "24:00" as the next midnight', () => {
    assert.deepEqual(problems(withShifts(`      - { name: loop, days: [mon], start: "06:00", end: "06:00" }
`)), ['oee.yaml:5: plants[0].shifts[0].end: "06:00" is also the start: a shift needs a length; a shift of the whole day is start "00:00", end "24:00"'])
    const whole = parseOeeYaml(withShifts(`      - { name: all, days: [mon], start: "00:00", end: "24:00" }
      - { name: late, days: [tue], start: "18:00", end: "24:00" }
`), 'oee.yaml').plants[0]?.shifts
    assert.deepEqual(whole?.map((x) => [x.start, x.end]), [['00:00', '00:00'], ['18:00', '00:00']])
  })

  it('rejects overlapping shifts on the same day', () => {
    assert.match(problems(withShifts(`      - { name: a, days: [sat], start: "06:00", end: "14:00" }
      - { name: b, days: [sat, sun], start: "13:00", end: "15:00" }
`)).join('\n'), /oee\.yaml:6: plants\[0\]\.shifts\[1\]: "b" \(13:00–15:00\) overlaps "a" \(06:00–14:00\) starting on Saturday/)
  })

  it('rejects an exception overlapping the previous night shift', () => {
    assert.deepEqual(problems(`plants:
  - name: P
    time_zone: UTC
    shifts: [{ name: night, days: [wed], start: "22:00", end: "06:00" }]
    exceptions:
      - date: "2026-12-24"
        shifts: [{ name: inventory, start: "05:00", end: "09:00" }]
`), ['oee.yaml:6: plants[0].exceptions[0].shifts: on 2026-12-24, "night" of 2026-12-23 overlaps "inventory" of 2026-12-24; shifts must not overlap'])
  })

  it('rejects breaks outside their shift, and accepts one after midnight in a night shift', () => {
    assert.deepEqual(problems(withShifts(`      - name: early
        days: [mon]
        start: "06:00"
        end: "14:00"
        breaks:
          - { start: "13:45", end: "14:15" }
          - { start: "05:00", end: "05:30" }
      - { name: night, days: [mon], start: "22:00", end: "06:00", breaks: [{ start: "02:00", end: "02:30" }] }
`)), [
      'oee.yaml:10: plants[0].shifts[0].breaks[0]: break 13:45–14:15 must lie inside its shift 06:00–14:00 and end after it starts',
      'oee.yaml:11: plants[0].shifts[0].breaks[1]: break 05:00–05:30 must lie inside its shift 06:00–14:00 and end after it starts',
    ])
  })

  it('names file, line and field of every problem at once, with what is accepted', () => {
    assert.deepEqual(problems(`microstop_seconds: -5
colour: blue
reasons:
  - { code: "bad code", planned: maybe }
  - { code: changeover }
plants:
  - name: Plant North
    time_zone: Europe/Berlinn
    locale: "not a locale!"
    shifts:
      - { name: early, days: [monday], start: "6:00", end: "24:60", brakes: [] }
    holidays: ["2026-02-30", "25.12.2026"]
    planned_downtime:
      - { start: "2026-03-10 08:00", end: "2026-03-10T07:00", machines: ["*"], reason: lunch }
      - { start: "2026-03-10T08:00", end: "2026-03-10T07:00", machines: ["M 1"], reason: changeover }
ideal_cycles:
  - { machine: M-1, seconds: 0 }
  - { program: O1, seconds: 10 }
`), [
      'oee.yaml:1: microstop_seconds: must be a number of at least 0',
      'oee.yaml:2: colour: unknown field; accepted: microstop_seconds, reasons, plants, ideal_cycles',
      'oee.yaml:4: reasons[0].code: "bad code" must be 1-64 characters of A-Z a-z 0-9 . _ -',
      'oee.yaml:4: reasons[0].planned: must be true or false',
      'oee.yaml:8: plants[0].time_zone: "Europe/Berlinn" is not an IANA time zone; use a name such as Europe/Berlin, America/Chicago or UTC',
      'oee.yaml:9: plants[0].locale: "not a locale!" is not a locale this runtime knows; use a BCP 47 tag such as de-DE or en-US',
"oee.yaml:11: plants[0].shifts[0].brakes: unknown field; did you mean 'breaks'? accepted: name, days, start, end, breaks",
      'oee.yaml:11: plants[0].shifts[0].start: "6:00" must be a time "HH:MM" from "00:00" to "23:59", e.g. "06:00" (a shift may end at "24:00")',
      'oee.yaml:11: plants[0].shifts[0].end: "24:60" must be a time "HH:MM" from "00:00" to "23:59", e.g. "06:00" (a shift may end at "24:00")',
      'oee.yaml:11: plants[0].shifts[0].days[0]: "monday" is not a day; accepted: sun, mon, tue, wed, thu, fri, sat',
      'oee.yaml:12: plants[0].holidays[0]: "2026-02-30" must be a date "YYYY-MM-DD", e.g. "2026-12-25"',
      'oee.yaml:12: plants[0].holidays[1]: "25.12.2026" must be a date "YYYY-MM-DD", e.g. "2026-12-25"',
      'oee.yaml:14: plants[0].planned_downtime[0].start: "2026-03-10 08:00" must be a local date and time "YYYY-MM-DDTHH:MM" in the plant\'s time zone, e.g. "2026-03-10T08:00"',
      'oee.yaml:14: plants[0].planned_downtime[0].reason: "lunch" is not a code from reasons; accepted: changeover',
      'oee.yaml:15: plants[0].planned_downtime[1].end: must be after start (2026-03-10T08:00)',
      'oee.yaml:15: plants[0].planned_downtime[1].machines[0]: "M 1" must be a machine id (1-64 characters of A-Z a-z 0-9 . _ -, at least one a letter or a digit) or "*" for all machines',
      'oee.yaml:17: ideal_cycles[0].seconds: must be a number above 0',
      'oee.yaml:18: ideal_cycles[1].machine: is required',
    ])
  })

  it('names the accepted key a misspelt one was likely meant to be', () => {
    assert.deepEqual(problems(`microstop_second: 60
plants:
  - name: P
    timezone: UTC
    shifts: [{ name: a, days: [mon], start: "06:00", end: "07:00" }]
`), [
      "oee.yaml:1: microstop_second: unknown field; did you mean 'microstop_seconds'? accepted: microstop_seconds, reasons, plants, ideal_cycles",
      'oee.yaml:3: plants[0].time_zone: is required',
      "oee.yaml:4: plants[0].timezone: unknown field; did you mean 'time_zone'? accepted: name, time_zone, locale, shifts, holidays, exceptions, planned_downtime",
    ])
  })

  it('rejects duplicates and a YAML syntax error with their line', () => {
    assert.match(problems(`plants:
  - { name: P, time_zone: UTC, shifts: [{ name: a, days: [mon], start: "06:00", end: "07:00" }] }
  - { name: P, time_zone: UTC, shifts: [{ name: a, days: [mon], start: "06:00", end: "07:00" }] }
`).join('\n'), /oee\.yaml:3: plants: name "P" is listed twice/)
    assert.match(problems('ideal_cycles:\n  - { machine: M-1, seconds: 1 }\n  - { machine: M-1, program: "*", seconds: 2 }\n').join('\n'), /oee\.yaml:3: ideal_cycles: machine and program "M-1 \*" is listed twice/)
    assert.match(problems('plants: [\n').join('\n'), /oee\.yaml:\d+: \(syntax\)/)
    assert.match(problems('plants:\n  - name: P\n    time_zone: UTC\n').join('\n'), /oee\.yaml:2: plants\[0\]\.shifts: is required/)
  })
})

describe('idealCycleLookup and calendarForPlant', () => {
  it("takes the program's entry, else the machine's '*', else machines.yaml's ideal_cycle_s", () => {
    const config = parseOeeYaml(EXAMPLE, 'oee.yaml')
    const m1 = idealCycleLookup(config, 'M-1')
    assert.deepEqual([m1('O1001'), m1('O2002'), m1(undefined)], [42.5, 60, 60])
    assert.equal(idealCycleLookup(config, 'M-2')('O1001'), undefined)
    assert.equal(idealCycleLookup(config, 'M-2', 33)('O1001'), 33)
  })

  it('falls back to the always-on calendar for a plant without one', () => {
    const config = parseOeeYaml(EXAMPLE, 'oee.yaml')
    assert.equal(calendarForPlant(config, 'Plant North').timeZone, 'Europe/Berlin')
    const fallback = calendarForPlant(config, 'Plant South')
    assert.deepEqual([fallback.alwaysOn, fallback.plant, fallback.shifts[0]?.name], [true, 'Plant South', 'all-day'])
  })
})
