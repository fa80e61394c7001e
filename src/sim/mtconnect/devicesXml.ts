// Reads one device of an agent configuration (a Devices.xml such as the reference agent's
// demo-Devices.xml) into a DeviceModel: its components and data items, and the <Device> element
// itself, which /probe serves re-written the way cppagent prints a device (no comments or
// indentation, attributes in alphabetical order).
import { type XmlElement, parseXml } from '../../mtconnect/xmlTree.js'
import type { Category, ComponentDef, DataItemDef, DeviceModel } from './deviceModel.js'
import { element, escapeText } from './xmlText.js'

function serialize(e: XmlElement): string {
  return element(e.name, e.attrs, escapeText(e.text.replace(/\s+/g, ' ').trim()) + e.children.map(serialize).join(''))
}

function findDevices(e: XmlElement): XmlElement[] {
  if (e.name === 'Device') return [e]
  return e.children.flatMap(findDevices)
}

/** The device named `deviceName` (or the first device) of a Devices.xml text. */
export function deviceModelFromXml(xml: string, deviceName?: string): DeviceModel {
  const devices = findDevices(parseXml(xml))
  const device = deviceName === undefined ? devices[0] : devices.find((d) => d.attrs.name === deviceName || d.attrs.uuid === deviceName)
  if (!device) {
    const names = devices.map((d) => d.attrs.name).join(', ')
    throw new Error(deviceName === undefined ? 'the devices file holds no <Device>' : `the devices file has no device named "${deviceName}" (it has: ${names || 'none'})`)
  }
  const name = device.attrs.name ?? device.attrs.id ?? 'device'
  const components: ComponentDef[] = []
  const dataItems: DataItemDef[] = []
  const walk = (e: XmlElement, parents: ComponentDef[]) => {
    const component: ComponentDef = { element: e.name, id: e.attrs.id ?? `${name}_${components.length}`, name: e.attrs.name, attributes: e.attrs, ancestry: [] }
    component.ancestry = [...parents, component]
    components.push(component)
    for (const child of e.children) {
      if (child.name === 'DataItems') for (const item of child.children.filter((c) => c.name === 'DataItem')) dataItems.push(dataItemOf(item, component))
      if (child.name === 'Components') for (const sub of child.children) walk(sub, component.ancestry)
    }
  }
  walk(device, [])
  return { kind: 'Device', name, uuid: device.attrs.uuid ?? name, id: device.attrs.id ?? name, components, dataItems, probeXml: serialize(device) }
}

function dataItemOf(e: XmlElement, component: ComponentDef): DataItemDef {
  const a = e.attrs
  if (!a.id || !a.type || !a.category) throw new Error(`a DataItem in component "${component.id}" lacks id, type or category`)
  const scale = a.nativeScale === undefined ? undefined : Number(a.nativeScale)
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    subType: a.subType,
    category: a.category as Category,
    units: a.units,
    nativeUnits: a.nativeUnits,
    nativeScale: scale !== undefined && Number.isFinite(scale) ? scale : undefined,
    representation: a.representation,
    compositionId: a.compositionId,
    attributes: a,
    component,
  }
}
