import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readMtconnectSample } from '../../../test/helpers/samples.js'
import { type DeviceModel, parseAgentDocument } from './documents.js'
import { chooseItemRoles } from './itemRoles.js'

function device(file: string, name?: string, edit: (xml: string) => string = (xml) => xml): DeviceModel {
  const doc = parseAgentDocument(edit(readMtconnectSample(file)))
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

  // The recorded Okuma (MULT_U3000) has three spindles with an ACTUAL RotaryVelocity: C1 the
  // main spindle, C2 the second spindle, C6 the milling spindle of turret A.
  const OKUMA_PROBES = ['demo-Devices.xml', 'agent/probe.xml', 'agent/schema2.7/probe.xml']

  it('takes the main spindle C1 of the recorded Okuma and names the two other spindles in a warning', () => {
    for (const file of OKUMA_PROBES) {
      const roles = chooseItemRoles(device(file, 'OKUMA'))
      assert.equal(idOf(roles, 'rpm'), 'LS1speed', file)
      const warning = roles.warnings.find((w) => w.includes('spindles'))
      assert.match(warning ?? '', /^3 spindles report a speed \(S1speed on Rotary C1 \(S\), S2speed on Rotary C2 \(S\), S6speed on Rotary C6 \(SA\)\); rpm follows the first.*mapping\.items\.rpm/, file)
    }
    const mazak = chooseItemRoles(device('agent/probe.xml', 'Mazak'))
    assert.equal(idOf(mazak, 'rpm'), 'Srpm')
    assert.deepEqual(mazak.warnings, [])
  })

  it('follows mapping.items.rpm on the Okuma by name (S2speed) or by id (LS6speed), without the warning', () => {
    for (const file of OKUMA_PROBES) {
      const byName = chooseItemRoles(device(file, 'OKUMA'), { items: { rpm: 'S2speed' } })
      assert.equal(idOf(byName, 'rpm'), 'LS2speed', file)
      assert.deepEqual(byName.warnings, [], file)
      assert.equal(idOf(chooseItemRoles(device(file, 'OKUMA'), { items: { rpm: 'LS6speed' } }), 'rpm'), 'LS6speed', file)
    }
  })

  it('takes the spindle the References of the Execution item\'s component point at', () => {
    const referencing = (refs: string) => (xml: string) => xml.replace(/(<Controller\b[^>]*\bid="Lct1"[^>]*>)/, `$1<References>${refs}</References>`)
    const byComponent = chooseItemRoles(device('agent/probe.xml', 'OKUMA', referencing('<ComponentRef idRef="Lc6"/>')))
    assert.equal(idOf(byComponent, 'rpm'), 'LS6speed')
    assert.deepEqual(byComponent.warnings, [])
    assert.equal(idOf(chooseItemRoles(device('demo-Devices.xml', 'OKUMA', referencing('<DataItemRef idRef="LS2speed"/>'))), 'rpm'), 'LS2speed')
    // A reference to a spindle's PROGRAMMED speed does not outrank a measured one.
    assert.equal(idOf(chooseItemRoles(device('demo-Devices.xml', 'OKUMA', referencing('<DataItemRef idRef="LS2cmd"/>'))), 'rpm'), 'LS1speed')
  })

  it('takes a spindle inside the Execution item\'s component, and never a positioning axis before a spindle', () => {
    const probe = (axes: string, path: string) => `<MTConnectDevices><Header instanceId="1"/><Devices><Device id="d" name="M"><Components>
      <Axes id="ax"><Components>${axes}</Components></Axes>
      <Controller id="ct"><Components><Path id="p"><DataItems><DataItem id="exec" type="EXECUTION" category="EVENT"/></DataItems>${path}</Path></Components></Controller>
      </Components></Device></Devices></MTConnectDevices>`
    const rotary = (id: string, modes: string[]) => `<Rotary id="${id}" name="${id}"><DataItems>
      <DataItem id="${id}_speed" type="ROTARY_VELOCITY" subType="ACTUAL" category="SAMPLE" units="REVOLUTION/MINUTE"/>
      <DataItem id="${id}_mode" type="ROTARY_MODE" category="EVENT"><Constraints>${modes.map((m) => `<Value>${m}</Value>`).join('')}</Constraints></DataItem>
      </DataItems></Rotary>`
    const parse = (xml: string) => { const doc = parseAgentDocument(xml); return doc.kind === 'devices' ? doc.devices[0] : undefined }
    const underPath = parse(probe(rotary('C1', ['SPINDLE']), `<Components>${rotary('S2', ['SPINDLE'])}</Components>`))
    assert.equal(underPath && idOf(chooseItemRoles(underPath), 'rpm'), 'S2_speed')
    // A trunnion's rotary axis that reports a RotaryVelocity but can only index or contour.
    const table = parse(probe(rotary('A', ['INDEX', 'CONTOUR']) + rotary('C', ['CONTOUR', 'SPINDLE', 'INDEX']), ''))
    assert.equal(table && idOf(chooseItemRoles(table), 'rpm'), 'C_speed')
    const onlyTable = parse(probe(rotary('A', ['INDEX']), ''))
    assert.equal(onlyTable && idOf(chooseItemRoles(onlyTable), 'rpm'), 'A_speed', 'with nothing better, any speed (the rule before)')
  })

  it('warns about an override naming a missing item and a device without Execution', () => {
    const roles = chooseItemRoles({ name: 'X', dataItems: [{ id: 'a', type: 'AVAILABILITY', category: 'EVENT' }] }, { items: { program: 'nope' } })
    assert.match(roles.warnings.join('\n'), /mapping\.items\.program.*"nope"/)
    assert.match(roles.warnings.join('\n'), /no Execution/)
  })
  it('with rpm: fastest maps every spindle of the Okuma (C1, C2, C6) to rpm, positioning axes left out, without the several-spindles warning', () => {
    const roles = chooseItemRoles(device('agent/probe.xml', 'OKUMA'), { items: { rpm: 'fastest' } })
    const rpmItems = [...roles.fields].filter(([, f]) => f === 'rpm').map(([id]) => id).sort()
    assert.deepEqual(rpmItems, ['LS1speed', 'LS2speed', 'LS6speed'])
    assert.ok(!roles.warnings.some((w) => /spindles report a speed/.test(w)), roles.warnings.join('; '))
    const plain = chooseItemRoles(device('agent/probe.xml', 'OKUMA'))
    assert.ok(plain.warnings.some((w) => /rpm follows the first.*fastest/.test(w)), 'the warning names the option')
  })
})
