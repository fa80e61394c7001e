import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ObservationBuffer } from './observationBuffer.js'
import type { Observation } from './observation.js'

const value = (dataItemId: string, v: string, timestamp = 0): Observation => ({ dataItemId, value: v, timestamp })

describe('observation ring buffer', () => {
  it('numbers observations from 1 and reports first, last and next sequence', () => {
    const b = new ObservationBuffer(4)
    assert.deepEqual([b.firstSequence, b.lastSequence, b.nextSequence], [1, 0, 1])
    for (let i = 0; i < 3; i++) b.append(value('x', String(i)))
    assert.deepEqual([b.firstSequence, b.lastSequence, b.nextSequence], [1, 3, 4])
    assert.equal(b.get(2)?.value, '1')
  })

  it('wraps: firstSequence advances and evicted observations are gone', () => {
    const b = new ObservationBuffer(4)
    for (let i = 0; i < 10; i++) b.append(value('x', String(i)))
    assert.deepEqual([b.firstSequence, b.lastSequence, b.nextSequence], [7, 10, 11])
    assert.equal(b.get(6), undefined)
    assert.equal(b.get(7)?.value, '6')
    assert.equal(b.get(10)?.value, '9')
    assert.equal(b.get(11), undefined)
  })

  it('drops a value equal to the latest one of its data item, like the agent duplicate filter', () => {
    const b = new ObservationBuffer(8)
    assert.ok(b.append(value('x', 'A')))
    assert.equal(b.append(value('x', 'A')), undefined)
    assert.ok(b.append(value('y', 'A')))
    assert.ok(b.append(value('x', 'B')))
    assert.equal(b.nextSequence, 4)
  })

  it('answers the state at any buffered sequence, including what was evicted before it', () => {
    const b = new ObservationBuffer(3)
    b.append(value('a', '1')) // 1, evicted later
    b.append(value('b', '1')) // 2, evicted later
    b.append(value('a', '2')) // 3
    b.append(value('b', '2')) // 4
    b.append(value('c', '1')) // 5
    assert.equal(b.firstSequence, 3)
    const at3 = b.stateAt(3)
    assert.equal(at3.get('a')[0]?.value, '2')
    assert.equal(at3.get('b')[0]?.value, '1', 'b comes from the checkpoint of evicted observations')
    assert.deepEqual(at3.get('c'), [])
    assert.equal(b.stateAt(5).get('c')[0]?.value, '1')
  })

  it('keeps every active alarm of a condition until a Normal clears it', () => {
    const b = new ObservationBuffer(16)
    const cond = (level: Observation['level'], nativeCode?: string): Observation => ({ dataItemId: 'sys', value: nativeCode ? `alarm ${nativeCode}` : '', timestamp: 0, level, ...(nativeCode ? { nativeCode } : {}) })
    b.append(cond('NORMAL'))
    b.append(cond('FAULT', '1'))
    b.append(cond('WARNING', '2'))
    assert.deepEqual(b.latest().get('sys').map((c) => [c.level, c.nativeCode]), [['FAULT', '1'], ['WARNING', '2']])
    assert.equal(b.append(cond('FAULT', '1')), undefined, 'the same active fault again is a duplicate')
    b.append(cond('NORMAL', '1'))
    assert.deepEqual(b.latest().get('sys').map((c) => [c.level, c.nativeCode]), [['WARNING', '2']])
    b.append(cond('NORMAL'))
    assert.deepEqual(b.latest().get('sys').map((c) => c.level), ['NORMAL'])
    assert.equal(b.append(cond('NORMAL')), undefined)
    b.append(cond('UNAVAILABLE'))
    assert.deepEqual(b.latest().get('sys').map((c) => c.level), ['UNAVAILABLE'])
  })

  it('refuses a capacity that is not a positive whole number', () => {
    assert.throws(() => new ObservationBuffer(0), /positive whole number/)
  })
})
