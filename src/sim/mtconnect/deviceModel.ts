// What the agent knows about a device: its components and data items (from which it groups
// observations into ComponentStreams and builds /probe), plus the <Device> element it serves.

export type Category = 'SAMPLE' | 'EVENT' | 'CONDITION'

export interface ComponentDef {
  /** The element name: Device, Agent, Controller, Path, Rotary, ... */
  element: string
  id: string
  name?: string
  /** Every XML attribute of the component element (for path= filters). */
  attributes: Record<string, string>
  /** The components from the device down to this one, this one included. */
  ancestry: ComponentDef[]
}

export interface DataItemDef {
  id: string
  name?: string
  type: string
  subType?: string
  category: Category
  units?: string
  nativeUnits?: string
  nativeScale?: number
  representation?: string
  compositionId?: string
  /** Every XML attribute of the DataItem element (for path= filters). */
  attributes: Record<string, string>
  component: ComponentDef
}

export interface DeviceModel {
  kind: 'Device' | 'Agent'
  name: string
  uuid: string
  id: string
  /** Components in document order, the device itself first. */
  components: ComponentDef[]
  /** Data items in document order. */
  dataItems: DataItemDef[]
  /** The <Device> (or <Agent>) element as /probe serves it. */
  probeXml: string
}

/** Finds a data item by id first, then by name: SHDR keys may be either (cppagent does the same). */
export function dataItemByKey(model: DeviceModel): (key: string) => DataItemDef | undefined {
  const byId = new Map(model.dataItems.map((d) => [d.id, d]))
  const byName = new Map<string, DataItemDef>()
  for (const d of model.dataItems) if (d.name && !byName.has(d.name)) byName.set(d.name, d)
  return (key) => byId.get(key) ?? byName.get(key)
}

const WORD_EXCEPTIONS: Record<string, string> = { MTCONNECT: 'MTConnect', URI: 'URI', PH: 'PH', UUID: 'UUID' }

/**
 * The observation element name for a data item, as cppagent writes it: the type in PascalCase
 * (PATH_FEEDRATE → PathFeedrate), an extension prefix dropped (e:VARIABLES → Variables, since
 * the streams document does not declare that namespace) and the representation appended
 * (ASSET_COUNT + DATA_SET → AssetCountDataSet).
 */
export function observationElementName(item: Pick<DataItemDef, 'type' | 'representation'>): string {
  const bare = item.type.includes(':') ? item.type.slice(item.type.indexOf(':') + 1) : item.type
  const pascal = bare
    .split('_')
    .filter((w) => w.length > 0)
    .map((w) => WORD_EXCEPTIONS[w] ?? w.charAt(0) + w.slice(1).toLowerCase())
    .join('')
  const suffix: Record<string, string> = { DATA_SET: 'DataSet', TIME_SERIES: 'TimeSeries', TABLE: 'Table' }
  return pascal + (item.representation ? (suffix[item.representation] ?? '') : '')
}
