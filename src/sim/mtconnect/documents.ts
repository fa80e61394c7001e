// The three documents an agent answers with — MTConnectDevices, MTConnectStreams,
// MTConnectError — written byte-for-byte in the shape of cppagent 2.6's (see
// samples/mtconnect/agent/ and its schema2.7/): the namespaces of the schema the agent is set
// to (2.7, cppagent's default, or 2.5), Header attributes in cppagent's order, one line of XML
// after the declaration, a trailing newline. Errors differ by schema: 2.5 lists
// <Error errorCode="…">text</Error>; 2.7 names the element after the error and gives the valid
// range of a refused parameter (<OutOfRange errorCode="OUT_OF_RANGE"><ErrorMessage>…
// <QueryParameter name="from"><Maximum>…</Maximum><Minimum>…</Minimum><Value>…</Value>…).
import type { ComponentDef, DataItemDef, DeviceModel } from './deviceModel.js'
import { observationElementName } from './deviceModel.js'
import { type StoredObservation, UNAVAILABLE } from './observation.js'
import { element, escapeText } from './xmlText.js'

export const SCHEMA_VERSIONS = ['2.7', '2.5'] as const
export type SchemaVersion = (typeof SCHEMA_VERSIONS)[number]
/** cppagent 2.6's default schema. */
export const DEFAULT_SCHEMA_VERSION: SchemaVersion = '2.7'
/** The agent version the simulator imitates (the captured reference agent). */
export const AGENT_VERSION = '2.6.0.2'

export interface HeaderFields {
  creationTime: number
  sender: string
  instanceId: number
  deviceModelChangeTime: number
  bufferSize: number
}

export interface SequenceRange {
  nextSequence: number
  firstSequence: number
  lastSequence: number
}

export interface AgentError {
  code: string
  message: string
  /** The refused query parameter, its value and the valid range (inclusive): schema 2.7 writes them. */
  queryParameter?: { name: string; value: number; minimum: number; maximum: number }
  /** The request and URI, which schema 2.7 echoes. */
  request?: string
  uri?: string
}

/** Schema 2.7's element name of each error code (cppagent 2.6, MTConnect Part 1 "Error"). */
const ERROR_ELEMENTS: Readonly<Record<string, string>> = {
  ASSET_NOT_FOUND: 'AssetNotFound', INTERNAL_ERROR: 'InternalError', INVALID_REQUEST: 'InvalidRequest',
  INVALID_URI: 'InvalidURI', INVALID_XPATH: 'InvalidXPath', NO_DEVICE: 'NoDevice', OUT_OF_RANGE: 'OutOfRange',
  QUERY_ERROR: 'InvalidParameterValue', TOO_MANY: 'TooMany', UNSUPPORTED: 'Unsupported', NOT_ACCEPTABLE: 'NotAcceptable',
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString()
}

function headerAttrs(h: HeaderFields) {
  return {
    // creationTime has whole seconds in cppagent's documents, observation timestamps do not.
    creationTime: isoTime(h.creationTime).replace(/\.\d+Z$/, 'Z'),
    sender: h.sender,
    instanceId: h.instanceId,
    version: AGENT_VERSION,
    deviceModelChangeTime: isoTime(h.deviceModelChangeTime),
  }
}

function documentRoot(kind: 'Devices' | 'Streams' | 'Error', schema: SchemaVersion, header: string, body: string): string {
  const urn = `urn:mtconnect.org:MTConnect${kind}:${schema}`
  // 2.5 points at the agent's own copy of the schema, 2.7 at mtconnect.org's (captured).
  const location = `${schema === '2.5' ? '' : 'http://schemas.mtconnect.org'}/schemas/MTConnect${kind}_${schema}.xsd`
  const ns = `xmlns:m="${urn}" xmlns="${urn}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${urn} ${location}"`
  return `<?xml version="1.0" encoding="UTF-8"?>\n<MTConnect${kind} ${ns}>${header}${body}</MTConnect${kind}>\n`
}

export function devicesDocument(h: HeaderFields, devices: readonly DeviceModel[], schema: SchemaVersion = DEFAULT_SCHEMA_VERSION): string {
  const header = element('Header', { ...headerAttrs(h), assetBufferSize: 1024, assetCount: 0, bufferSize: h.bufferSize }, undefined, 'asGiven')
  return documentRoot('Devices', schema, header, `<Devices>${devices.map((d) => d.probeXml).join('')}</Devices>`)
}

/** Error documents carry no sequence numbers in their Header (error_from_too_low.xml). */
export function errorDocument(h: HeaderFields, errors: readonly AgentError[], schema: SchemaVersion = DEFAULT_SCHEMA_VERSION): string {
  const header = element('Header', { ...headerAttrs(h), bufferSize: h.bufferSize }, undefined, 'asGiven')
  const body = errors.map((e) => (schema === '2.5' ? element('Error', { errorCode: e.code }, escapeText(e.message)) : namedError(e))).join('')
  return documentRoot('Error', schema, header, `<Errors>${body}</Errors>`)
}

function namedError(e: AgentError): string {
  const text = (name: string, value: string | number) => element(name, {}, escapeText(String(value)))
  let content = text('ErrorMessage', e.message)
  const q = e.queryParameter
  if (q) content += element('QueryParameter', { name: q.name }, text('Maximum', q.maximum) + text('Minimum', q.minimum) + text('Value', q.value), 'asGiven')
  if (e.request) content += text('Request', e.request)
  if (e.uri) content += text('URI', e.uri)
  const name = ERROR_ELEMENTS[e.code] ?? e.code.toLowerCase().replace(/(^|_)(\w)/g, (_, _sep: string, c: string) => c.toUpperCase())
  return element(name, { errorCode: e.code }, content, 'asGiven')
}

interface Located {
  device: DeviceModel
  item: DataItemDef
}

/** Writes streams documents for a fixed set of devices (the index is built once). */
export class StreamsWriter {
  private readonly index = new Map<string, Located>()
  private readonly componentOrder = new Map<DeviceModel, ComponentDef[]>()

  constructor(private readonly devices: readonly DeviceModel[], private readonly schema: SchemaVersion = DEFAULT_SCHEMA_VERSION) {
    for (const device of devices) {
      for (const item of device.dataItems) this.index.set(item.id, { device, item })
      this.componentOrder.set(device, [...device.components].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    }
  }

  /**
   * Observations are grouped by device, then component (ordered by component id), then category,
   * and within a category ordered by data item id and sequence — as in cppagent's captured
   * documents, and so NOT in sequence order: clients must sort by sequence themselves.
   */
  document(h: HeaderFields, range: SequenceRange, observations: readonly StoredObservation[]): string {
    const header = element('Header', { ...headerAttrs(h), bufferSize: h.bufferSize, ...range }, undefined, 'asGiven')
    const byComponent = new Map<string, { item: DataItemDef; o: StoredObservation }[]>()
    for (const o of observations) {
      const located = this.index.get(o.dataItemId)
      if (!located) continue
      const key = `${located.device.id}\u0000${located.item.component.id}`
      const list = byComponent.get(key) ?? []
      list.push({ item: located.item, o })
      byComponent.set(key, list)
    }
    let streams = ''
    for (const device of this.devices) {
      let components = ''
      for (const component of this.componentOrder.get(device) ?? []) {
        const entries = byComponent.get(`${device.id}\u0000${component.id}`)
        if (!entries) continue
        entries.sort((a, b) => (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : a.o.sequence - b.o.sequence))
        const part = (category: string, wrapper: string) => {
          const xml = entries.filter((e) => e.item.category === category).map((e) => observationXml(e.o, e.item)).join('')
          return xml ? `<${wrapper}>${xml}</${wrapper}>` : ''
        }
        const content = part('SAMPLE', 'Samples') + part('EVENT', 'Events') + part('CONDITION', 'Condition')
        components += element('ComponentStream', { component: component.element, name: component.name, componentId: component.id }, content, 'asGiven')
      }
      if (components) streams += element('DeviceStream', { name: device.name, uuid: device.uuid }, components, 'asGiven')
    }
    return documentRoot('Streams', this.schema, header, streams ? `<Streams>${streams}</Streams>` : '<Streams/>')
  }
}

function observationXml(o: StoredObservation, item: DataItemDef): string {
  const common = { compositionId: item.compositionId, dataItemId: item.id, name: item.name, sequence: o.sequence, subType: item.subType, timestamp: isoTime(o.timestamp) }
  if (item.category === 'CONDITION') {
    const level = o.level ?? 'UNAVAILABLE'
    const tag = level.charAt(0) + level.slice(1).toLowerCase()
    return element(tag, { ...common, nativeCode: o.nativeCode, nativeSeverity: o.nativeSeverity, qualifier: o.qualifier, type: item.type }, escapeText(o.value))
  }
  const tag = observationElementName(item)
  if (item.representation === 'DATA_SET') {
    if (o.value === UNAVAILABLE) return element(tag, { ...common, count: 0 }, UNAVAILABLE)
    const entries = parseDataSet(o.value)
    const content = entries.map(([key, value]) => element('Entry', { key }, escapeText(value))).join('')
    return element(tag, { ...common, count: entries.length }, content)
  }
  return element(tag, { ...common, nativeCode: o.nativeCode }, escapeText(o.value))
}

/** SHDR's DATA_SET form: `key=value key2=value2` (a key without `=` is a removal, dropped here). */
export function parseDataSet(value: string): [string, string][] {
  return value
    .split(/\s+/)
    .filter((t) => t.includes('='))
    .map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)])
}
