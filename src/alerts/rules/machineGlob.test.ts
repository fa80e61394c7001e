import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isValidMachineGlob, machineMatcher } from './machineGlob.js'

describe('machine globs', () => {
  it('matches * as any characters (also none) and ? as exactly one', () => {
    assert.equal(machineMatcher('*')('CNC-001'), true)
    assert.equal(machineMatcher('CNC-*')('CNC-'), true)
    assert.equal(machineMatcher('CNC-*')('CNC-SIM-001'), true)
    assert.equal(machineMatcher('CNC-*')('XCNC-1'), false)
    assert.equal(machineMatcher('CNC-00?')('CNC-007'), true)
    assert.equal(machineMatcher('CNC-00?')('CNC-0070'), false)
    assert.equal(machineMatcher('*-001')('LATHE-001'), true)
  })

  it('takes a dot literally and a plain id as an exact match', () => {
    assert.equal(machineMatcher('plant.a.*')('plant.a.1'), true)
    assert.equal(machineMatcher('plant.a.*')('plantXa.1'), false)
    assert.equal(machineMatcher('CNC-SIM-001')('CNC-SIM-001'), true)
    assert.equal(machineMatcher('CNC-SIM-001')('cnc-sim-001'), false)
  })

  it('accepts only machine-id characters with * and ?', () => {
    for (const glob of ['*', 'CNC-*', 'a.b_c-?', 'x'.repeat(64)]) assert.equal(isValidMachineGlob(glob), true, glob)
    for (const glob of ['', 'CNC-[12]', 'CNC {1,2}', 'a/b', 'CNC-+', 'x'.repeat(65), '^CNC$']) assert.equal(isValidMachineGlob(glob), false, glob)
  })
})
