import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { MAX_FUTURE_MS, type SampleCheck, validateSample } from './sample.js'

const NOW = Date.parse('2026-06-01T12:00:00.000Z')
const WINDOW = { now: NOW, retentionMs: 30 * 86_400_000, maxFutureMs: MAX_FUTURE_MS }
const base = { machine_id: 'CNC-01', timestamp: '2026-06-01T11:59:00.000Z' }
const check = (item: unknown): SampleCheck => validateSample(item, 7, WINDOW)

function errorsOf(item: unknown) {
  const r = check(item)
  assert.equal(r.ok, false, 'expected the item to be rejected')
  return r.ok ? [] : r.errors
}
function onlyError(item: unknown) {
  const errors = errorsOf(item)
  assert.equal(errors.length, 1, JSON.stringify(errors))
  return errors[0] as (typeof errors)[number]
}

describe('validateSample', () => {
  it("accepts the seed's sample and keeps every value", () => {
    const r = check({ ...base, rpm: 4500, feed_mm_min: 1400, state: 'running' })
    assert.deepEqual(r, { ok: true, sample: { machine_id: 'CNC-01', ts: Date.parse(base.timestamp), rpm: 4500, feed_mm_min: 1400, state: 'running', src: 'http' } })
  })

  it('keeps millisecond precision and understands offsets', () => {
    const r = check({ ...base, timestamp: '2026-06-01T13:59:00.123+02:00' })
    assert.ok(r.ok)
    assert.equal(r.sample.ts, Date.parse('2026-06-01T11:59:00.123Z'))
  })

  it('requires machine_id and names the field', () => {
    assert.deepEqual(onlyError({ timestamp: base.timestamp }), { index: 7, field: 'machine_id', reason: 'is required' })
  })

  it('accepts a 64-character machine id and rejects 65 characters, spaces and non-ASCII', () => {
    assert.ok(check({ ...base, machine_id: 'A'.repeat(64) }).ok)
    for (const id of ['A'.repeat(65), 'CNC 01', 'CNC-ü', '']) assert.match(onlyError({ ...base, machine_id: id }).reason, /1-64 characters/)
    assert.match(onlyError({ ...base, machine_id: 42 }).reason, /must be a string, got number 42/)
  })

  it('requires a timestamp with a zone and a real calendar date', () => {
    assert.match(onlyError({ machine_id: 'A' }).reason, /is required/)
    assert.match(onlyError({ ...base, timestamp: '2026-06-01T11:59:00' }).reason, /with a zone/)
    assert.match(onlyError({ ...base, timestamp: '2026-02-30T10:00:00Z' }).reason, /not a valid date-time/)
    assert.match(onlyError({ ...base, timestamp: '2026-06-01T25:00:00Z' }).reason, /not a valid date-time/)
    assert.match(onlyError({ ...base, timestamp: 1780000000000 }).reason, /ISO 8601 string, got number/)
  })

  it('rejects timestamps older than the retention window and says so', () => {
    const e = onlyError({ ...base, timestamp: new Date(NOW - 31 * 86_400_000).toISOString() })
    assert.equal(e.field, 'timestamp')
    assert.match(e.reason, /older than the retention window \(30 days\)/)
  })

  it('accepts 4 minutes in the future and rejects more than 5, pointing at the clock', () => {
    assert.ok(check({ ...base, timestamp: new Date(NOW + 4 * 60_000).toISOString() }).ok)
    assert.match(onlyError({ ...base, timestamp: new Date(NOW + 6 * 60_000).toISOString() }).reason, /more than 5 min in the future.*clock/)
  })

  it('rejects a feed below zero with the field named', () => {
    assert.deepEqual(onlyError({ ...base, feed_mm_min: -1 }), { index: 7, field: 'feed_mm_min', reason: 'must be >= 0, got -1' })
  })

  it('rejects numbers sent as strings and non-finite numbers', () => {
    assert.match(onlyError({ ...base, rpm: '4500' }).reason, /must be a number, got the string "4500"/)
    assert.match(onlyError({ ...base, rpm: Infinity }).reason, /finite/)
    assert.match(onlyError({ ...base, rpm: JSON.parse('1e400') }).reason, /finite/)
  })

  it('treats null as absent', () => {
    const r = check({ ...base, rpm: null, state: null, program: null })
    assert.ok(r.ok)
    assert.equal('rpm' in r.sample, false)
  })

  it('accepts only the four states', () => {
    for (const state of ['running', 'idle', 'stopped', 'offline']) assert.ok(check({ ...base, state }).ok)
    assert.match(onlyError({ ...base, state: 'RUNNING' }).reason, /one of running, idle, stopped, offline; got "RUNNING"/)
  })

  it('wants whole numbers for part_count and sequence', () => {
    assert.match(onlyError({ ...base, part_count: 1.5 }).reason, /whole number/)
    assert.match(onlyError({ ...base, sequence: -3 }).reason, />= 0/)
    assert.ok(check({ ...base, part_count: 0, sequence: 2 ** 40 }).ok)
  })

  it('caps text fields', () => {
    assert.match(onlyError({ ...base, program: 'O'.repeat(257) }).reason, /at most 256 characters/)
    assert.ok(check({ ...base, alarm: 'x'.repeat(1024) }).ok)
  })

  it('knows the sources and defaults to http', () => {
    const r = check({ ...base, src: 'mqtt' })
    assert.ok(r.ok)
    assert.equal(r.sample.src, 'mqtt')
    assert.equal(onlyError({ ...base, src: 'modbus' }).field, 'src')
  })

  it('rejects unknown fields by name, so that a typo does not drop data silently', () => {
    const e = onlyError({ ...base, rmp: 4500 })
    assert.equal(e.field, 'rmp')
    assert.match(e.reason, /unknown field; accepted fields are machine_id, timestamp, rpm/)
  })

  it('rejects items that are not objects', () => {
    for (const item of [[], 'x', null, 5]) assert.match(onlyError(item).reason, /expected a JSON object/)
  })

  it('reports every problem of an item, not only the first', () => {
    const errors = errorsOf({ machine_id: '', timestamp: 'now', rpm: -5, state: 'on' })
    assert.deepEqual(errors.map((e) => e.field).sort(), ['machine_id', 'rpm', 'state', 'timestamp'])
  })
})
