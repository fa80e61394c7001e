// The device model of a simulated CNC: the data items a collector needs (Availability,
// EmergencyStop, Execution, ControllerMode, Program, PartCount, PathFeedrate, RotaryVelocity,
// conditions) in the component structure of a real 2.x device, ids prefixed with the device
// so that several devices share one agent without clashes.
import type { Category, ComponentDef, DataItemDef, DeviceModel } from './deviceModel.js'
import { element } from './xmlText.js'

/** The data items the duty cycle drives, by role. */
export interface SimItemIds {
  avail: string
  estop: string
  system: string
  execution: string
  mode: string
  program: string
  partCount: string
  feed: string
  feedOverride: string
  logic: string
  motion: string
  spindleSpeed: string
  spindleLoad: string
}

interface ItemSpec {
  role: keyof SimItemIds
  suffix: string
  type: string
  category: Category
  subType?: string
  units?: string
  nativeUnits?: string
}

interface ComponentSpec {
  element: string
  suffix: string
  name: string
  items: ItemSpec[]
  children: ComponentSpec[]
}

const TREE: ComponentSpec = {
  element: 'Device',
  suffix: '',
  name: '',
  items: [{ role: 'avail', suffix: 'avail', type: 'AVAILABILITY', category: 'EVENT' }],
  children: [
    {
      element: 'Axes',
      suffix: 'axes',
      name: 'base',
      items: [],
      children: [
        {
          element: 'Rotary',
          suffix: 'c1',
          name: 'C1',
          items: [
            { role: 'spindleSpeed', suffix: 'c1_speed', type: 'ROTARY_VELOCITY', category: 'SAMPLE', subType: 'ACTUAL', units: 'REVOLUTION/MINUTE', nativeUnits: 'REVOLUTION/MINUTE' },
            { role: 'spindleLoad', suffix: 'c1_load', type: 'LOAD', category: 'SAMPLE', units: 'PERCENT', nativeUnits: 'PERCENT' },
          ],
          children: [],
        },
      ],
    },
    {
      element: 'Controller',
      suffix: 'cont',
      name: 'controller',
      items: [
        { role: 'estop', suffix: 'estop', type: 'EMERGENCY_STOP', category: 'EVENT' },
        { role: 'system', suffix: 'system', type: 'SYSTEM', category: 'CONDITION' },
      ],
      children: [
        {
          element: 'Path',
          suffix: 'path',
          name: 'path',
          items: [
            { role: 'execution', suffix: 'execution', type: 'EXECUTION', category: 'EVENT' },
            { role: 'mode', suffix: 'mode', type: 'CONTROLLER_MODE', category: 'EVENT' },
            { role: 'program', suffix: 'program', type: 'PROGRAM', category: 'EVENT' },
            { role: 'partCount', suffix: 'partcount', type: 'PART_COUNT', category: 'EVENT' },
            // MTConnect's unit is mm/s; the control reports mm/min and the agent converts, so the
            // probe declares both (MTConnect Part 2, PathFeedrate).
            { role: 'feed', suffix: 'feed', type: 'PATH_FEEDRATE', category: 'SAMPLE', subType: 'ACTUAL', units: 'MILLIMETER/SECOND', nativeUnits: 'MILLIMETER/MINUTE' },
            // An override in percent beside the feed: collectors must tell them apart by subType/units.
            { role: 'feedOverride', suffix: 'feedovr', type: 'PATH_FEEDRATE_OVERRIDE', category: 'EVENT', subType: 'PROGRAMMED', units: 'PERCENT', nativeUnits: 'PERCENT' },
            { role: 'logic', suffix: 'logic', type: 'LOGIC_PROGRAM', category: 'CONDITION' },
            { role: 'motion', suffix: 'motion', type: 'MOTION_PROGRAM', category: 'CONDITION' },
          ],
          children: [],
        },
      ],
    },
  ],
}

export interface SimDeviceIdentity {
  name: string
  uuid: string
  manufacturer: string
  model: string
  serialNumber: string
  /** Prefix of every id of this device; unique within the agent. */
  idPrefix: string
}

/** A valid XML id (NCName) derived from a device name. */
export function idPrefixFor(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.-]/g, '_')
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`
}

export function buildSimDeviceModel(identity: SimDeviceIdentity): { model: DeviceModel; ids: SimItemIds } {
  const p = identity.idPrefix
  const components: ComponentDef[] = []
  const dataItems: DataItemDef[] = []
  const ids: Partial<SimItemIds> = {}

  const build = (spec: ComponentSpec, parents: ComponentDef[]): string => {
    const isDevice = spec.element === 'Device'
    const id = isDevice ? p : `${p}_${spec.suffix}`
    const name = isDevice ? identity.name : spec.name
    const attributes: Record<string, string> = isDevice ? { id, name, uuid: identity.uuid } : { id, name }
    const component: ComponentDef = { element: spec.element, id, name, attributes, ancestry: [] }
    component.ancestry = [...parents, component]
    components.push(component)
    const itemsXml = spec.items
      .map((s) => {
        const itemAttrs = { category: s.category, id: `${p}_${s.suffix}`, name: s.suffix, nativeUnits: s.nativeUnits, subType: s.subType, type: s.type, units: s.units }
        const def: DataItemDef = {
          id: itemAttrs.id,
          name: itemAttrs.name,
          type: s.type,
          subType: s.subType,
          category: s.category,
          units: s.units,
          nativeUnits: s.nativeUnits,
          attributes: Object.fromEntries(Object.entries(itemAttrs).filter((e): e is [string, string] => e[1] !== undefined)),
          component,
        }
        dataItems.push(def)
        ids[s.role] = def.id
        return element('DataItem', itemAttrs)
      })
      .join('')
    const childrenXml = spec.children.map((c) => build(c, component.ancestry)).join('')
    const description = isDevice
      ? element('Description', { manufacturer: identity.manufacturer, model: identity.model, serialNumber: identity.serialNumber }, `${identity.manufacturer} ${identity.model} (simulated)`)
      : ''
    const content = description + (itemsXml ? `<DataItems>${itemsXml}</DataItems>` : '') + (childrenXml ? `<Components>${childrenXml}</Components>` : '')
    return element(spec.element, attributes, content)
  }

  const probeXml = build(TREE, [])
  return { model: { kind: 'Device', name: identity.name, uuid: identity.uuid, id: p, components, dataItems, probeXml }, ids: ids as SimItemIds }
}
