import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readMtconnectSample } from '../../../test/helpers/samples.js'
import { type DeviceModel, parseAgentDocument } from './documents.js'
import { chooseItemRoles } from './itemRoles.js'

function device(file: string, name?: string): DeviceModel {
  const doc = parseAgentDocument(readMtconnectSample(file))
  if (doc.kind !== 'devices') throw new Error(`${file} is not a probe`)
  const found = name ? doc.devices.find((d) => d.name === name) : doc.devices[0]
  if (!found) throw new Error(`${file} has no device ${name}`)
  return found
}

const idOf = (roles: ReturnType<typeof chooseItemRoles>, field: string) => [...roles.fields].find(([, f]) => f === field)?.[0]

describe('chooseItemRoles', () => {
  it('maps the Okuma of the reference agent: ACTUAL feed in mm/s, converted ×60', () => {
    const roles = chooseItemRoles(device('agent/probe.xml', 'OKUMA'))
    assert.equal(idOf(roles, 'feed'), 'Lp1Fact')
    assert.equal(roles.feedFactor, 60)
    assert.ok(idOf(roles, 'execution'))
    assert.ok(idOf(roles, 'rpm'))
    assert.ok(roles.conditions.size > 0)
  })

  it('accepts SpindleSpeed before 1.3 and never takes an override in PERCENT', () => {
    const roles = chooseItemRoles(device('probe/fanuc.xml'))
    assert.equal(idOf(roles, 'rpm'), 'c2')
    assert.equal(idOf(roles, 'feed'), 'path_feedrate')
    const demo = chooseItemRoles(device('probe/agent.mtconnect.org.xml'))
    assert.equal(idOf(demo, 'rpm'), '12')
    assert.equal(idOf(demo, 'feed'), '6')
  })

  it('prefers the ACTUAL rotary velocity over the programmed one', () => {
    const roles = chooseItemRoles(device('probe/SimpleDevlce.xml'))
    assert.equal(idOf(roles, 'rpm'), 'vee9c2d0')
    assert.equal(idOf(roles, 'part_count'), 'd2e9e4a0')
  })

  it('follows overrides: an item by name, and the units a misreporting controller really uses', () => {
    const roles = chooseItemRoles(device('probe/fanuc.xml'), { items: { rpm: 'SspeedOvr' }, feedUnits: 'MILLIMETER/MINUTE' })
    assert.equal(idOf(roles, 'rpm'), 'c3')
    assert.equal(roles.feedFactor, 1)
  })

  it('warns about an override naming a missing item and a device without Execution', () => {
    const roles = chooseItemRoles({ name: 'X', dataItems: [{ id: 'a', type: 'AVAILABILITY', category: 'EVENT' }] }, { items: { program: 'nope' } })
    assert.match(roles.warnings.join('\n'), /mapping\.items\.program.*"nope"/)
    assert.match(roles.warnings.join('\n'), /no Execution/)
  })
})
