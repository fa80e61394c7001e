import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { FaultRequestError, FaultState, parseFaultRequest } from './faults.js'

const devices = ['CNC-SIM-001', 'CNC-SIM-002']

describe('fault requests', () => {
  it('accepts settings and actions together', () => {
    const r = parseFaultRequest({ delayMs: 250, http500Next: 2, clockSkewMs: -5000, restart: true, burst: 10, powerOff: 'CNC-SIM-001', powerOn: ['CNC-SIM-002'] }, devices)
    assert.deepEqual(r.settings, { delayMs: 250, http500Next: 2, clockSkewMs: -5000 })
    assert.deepEqual([r.restart, r.burst, r.powerOff, r.powerOn], [true, 10, ['CNC-SIM-001'], ['CNC-SIM-002']])
  })

  it('names the field and what it accepts when a value is wrong', () => {
    assert.throws(() => parseFaultRequest({ delayMs: -5 }, devices), /delayMs must be a whole number from 0 to 120000 \(milliseconds\), got -5/)
    assert.throws(() => parseFaultRequest({ http500Probability: 1.5 }, devices), /http500Probability must be a number from 0 to 1/)
    assert.throws(() => parseFaultRequest({ restart: 'yes' }, devices), /restart must be true or false/)
    assert.throws(() => parseFaultRequest({ burst: 0 }, devices), /burst must be a whole number/)
    assert.throws(() => parseFaultRequest({ powerOff: 'CNC-SIM-009' }, devices), /powerOff: no device named "CNC-SIM-009"; devices: CNC-SIM-001, CNC-SIM-002/)
    assert.throws(() => parseFaultRequest({ delay: 5 }, devices), /unknown field "delay"; accepted fields: delayMs, .*powerOn/)
    assert.throws(() => parseFaultRequest([1], devices), FaultRequestError)
  })
})

describe('fault state', () => {
  it('uses up "next" counters one response at a time', () => {
    const f = new FaultState({ http500Next: 2, malformedNext: 1 })
    assert.deepEqual([f.takeHttp500(), f.takeHttp500(), f.takeHttp500()], [true, true, false])
    assert.deepEqual([f.takeMalformed(), f.takeMalformed()], [true, false])
    assert.equal(f.takeDrop(), false)
  })

  it('rolls the 500 probability from its seed, reproducibly', () => {
    const rolls = (seed: number) => {
      const f = new FaultState({ http500Probability: 0.5 }, seed)
      return Array.from({ length: 40 }, () => f.takeHttp500())
    }
    assert.deepEqual(rolls(3), rolls(3))
    const hits = rolls(3).filter(Boolean).length
    assert.ok(hits > 5 && hits < 35, `${hits} of 40`)
  })

  it('goes back to no faults on reset', () => {
    const f = new FaultState({ http500Probability: 1, delayMs: 10 })
    f.reset()
    assert.equal(f.takeHttp500(), false)
    assert.equal(f.settings.delayMs, 0)
  })
})
