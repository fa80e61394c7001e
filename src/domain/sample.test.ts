import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { type ItemError, MAX_FUTURE_MS, type Sample, type ValidationWindow, validateSample } from './sample.js'
import { SAMPLE_FIELDS, SAMPLE_FIELD_NAMES } from './sampleFields.js'

const MIN = 60_000
const DAY = 86_400_000
const NOW = Date.parse('2026-06-01T12:00:00.000Z')
const WINDOW: ValidationWindow = { now: NOW, retentionMs: 30 * DAY, maxFutureMs: MAX_FUTURE_MS }
// A position other than 0, so that a test sees the item's index is passed through.
const INDEX = 3
const base = { machine_id: 'CNC-01', timestamp: '2026-06-01T11:59:00.000Z' }
const BASE_TS = Date.parse(base.timestamp)

function accept(item: unknown, window: ValidationWindow = WINDOW): Sample {
  const r = validateSample(item, INDEX, window)
  if (!r.ok) assert.fail(`expected the item to be accepted, got ${JSON.stringify(r.errors)}`)
  return r.sample
}

function reject(item: unknown): ItemError[] {
  const r = validateSample(item, INDEX, WINDOW)
  if (r.ok) assert.fail(`expected the item to be rejected, got ${JSON.stringify(r.sample)}`)
  return r.errors
}

/** The one error of a rejected item, checked to be about `field`. */
function errorOn(item: unknown, field: string): ItemError {
  const errors = reject(item)
  assert.equal(errors.length, 1, JSON.stringify(errors))
  const [error] = errors
  assert.ok(error)
  assert.equal(error.index, INDEX)
  assert.equal(error.field, field)
  return error
}

const iso = (ms: number) => new Date(ms).toISOString()

describe('validateSample: a valid sample', () => {
  it("accepts the seed's sample and keeps every value, with src defaulting to http", () => {
    assert.deepEqual(accept({ ...base, rpm: 4500, feed_mm_min: 1400, state: 'running' }), {
      machine_id: 'CNC-01', ts: BASE_TS, rpm: 4500, feed_mm_min: 1400, state: 'running', src: 'http',
    })
  })

  it('keeps every optional field of a full sample', () => {
    const full = {
      ...base, rpm: 12000.5, feed_mm_min: 0, state: 'stopped', part_count: 17, program: 'O1234',
      execution: 'FEED_HOLD', mode: 'AUTOMATIC', alarm: 'EX0042 spindle overload', sequence: 981234, src: 'mtconnect',
    }
    const { timestamp: _timestamp, ...rest } = full
    assert.deepEqual(accept(full), { ...rest, ts: BASE_TS })
  })
})

describe('validateSample: machine_id', () => {
  it('requires machine_id and names the field', () => {
    assert.match(errorOn({ timestamp: base.timestamp }, 'machine_id').reason, /required/)
  })

  it('treats a null machine_id as missing', () => {
    assert.match(errorOn({ ...base, machine_id: null }, 'machine_id').reason, /required/)
  })

  it('rejects a machine_id that is not a string, saying what it got', () => {
    assert.match(errorOn({ ...base, machine_id: 42 }, 'machine_id').reason, /must be a string, got number 42/)
  })

  it('accepts every allowed character class and exactly 64 characters', () => {
    assert.equal(accept({ ...base, machine_id: 'Mazak_VCN-530C.01' }).machine_id, 'Mazak_VCN-530C.01')
    assert.equal(accept({ ...base, machine_id: 'A'.repeat(64) }).machine_id, 'A'.repeat(64))
    assert.equal(accept({ ...base, machine_id: 'x' }).machine_id, 'x')
  })

  it('rejects 65 characters and an empty id', () => {
    for (const id of ['A'.repeat(65), '']) {
      assert.match(errorOn({ ...base, machine_id: id }, 'machine_id').reason, /1-64 characters of A-Z a-z 0-9 \. _ -/, JSON.stringify(id))
    }
  })

  it('rejects spaces, slashes, a trailing newline and non-ASCII characters', () => {
    for (const id of ['CNC 01', ' CNC-01', 'CNC/01', 'CNC-01\n', 'CNC-ü', 'ＣＮＣ01', 'CNC-01😀']) {
      assert.match(errorOn({ ...base, machine_id: id }, 'machine_id').reason, /1-64 characters/, JSON.stringify(id))
    }
  })
})

describe('validateSample: timestamp', () => {
  it('requires a timestamp (null counts as missing)', () => {
    assert.match(errorOn({ machine_id: 'A' }, 'timestamp').reason, /required/)
    assert.match(errorOn({ machine_id: 'A', timestamp: null }, 'timestamp').reason, /required/)
  })

  it('rejects an epoch number, wanting an ISO 8601 string', () => {
    assert.match(errorOn({ ...base, timestamp: BASE_TS }, 'timestamp').reason, /ISO 8601 string, got number/)
  })

  it('accepts a UTC timestamp written with Z', () => {
    assert.equal(accept({ ...base, timestamp: '2026-06-01T11:59:00Z' }).ts, BASE_TS)
  })

  it('accepts positive and negative offsets and converts them to the same instant', () => {
    assert.equal(accept({ ...base, timestamp: '2026-06-01T13:59:00+02:00' }).ts, BASE_TS)
    assert.equal(accept({ ...base, timestamp: '2026-06-01T06:29:00-05:30' }).ts, BASE_TS)
  })

  it('accepts an ISO 8601 offset given in hours only (+02)', () => {
    assert.equal(accept({ ...base, timestamp: '2026-06-01T13:59:00+02' }).ts, BASE_TS)
  })

  it('rejects a timestamp without a zone and shows the expected form', () => {
    for (const ts of ['2026-06-01T11:59:00', '2026-06-01T11:59:00.000', '2026-06-01']) {
      const e = errorOn({ ...base, timestamp: ts }, 'timestamp')
      assert.match(e.reason, /with a zone/, ts)
      assert.ok(e.reason.includes(`"${ts}"`), e.reason)
    }
  })

  it('rejects date formats other than ISO 8601 even when Date.parse would read them', () => {
    assert.match(errorOn({ ...base, timestamp: 'Mon, 01 Jun 2026 11:59:00 GMT' }, 'timestamp').reason, /ISO 8601/)
  })

  it('rejects impossible calendar dates instead of rolling them over', () => {
    for (const ts of ['2026-02-30T10:00:00Z', '2026-02-29T10:00:00Z', '2026-04-31T10:00:00Z', '2026-13-01T10:00:00Z', '2026-00-10T10:00:00Z']) {
      assert.match(errorOn({ ...base, timestamp: ts }, 'timestamp').reason, /not a valid date-time/, ts)
    }
  })

  it('rejects impossible times of day (25:00, minute 60, second 61)', () => {
    for (const ts of ['2026-06-01T25:00:00Z', '2026-06-01T11:60:00Z', '2026-06-01T11:59:61Z']) {
      assert.match(errorOn({ ...base, timestamp: ts }, 'timestamp').reason, /not a valid date-time/, ts)
    }
  })

  it("takes a leap second (:60) as the minute's last millisecond, with or without a fraction or an offset", () => {
    assert.equal(accept({ ...base, timestamp: '2026-06-01T11:58:60Z' }).ts, Date.parse('2026-06-01T11:58:59.999Z'))
    assert.equal(accept({ ...base, timestamp: '2026-06-01T11:58:60.5Z' }).ts, Date.parse('2026-06-01T11:58:59.999Z'))
    assert.equal(accept({ ...base, timestamp: '2026-06-01T13:58:60+02:00' }).ts, Date.parse('2026-06-01T11:58:59.999Z'))
  })

  it('accepts 29 February in a leap year', () => {
    const window = { ...WINDOW, now: Date.parse('2028-03-01T00:00:00Z') }
    assert.equal(accept({ ...base, timestamp: '2028-02-29T12:00:00Z' }, window).ts, Date.parse('2028-02-29T12:00:00Z'))
  })

  it('keeps millisecond precision: ts equals Date.parse of the timestamp', () => {
    for (const ts of ['2026-06-01T11:59:00.123Z', '2026-06-01T13:59:00.987+02:00', '2026-06-01T11:59:00.001Z']) {
      assert.equal(accept({ ...base, timestamp: ts }).ts, Date.parse(ts), ts)
    }
    assert.equal(accept({ ...base, timestamp: '2026-06-01T11:59:00.123Z' }).ts % 1000, 123)
  })

  it('accepts a timestamp exactly at the start of the retention window', () => {
    assert.equal(accept({ ...base, timestamp: iso(NOW - 30 * DAY) }).ts, NOW - 30 * DAY)
  })

  it('rejects a timestamp older than the retention window with a reason naming the retention', () => {
    for (const ms of [NOW - 30 * DAY - 1, NOW - 31 * DAY]) {
      const e = errorOn({ ...base, timestamp: iso(ms) }, 'timestamp')
      assert.match(e.reason, /older than the retention window \(30 days\)/)
      assert.ok(e.reason.includes(iso(NOW - 30 * DAY)), `the reason should give the oldest accepted time: ${e.reason}`)
    }
  })

  it('accepts a timestamp 4 minutes in the future (clock skew)', () => {
    assert.equal(accept({ ...base, timestamp: iso(NOW + 4 * MIN) }).ts, NOW + 4 * MIN)
  })

  it('accepts a timestamp exactly 5 minutes in the future', () => {
    assert.equal(accept({ ...base, timestamp: iso(NOW + 5 * MIN) }).ts, NOW + 5 * MIN)
  })

  it("rejects more than 5 minutes in the future and points at the sender's clock", () => {
    for (const ms of [NOW + 5 * MIN + 1, NOW + 6 * MIN]) {
      const e = errorOn({ ...base, timestamp: iso(ms) }, 'timestamp')
      assert.match(e.reason, /more than 5 min in the future/)
      assert.match(e.reason, /clock/)
    }
  })

  it('applies the future limit to the instant, not to the local time written with an offset', () => {
    // 14:10+02:00 is 12:10Z, ten minutes after NOW.
    assert.match(errorOn({ ...base, timestamp: '2026-06-01T14:10:00+02:00' }, 'timestamp').reason, /in the future/)
  })
})

describe('validateSample: numbers', () => {
  for (const field of ['rpm', 'feed_mm_min'] as const) {
    it(`accepts ${field} of zero and fractional values`, () => {
      assert.equal(accept({ ...base, [field]: 0 })[field], 0)
      assert.equal(accept({ ...base, [field]: 1234.5 })[field], 1234.5)
    })

    it(`rejects ${field} below zero with the field named`, () => {
      assert.match(errorOn({ ...base, [field]: -1 }, field).reason, /must be >= 0, got -1/)
      assert.match(errorOn({ ...base, [field]: -0.001 }, field).reason, />= 0/)
    })

    it(`rejects ${field} sent as a string as the wrong type`, () => {
      assert.match(errorOn({ ...base, [field]: '4500' }, field).reason, /must be a number, got the string "4500"/)
      assert.match(errorOn({ ...base, [field]: true }, field).reason, /must be a number, got boolean/)
    })

    it(`rejects non-finite ${field} (Infinity, 1e400 from JSON, NaN)`, () => {
      for (const value of [Infinity, -Infinity, JSON.parse('1e400') as number, NaN]) {
        assert.match(errorOn({ ...base, [field]: value }, field).reason, /finite/, String(value))
      }
    })
  }

  for (const field of ['part_count', 'sequence'] as const) {
    it(`accepts ${field} of zero and of large whole numbers`, () => {
      assert.equal(accept({ ...base, [field]: 0 })[field], 0)
      assert.equal(accept({ ...base, [field]: 2 ** 39 })[field], 2 ** 39)
    })

    it(`rejects a fractional ${field} as not a whole number`, () => {
      assert.match(errorOn({ ...base, [field]: 1.5 }, field).reason, /whole number/)
    })

    it(`rejects ${field} below zero and beyond 2^53`, () => {
      assert.match(errorOn({ ...base, [field]: -3 }, field).reason, /must be >= 0, got -3/)
      assert.match(errorOn({ ...base, [field]: 2 ** 53 }, field).reason, /must be at most/)
    })

    it(`rejects ${field} sent as a string`, () => {
      assert.match(errorOn({ ...base, [field]: '3' }, field).reason, /must be a number, got the string "3"/)
    })
  }
})

describe('validateSample: bounds a person would believe (SAMPLE_FIELDS)', () => {
  it('accepts each bound itself and refuses just above it, naming the bound and its unit', () => {
    for (const field of SAMPLE_FIELD_NAMES.filter((f) => SAMPLE_FIELDS[f].kind === 'number')) {
      const { max } = SAMPLE_FIELDS[field] as { max: number }
      assert.equal(accept({ ...base, [field]: max })[field as keyof Sample], max, field)
      const above = field === 'sequence' ? 2 ** 53 : max + 1
      assert.match(errorOn({ ...base, [field]: above }, field).reason, /must be at most [\d,]+/, field)
    }
    assert.match(errorOn({ ...base, rpm: 1e308 }, 'rpm').reason, /must be at most 500,000 rpm, got 1e\+308/)
    assert.match(errorOn({ ...base, feed_mm_min: 1.7e308 }, 'feed_mm_min').reason, /at most 1,000,000 mm\/min/)
    assert.match(errorOn({ ...base, part_count: 1e13 }, 'part_count').reason, /at most 1,000,000,000,000 parts/)
  })

  it('refuses text with NUL or a lone surrogate, and keeps a real astral character', () => {
    for (const field of ['program', 'execution', 'mode', 'alarm']) {
      assert.match(errorOn({ ...base, [field]: 'a\u0000b' }, field).reason, /NUL character .* at character 1/)
      assert.match(errorOn({ ...base, [field]: 'a\ud800b' }, field).reason, /lone UTF-16 surrogate \(\\uD800\) at character 1/)
      assert.match(errorOn({ ...base, [field]: '\udc00' }, field).reason, /lone UTF-16 surrogate/)
    }
    assert.equal(accept({ ...base, alarm: 'spindle 🔥 hot' }).alarm, 'spindle 🔥 hot')
  })

  it('refuses machine ids without a letter or digit (".", "..", "-", "_")', () => {
    for (const id of ['.', '..', '-', '_', '._-']) assert.match(errorOn({ ...base, machine_id: id }, 'machine_id').reason, /at least one a letter or a digit/, id)
    for (const id of ['a', '7', '.x', 'CNC_01.b-2']) assert.equal(accept({ ...base, machine_id: id }).machine_id, id)
  })
})

describe('validateSample: optional fields', () => {
  it('treats null as absent for every optional field', () => {
    const nulls = { rpm: null, feed_mm_min: null, state: null, part_count: null, program: null, execution: null, mode: null, alarm: null, sequence: null, src: null }
    assert.deepEqual(accept({ ...base, ...nulls }), { machine_id: 'CNC-01', ts: BASE_TS, src: 'http' })
  })

  it('accepts each of the four states', () => {
    for (const state of ['running', 'idle', 'stopped', 'offline']) assert.equal(accept({ ...base, state }).state, state)
  })

  it('rejects any other state, listing the four', () => {
    for (const state of ['RUNNING', 'active', 'UNAVAILABLE', '']) {
      assert.match(errorOn({ ...base, state }, 'state').reason, /one of running, idle, stopped, offline; got "/, state)
    }
    assert.match(errorOn({ ...base, state: 1 }, 'state').reason, /one of running, idle, stopped, offline; got number 1/)
  })

  it('accepts the four sources and defaults to http when src is absent', () => {
    for (const src of ['mtconnect', 'opcua', 'mqtt', 'http']) assert.equal(accept({ ...base, src }).src, src)
    assert.equal(accept(base).src, 'http')
  })

  it('rejects an unknown source with the field named', () => {
    assert.match(errorOn({ ...base, src: 'modbus' }, 'src').reason, /one of mtconnect, opcua, mqtt, http; got "modbus"/)
  })

  const caps = { program: 256, execution: 64, mode: 64, alarm: 1024 } as const
  for (const [field, max] of Object.entries(caps) as [keyof typeof caps, number][]) {
    it(`accepts ${field} up to ${max} characters and rejects one more, with the limit named`, () => {
      assert.equal(accept({ ...base, [field]: 'x'.repeat(max) })[field], 'x'.repeat(max))
      assert.match(errorOn({ ...base, [field]: 'x'.repeat(max + 1) }, field).reason, new RegExp(`at most ${max} characters, got ${max + 1}`))
    })
  }

  it('rejects a text field that is not a string', () => {
    assert.match(errorOn({ ...base, program: 1234 }, 'program').reason, /must be a string, got number 1234/)
  })
})

describe('validateSample: shape of the item', () => {
  it('rejects an unknown field by name, so that a typo does not drop data silently', () => {
    const e = errorOn({ ...base, rmp: 4500 }, 'rmp')
    assert.match(e.reason, /unknown field/)
    assert.match(e.reason, /accepted fields are machine_id, timestamp, rpm, feed_mm_min/)
  })

  it('reports each unknown field, including __proto__ from JSON', () => {
    const item: unknown = JSON.parse(`{"machine_id":"CNC-01","timestamp":"${base.timestamp}","__proto__":1,"temp":20}`)
    assert.deepEqual(reject(item).map((e) => e.field).sort(), ['__proto__', 'temp'])
  })

  it('rejects items that are not JSON objects, saying what they are', () => {
    const cases: [unknown, RegExp][] = [
      [[base], /expected a JSON object, got an array/],
      ['CNC-01', /expected a JSON object, got the string "CNC-01"/],
      [null, /expected a JSON object, got null/],
      [42, /expected a JSON object, got number 42/],
      [true, /expected a JSON object, got boolean true/],
    ]
    for (const [item, reason] of cases) {
      const e = errorOn(item, '')
      assert.match(e.reason, reason)
    }
  })

  it('reports every problem of an item, not only the first', () => {
    const errors = reject({ machine_id: 'bad id', timestamp: '2026-06-01T11:59:00', rpm: -5, part_count: 1.5, state: 'on', src: 'x', program: 7, colour: 'red' })
    assert.deepEqual(errors.map((e) => e.field).sort(), ['colour', 'machine_id', 'part_count', 'program', 'rpm', 'src', 'state', 'timestamp'])
    assert.ok(errors.every((e) => e.index === INDEX))
  })
})
