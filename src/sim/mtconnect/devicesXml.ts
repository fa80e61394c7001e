// Reads one device of an agent configuration (a Devices.xml such as the reference agent's
// demo-Devices.xml) into a DeviceModel: its components and data items, and the <Device> element
// itself, which /probe serves re-written the way cppagent prints a device (no comments or
// indentation, attributes in alphabetical order).
import { XMLParser } from 'fast-xml-parser'
import type { Category, ComponentDef, DataItemDef, DeviceModel } from './deviceModel.js'
import { element, escapeText } from './xmlText.js'

type OrderedNode = Record<string, unknown>

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
})

interface Element {
  name: string
  attributes: Record<string, string>
  children: Element[]
  text: string
}

function toElements(nodes: OrderedNode[]): Element[] {
  const out: Element[] = []
  for (const node of nodes) {
    for (const key of Object.keys(node)) {
      if (key === ':@' || key.startsWith('#') || key.startsWith('?')) continue
      const children = node[key] as OrderedNode[]
      const text = children.filter((c) => '#text' in c).map((c) => String(c['#text'])).join(' ')
      out.push({ name: key, attributes: (node[':@'] ?? {}) as Record<string, string>, children: toElements(children), text })
    }
  }
  return out
}

function serialize(e: Element): string {
  return element(e.name, e.attributes, escapeText(e.text.replace(/\s+/g, ' ').trim()) + e.children.map(serialize).join(''))
}

function findDevices(e: Element): Element[] {
  if (e.name === 'Device') return [e]
  return e.children.flatMap(findDevices)
}

/** The device named `deviceName` (or the first device) of a Devices.xml text. */
export function deviceModelFromXml(xml: string, deviceName?: string): DeviceModel {
  const devices = toElements(parser.parse(xml) as OrderedNode[]).flatMap(findDevices)
  const device = deviceName === undefined ? devices[0] : devices.find((d) => d.attributes.name === deviceName || d.attributes.uuid === deviceName)
  if (!device) {
    const names = devices.map((d) => d.attributes.name).join(', ')
    throw new Error(deviceName === undefined ? 'the devices file holds no <Device>' : `the devices file has no device named "${deviceName}" (it has: ${names || 'none'})`)
  }
  const name = device.attributes.name ?? device.attributes.id ?? 'device'
  const components: ComponentDef[] = []
  const dataItems: DataItemDef[] = []
  const walk = (e: Element, parents: ComponentDef[]) => {
    const component: ComponentDef = { element: e.name, id: e.attributes.id ?? `${name}_${components.length}`, name: e.attributes.name, attributes: e.attributes, ancestry: [] }
    component.ancestry = [...parents, component]
    components.push(component)
    for (const child of e.children) {
      if (child.name === 'DataItems') for (const item of child.children.filter((c) => c.name === 'DataItem')) dataItems.push(dataItemOf(item, component))
      if (child.name === 'Components') for (const sub of child.children) walk(sub, component.ancestry)
    }
  }
  walk(device, [])
  return { kind: 'Device', name, uuid: device.attributes.uuid ?? name, id: device.attributes.id ?? name, components, dataItems, probeXml: serialize(device) }
}

function dataItemOf(e: Element, component: ComponentDef): DataItemDef {
  const a = e.attributes
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
