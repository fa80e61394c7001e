// The synthetic Agent device cppagent ≥ 1.7 lists beside the real ones (schema 1.7+, hidden
// with deviceType=Device). Collectors meet it in every unfiltered response, so the simulator
// serves one too.
import type { ComponentDef, DataItemDef, DeviceModel } from './deviceModel.js'
import { element } from './xmlText.js'

export const AGENT_ITEMS = {
  avail: 'agent_avail',
  deviceAdded: 'device_added',
  deviceRemoved: 'device_removed',
  deviceChanged: 'device_changed',
  /** Observations per second; also what the buffer-overflow fault writes (see agentCore.burst). */
  updateRate: 'agent_observation_update_rate',
} as const

export function buildAgentDeviceModel(uuid: string, mtconnectVersion: string): DeviceModel {
  const id = `agent_${uuid.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)}`
  const attributes = { id, mtconnectVersion, name: 'Agent', uuid }
  const component: ComponentDef = { element: 'Agent', id, name: 'Agent', attributes, ancestry: [] }
  component.ancestry = [component]
  const specs: Omit<DataItemDef, 'attributes' | 'component'>[] = [
    { id: AGENT_ITEMS.avail, type: 'AVAILABILITY', category: 'EVENT' },
    { id: AGENT_ITEMS.deviceAdded, type: 'DEVICE_ADDED', category: 'EVENT' },
    { id: AGENT_ITEMS.deviceRemoved, type: 'DEVICE_REMOVED', category: 'EVENT' },
    { id: AGENT_ITEMS.deviceChanged, type: 'DEVICE_CHANGED', category: 'EVENT' },
    { id: AGENT_ITEMS.updateRate, type: 'OBSERVATION_UPDATE_RATE', category: 'SAMPLE', units: 'COUNT/SECOND' },
  ]
  const dataItems = specs.map((s): DataItemDef => {
    const itemAttrs = { category: s.category, id: s.id, type: s.type, units: s.units }
    const attributesOf = Object.fromEntries(Object.entries(itemAttrs).filter((e): e is [string, string] => e[1] !== undefined))
    return { ...s, attributes: attributesOf, component }
  })
  const itemsXml = dataItems.map((d) => element('DataItem', d.attributes)).join('')
  return { kind: 'Agent', name: 'Agent', uuid, id, components: [component], dataItems, probeXml: element('Agent', attributes, `<DataItems>${itemsXml}</DataItems>`) }
}
