import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_EXECUTION_STATES } from '../../domain/machineState.js'
import type { DataItem, Observation } from './documents.js'
import { chooseItemRoles } from './itemRoles.js'
import { SampleFolder, parseObservationTime } from './sampleFolder.js'

const items: DataItem[] = [
  { id: 'avail', type: 'AVAILABILITY', category: 'EVENT' },
  { id: 'exec', type: 'EXECUTION', category: 'EVENT' },
  { id: 'estop', type: 'EMERGENCY_STOP', category: 'EVENT' },
  { id: 'S1', type: 'ROTARY_VELOCITY', subType: 'ACTUAL', category: 'SAMPLE', units: 'REVOLUTION/MINUTE' },
  { id: 'F', type: 'PATH_FEEDRATE', subType: 'ACTUAL', category: 'SAMPLE', units: 'MILLIMETER/SECOND' },
  { id: 'pc', type: 'PART_COUNT', category: 'EVENT' },
  { id: 'prog', type: 'PROGRAM', category: 'EVENT' },
  { id: 'sys', type: 'SYSTEM', category: 'CONDITION' },
  { id: 'pos', type: 'POSITION', subType: 'ACTUAL', category: 'SAMPLE', units: 'MILLIMETER' },
]

function folder(executionStates = DEFAULT_EXECUTION_STATES) {
  return new SampleFolder('M1', chooseItemRoles({ name: 'M1', dataItems: items }), executionStates)
}

let seq = 0
function obs(dataItemId: string, value: string, timestamp: string, extra: Partial<Observation> = {}): Observation {
  const category = items.find((i) => i.id === dataItemId)?.category ?? 'EVENT'
  return { dataItemId, value, timestamp, sequence: ++seq, category, ...extra }
}

describe('SampleFolder', () => {
  it('emits one sample per distinct timestamp with every field filled forward', () => {
    const f = folder()
    const samples = f.apply([
      obs('avail', 'AVAILABLE', '2026-03-01T08:00:00.000000Z'),
      obs('exec', 'ACTIVE', '2026-03-01T08:00:00.000000Z'),
      obs('S1', '4500', '2026-03-01T08:00:00.000000Z'),
      obs('F', '25', '2026-03-01T08:00:01.250000Z'),
      obs('pos', '12.5', '2026-03-01T08:00:02Z'),
    ])
    assert.deepEqual(samples.map((s) => [s.timestamp, s.state, s.rpm, s.feed_mm_min]), [
      ['2026-03-01T08:00:00.000Z', 'running', 4500, undefined],
      ['2026-03-01T08:00:01.250Z', 'running', 4500, 1500],
    ], 'feed mm/s ×60; an unmapped item makes no sample')
    assert.equal(samples[1]?.src, 'mtconnect')
  })

  it('takes a /current document as one sample at its newest observation, never a partial one before it', () => {
    // /current holds each item's latest value: at 08:00 Execution is not yet known from it
    // (its value is from 08:05); a sample at 08:00 would show a machine without a state.
    const f = folder()
    const sample = f.applyCurrent([
      obs('avail', 'AVAILABLE', '2026-03-01T08:00:00Z'),
      obs('pc', '159', '2026-03-01T08:00:00Z'),
      obs('exec', 'ACTIVE', '2026-03-01T08:05:00Z'),
      obs('S1', '4500', '2026-03-01T08:06:00Z'),
      obs('pos', '12.5', '2026-03-01T08:07:00Z'), // not mapped: does not set the time
    ])
    assert.deepEqual([sample?.timestamp, sample?.state, sample?.rpm, sample?.part_count], ['2026-03-01T08:06:00.000Z', 'running', 4500, 159])
    assert.equal(f.applyCurrent([obs('pos', '1', '2026-03-01T08:08:00Z')]), undefined)
  })

  it('applies observations by sequence, not by document order', () => {
    const f = folder()
    const a = obs('exec', 'ACTIVE', '2026-03-01T08:00:00Z')
    const b = obs('exec', 'FEED_HOLD', '2026-03-01T08:00:00Z')
    const [sample] = f.apply([b, a])
    assert.equal(sample?.state, 'stopped')
    assert.equal(sample?.execution, 'FEED_HOLD')
  })

  it('treats UNAVAILABLE as unknown, never zero, and an unavailable machine as offline', () => {
    const f = folder()
    f.apply([obs('exec', 'ACTIVE', '2026-03-01T08:00:00Z'), obs('S1', '800', '2026-03-01T08:00:00Z')])
    const [sample] = f.apply([obs('avail', 'UNAVAILABLE', '2026-03-01T08:00:05Z'), obs('S1', 'UNAVAILABLE', '2026-03-01T08:00:05Z')])
    assert.equal(sample?.state, 'offline')
    assert.equal(sample?.rpm, undefined)
  })

  it('forces stopped on an e-stop or an active Fault and lists active alarms, faults first', () => {
    const f = folder()
    f.apply([obs('exec', 'ACTIVE', '2026-03-01T08:00:00Z')])
    let [s] = f.apply([obs('estop', 'TRIGGERED', '2026-03-01T08:00:01Z')])
    assert.equal(s?.state, 'stopped')
    ;[s] = f.apply([obs('estop', 'ARMED', '2026-03-01T08:00:02Z')])
    assert.equal(s?.state, 'running')
    ;[s] = f.apply([
      obs('sys', 'Coolant low', '2026-03-01T08:00:03Z', { level: 'Warning', nativeCode: '10' }),
      obs('sys', 'Spindle overload', '2026-03-01T08:00:03Z', { level: 'Fault', nativeCode: '2001' }),
    ])
    assert.equal(s?.state, 'stopped')
    assert.equal(s?.alarm, 'FAULT 2001: Spindle overload; WARNING 10: Coolant low')
    ;[s] = f.apply([obs('sys', '', '2026-03-01T08:00:04Z', { level: 'Normal', nativeCode: '2001' })])
    assert.equal(s?.state, 'running')
    assert.equal(s?.alarm, 'WARNING 10: Coolant low')
    ;[s] = f.apply([obs('sys', '', '2026-03-01T08:00:05Z', { level: 'Normal' })])
    assert.equal(s?.alarm, undefined, 'Normal without a code clears every condition of the item')
  })

  it('follows a vendor state table override', () => {
    const f = folder({ ...DEFAULT_EXECUTION_STATES, STOPPED: 'idle' })
    const [s] = f.apply([obs('exec', 'STOPPED', '2026-03-01T08:00:00Z')])
    assert.equal(s?.state, 'idle')
  })

  it('keeps part counts that reset, and reports values that are not numbers without inventing one', () => {
    const f = folder()
    f.apply([obs('pc', '41', '2026-03-01T08:00:00Z')])
    let [s] = f.apply([obs('pc', '0', '2026-03-01T08:00:01Z')])
    assert.equal(s?.part_count, 0)
    ;[s] = f.apply([obs('pc', 'abc', '2026-03-01T08:00:02Z')])
    assert.equal(s?.part_count, undefined)
    assert.match(f.problems.at(-1) ?? '', /"abc" is not a usable number/)
  })

  it('makes an offline sample that drops the stale spindle and feed values', () => {
    const f = folder()
    f.apply([obs('exec', 'ACTIVE', '2026-03-01T08:00:00Z'), obs('S1', '800', '2026-03-01T08:00:00Z'), obs('prog', 'O1234', '2026-03-01T08:00:00Z')])
    const s = f.offline(Date.parse('2026-03-01T08:01:00Z'))
    assert.deepEqual([s.state, s.rpm, s.program], ['offline', undefined, 'O1234'])
    const [back] = f.apply([obs('F', '10', '2026-03-01T08:02:00Z')])
    assert.deepEqual([back?.state, back?.rpm], ['running', 800], 'observations after the outage continue the folded values')
  })

  it('stamps the last known machine at a given time as a keep-alive, once something was observed', () => {
    const f = folder()
    assert.equal(f.snapshotAt(0), undefined)
    f.apply([obs('exec', 'READY', '2026-03-01T08:00:00Z')])
    const s = f.snapshotAt(Date.parse('2026-03-01T09:00:00Z'))
    assert.deepEqual([s?.timestamp, s?.state], ['2026-03-01T09:00:00.000Z', 'idle'])
  })
})

describe('parseObservationTime', () => {
  it('reads µs timestamps and takes a zone-less one (Mazak SHDR) as UTC', () => {
    assert.equal(parseObservationTime('2026-11-25T03:57:09.305533Z'), Date.parse('2026-11-25T03:57:09.305Z'))
    assert.equal(parseObservationTime('2026-11-25T03:57:09.305533'), Date.parse('2026-11-25T03:57:09.305Z'))
    assert.equal(parseObservationTime('yesterday'), undefined)
  })
  it('with rpm: fastest shows the fastest turning spindle, and the others when it stops or is unknown', () => {
    const spindles: DataItem[] = [...items, { id: 'S6', type: 'ROTARY_VELOCITY', subType: 'ACTUAL', category: 'SAMPLE', units: 'REVOLUTION/MINUTE' }]
    const roles = chooseItemRoles({ name: 'M1', dataItems: spindles }, { items: { rpm: 'fastest' } })
    const f = new SampleFolder('M1', roles, DEFAULT_EXECUTION_STATES)
    const at = (s: number) => `2026-03-01T08:00:0${s}Z`
    const s6 = (value: string, ts: string) => obs('S6', value, ts, { category: 'SAMPLE' })
    const samples = f.apply([obs('exec', 'ACTIVE', at(0)), obs('S1', '13', at(0)), s6('599', at(1)), s6('0', at(2)), s6('UNAVAILABLE', at(3)), obs('S1', 'UNAVAILABLE', at(4))])
    assert.deepEqual(samples.map((s) => s.rpm), [13, 599, 13, 13, undefined])
  })
})
