import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { buildSimDeviceModel } from './simDeviceModel.js'
import { XPathSyntaxError, selectDataItems } from './xpathFilter.js'

const device = (name: string) => buildSimDeviceModel({ name, uuid: name, manufacturer: 'Haas', model: 'VF-2', serialNumber: '1', idPrefix: name }).model
const devices = [device('A'), device('B')]
const select = (path: string) => [...selectDataItems(path, devices)].sort()

describe('path= filter (XPath subset)', () => {
  it('selects data items by attribute', () => {
    assert.deepEqual(select('//DataItem[@type="EXECUTION"]'), ['A_execution', 'B_execution'])
    assert.deepEqual(select(`//DataItem[@type='PATH_FEEDRATE' and @subType='ACTUAL']`), ['A_feed', 'B_feed'])
    assert.deepEqual(select('//DataItem[@type="EXECUTION" or @type="PROGRAM"]'), ['A_execution', 'A_program', 'B_execution', 'B_program'])
  })

  it('selects everything under a component, optionally within one device', () => {
    assert.deepEqual(select('//Device[@name="B"]//Rotary'), ['B_c1_load', 'B_c1_speed'])
    assert.deepEqual(select('//Controller//DataItem[@category="CONDITION"]'), ['A_logic', 'A_motion', 'A_system', 'B_logic', 'B_motion', 'B_system'])
  })

  it('understands unions, wildcards and the structural wrapper elements', () => {
    assert.deepEqual(select('//DataItem[@type="AVAILABILITY"]|//DataItem[@type="EMERGENCY_STOP"]'), ['A_avail', 'A_estop', 'B_avail', 'B_estop'])
    assert.deepEqual(select('/MTConnectDevices/Devices/Device[@name="A"]/DataItems/DataItem'), ['A_avail'])
    assert.equal(select('//*[@type="PART_COUNT"]').length, 2)
  })

  it('selects nothing for a path that matches nothing, and throws on syntax it cannot read', () => {
    assert.deepEqual(select('//DataItem[@type="NOPE"]'), [])
    assert.throws(() => select('//DataItem[@type='), XPathSyntaxError)
    assert.throws(() => select('DataItem'), XPathSyntaxError)
    assert.throws(() => select('//DataItem[contains(@type, "X")]'), XPathSyntaxError)
  })
})
