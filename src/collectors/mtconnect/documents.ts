// Parses the three MTConnect response documents (MTConnectDevices, MTConnectStreams,
// MTConnectError) into plain objects. Which one arrived is decided by the root element, never
// by the HTTP status: 1.x agents answer errors with 200 (MTCONNECT.md, "More traps").
// The collector asks for XML; an error may still come back as JSON (an agent configured for
// JSON, or a proxy that forwards Accept differently), and is read in every form: JSON v1 and
// v2, schema 1.x-2.5 (<Error>) and 2.6+ (errors named after the error, with their range).
import { type XmlElement, XmlSyntaxError, child, findAll, parseXml } from '../../mtconnect/xmlTree.js'

export interface Header {
  instanceId: string
  bufferSize?: number
  firstSequence?: number
  lastSequence?: number
  nextSequence?: number
  creationTime?: string
  version?: string
}

export interface DataItem {
  id: string
  name?: string
  /** MTConnect type in upper snake case as the probe writes it: EXECUTION, ROTARY_VELOCITY... */
  type: string
  subType?: string
  category: 'SAMPLE' | 'EVENT' | 'CONDITION'
  units?: string
  nativeUnits?: string
  /**
   * The components the item sits in, outermost first, its own last (the Device not included:
   * empty for the Device's own items). Absent when unknown (a model built by hand).
   */
  components?: readonly ComponentPlace[]
  /** Its Constraints' Values: the only values it may take (a spindle's RotaryMode: SPINDLE). */
  constraintValues?: string[]
}

/** A component of the device model (Controller, Path, Axes, Rotary...) as its data items see it. */
export interface ComponentPlace {
  /** The element, i.e. the component type: Controller, Path, Rotary, Spindle... */
  element: string
  id: string
  name?: string
  /** The controller's own name: on the Okuma demo C1 and C2 are "S", the turret's milling spindle C6 "SA". */
  nativeName?: string
  /** Ids its References point at: ComponentRef and DataItemRef idRef (1.5+), Reference dataItemId (1.4). */
  references: string[]
}

export interface DeviceModel {
  name: string
  uuid?: string
  manufacturer?: string
  model?: string
  dataItems: DataItem[]
}

export interface Observation {
  dataItemId: string
  sequence: number
  /** Machine-side time as the agent wrote it (µs precision, sometimes without a zone). */
  timestamp: string
  /** The element text; for conditions the text of the condition (may be empty). */
  value: string
  category: 'SAMPLE' | 'EVENT' | 'CONDITION'
  /** Conditions only: Normal, Warning, Fault or Unavailable. */
  level?: string
  nativeCode?: string
}

export type AgentDocument =
  | { kind: 'devices'; header: Header; devices: DeviceModel[] }
  | { kind: 'streams'; header: Header; observations: Observation[] }
  | { kind: 'error'; header: Header | undefined; errors: AgentError[]; httpStatus?: number }

/** One error of an MTConnectError document; queryParameter is the range 2.6+ agents give. */
export interface AgentError {
  code: string
  text: string
  queryParameter?: QueryParameterRange
}

/** The valid range of a refused query parameter (inclusive) and the value that was refused. */
export interface QueryParameterRange {
  name: string
  minimum: number | undefined
  maximum: number | undefined
  value?: number
}

export class DocumentError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DocumentError'
  }
}

export function parseAgentDocument(text: string): AgentDocument {
  if (/^\s*\{/.test(text)) return parseJsonDocument(text)
  return parseXmlDocument(text)
}

function parseXmlDocument(xml: string): AgentDocument {
  let root: XmlElement
  try {
    root = parseXml(xml)
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new DocumentError(err.message)
    throw err
  }
  const header = child(root, 'Header')
  switch (root.name) {
    case 'MTConnectDevices':
      return { kind: 'devices', header: requireHeader(header, root.name), devices: parseDevices(root) }
    case 'MTConnectStreams':
      return { kind: 'streams', header: requireSequences(requireHeader(header, root.name)), observations: parseObservations(root) }
    case 'MTConnectError':
      return { kind: 'error', header: header ? readHeader(header) : undefined, errors: parseErrors(root) }
    default:
      throw new DocumentError(`unexpected document <${root.name}>: expected MTConnectDevices, MTConnectStreams or MTConnectError`)
  }
}

function readHeader(e: XmlElement): Header {
  const num = (name: string) => {
    const raw = e.attrs[name]
    if (raw === undefined) return undefined
    const n = Number(raw)
    if (!Number.isSafeInteger(n) || n < 0) throw new DocumentError(`Header ${name}="${raw}" is not a whole number`)
    return n
  }
  return {
    instanceId: e.attrs.instanceId ?? '',
    bufferSize: num('bufferSize'),
    firstSequence: num('firstSequence'),
    lastSequence: num('lastSequence'),
    nextSequence: num('nextSequence'),
    creationTime: e.attrs.creationTime,
    version: e.attrs.version,
  }
}

function requireHeader(e: XmlElement | undefined, root: string): Header {
  if (!e) throw new DocumentError(`<${root}> has no Header`)
  const header = readHeader(e)
  if (!header.instanceId) throw new DocumentError(`<${root}> Header has no instanceId`)
  return header
}

function requireSequences(h: Header): Header {
  for (const k of ['firstSequence', 'lastSequence', 'nextSequence'] as const) {
    if (h[k] === undefined) throw new DocumentError(`MTConnectStreams Header has no ${k}`)
  }
  return h
}

const CATEGORIES = new Set(['SAMPLE', 'EVENT', 'CONDITION'])

function parseDevices(root: XmlElement): DeviceModel[] {
  const devices = child(root, 'Devices')
  if (!devices) throw new DocumentError('<MTConnectDevices> has no Devices')
  // The synthetic <Agent> device (schema ≥ 1.7) describes the agent itself, not a machine.
  return devices.children.filter((d) => d.name === 'Device').map((d) => {
    const description = child(d, 'Description')
    const name = d.attrs.name ?? d.attrs.id ?? ''
    return {
      name,
      uuid: d.attrs.uuid,
      manufacturer: description?.attrs.manufacturer,
      model: description?.attrs.model,
      dataItems: placedDataItems(d).map(({ item, components }) => {
        const category = item.attrs.category ?? ''
        if (!item.attrs.id || !item.attrs.type || !CATEGORIES.has(category)) {
          throw new DocumentError(`device ${name}: a DataItem lacks id, type or a category of SAMPLE, EVENT or CONDITION (${JSON.stringify(item.attrs)})`)
        }
        return {
          id: item.attrs.id,
          name: item.attrs.name,
          type: item.attrs.type,
          subType: item.attrs.subType,
          category: category as DataItem['category'],
          units: item.attrs.units,
          nativeUnits: item.attrs.nativeUnits,
          components,
          ...constraintValues(item),
        }
      }),
    }
  })
}

/** Every DataItem of a device in document order, with the components it sits in. */
function placedDataItems(device: XmlElement): { item: XmlElement; components: ComponentPlace[] }[] {
  const out: { item: XmlElement; components: ComponentPlace[] }[] = []
  const visit = (e: XmlElement, components: ComponentPlace[]) => {
    for (const c of e.children) {
      // The children of <Components> are components; anything else (DataItems, Compositions,
      // Configuration) belongs to the component above it.
      if (c.name === 'DataItem') out.push({ item: c, components })
      else visit(c, e.name === 'Components' ? [...components, componentPlace(c)] : components)
    }
  }
  visit(device, [])
  return out
}

function componentPlace(e: XmlElement): ComponentPlace {
  const refs = child(e, 'References')?.children ?? []
  return {
    element: e.name,
    id: e.attrs.id ?? '',
    name: e.attrs.name,
    nativeName: e.attrs.nativeName,
    references: refs.map((r) => r.attrs.idRef ?? r.attrs.dataItemId ?? '').filter((id) => id !== ''),
  }
}

function constraintValues(item: XmlElement): { constraintValues?: string[] } {
  const constraints = child(item, 'Constraints')
  const values = constraints?.children.filter((c) => c.name === 'Value').map((c) => c.text) ?? []
  return values.length > 0 ? { constraintValues: values } : {}
}

const CONDITION_LEVELS = new Set(['Normal', 'Warning', 'Fault', 'Unavailable'])
const GROUPS: Record<string, Observation['category']> = { Samples: 'SAMPLE', Events: 'EVENT', Condition: 'CONDITION' }

function parseObservations(root: XmlElement): Observation[] {
  const out: Observation[] = []
  for (const group of findAll(root, (e) => e.name in GROUPS)) {
    const category = GROUPS[group.name] as Observation['category']
    for (const o of group.children) {
      const sequence = Number(o.attrs.sequence)
      const { dataItemId, timestamp } = o.attrs
      if (!dataItemId || !timestamp || !Number.isSafeInteger(sequence)) {
        throw new DocumentError(`observation <${o.name}> lacks dataItemId, timestamp or a whole-number sequence`)
      }
      if (category === 'CONDITION') {
        if (!CONDITION_LEVELS.has(o.name)) throw new DocumentError(`condition <${o.name}> for ${dataItemId}: expected Normal, Warning, Fault or Unavailable`)
        out.push({ dataItemId, sequence, timestamp, value: o.text, category, level: o.name, nativeCode: o.attrs.nativeCode })
      } else {
        // Data sets and tables carry <Entry> children; the collector maps none of them.
        out.push({ dataItemId, sequence, timestamp, value: o.text, category })
      }
    }
  }
  // Observations are grouped by component and type, not in sequence order (MTCONNECT.md).
  return out.sort((a, b) => a.sequence - b.sequence)
}

// 1.x-2.5 list <Error errorCode="...">text</Error>; 2.6+ (schema 2.7) name each element after
// the error (<OutOfRange errorCode="OUT_OF_RANGE"><ErrorMessage>...) with a QueryParameter range.
function parseErrors(root: XmlElement): AgentError[] {
  const errors = findAll(root, (e) => e.name === 'Error' || (e.attrs.errorCode !== undefined && e.name !== 'MTConnectError'))
  if (errors.length === 0) throw new DocumentError('<MTConnectError> lists no error')
  return errors.map((e) => {
    const message = e.children.find((c) => c.name === 'ErrorMessage')
    const param = e.children.find((c) => c.name === 'QueryParameter')
    const num = (name: string): number | undefined => {
      const el = param?.children.find((c) => c.name === name)
      const n = el ? Number(el.text) : NaN
      return Number.isSafeInteger(n) ? n : undefined
    }
    const error: AgentError = { code: e.attrs.errorCode ?? 'UNKNOWN', text: message ? message.text : e.text }
    if (param) error.queryParameter = range(param.attrs.name, num('Minimum'), num('Maximum'), num('Value'))
    return error
  })
}

function range(name: string | undefined, minimum: number | undefined, maximum: number | undefined, value: number | undefined): QueryParameterRange {
  const r: QueryParameterRange = { name: name ?? '', minimum, maximum }
  if (value !== undefined) r.value = value
  return r
}

// JSON documents. v1: "Errors": [{"Error": {"errorCode", "value"}}]; v2: "Errors": {"Error":
// [{"errorCode", "value"}]}; schema 2.7 names the error: "Errors": {"OutOfRange": [{"errorCode",
// "ErrorMessage", "QueryParameter": {"name", "Minimum", "Maximum", "Value"}}]}.
function parseJsonDocument(text: string): AgentDocument {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new DocumentError(`the JSON answer does not parse: ${(err as Error).message}`)
  }
  const root = isObject(json) ? Object.keys(json)[0] : undefined
  const body = root !== undefined && isObject(json) ? json[root] : undefined
  if (root === 'MTConnectError' && isObject(body)) {
    return { kind: 'error', header: isObject(body.Header) ? readJsonHeader(body.Header) : undefined, errors: parseJsonErrors(body.Errors) }
  }
  if (root === 'MTConnectStreams' || root === 'MTConnectDevices') {
    throw new DocumentError(`the agent answered ${root} in JSON although the collector asks for application/xml; set the agent (or the proxy in front of it) to honour Accept`)
  }
  throw new DocumentError(`unexpected JSON document ${root === undefined ? '' : `"${root}" `}: expected MTConnectDevices, MTConnectStreams or MTConnectError`)
}

function parseJsonErrors(errors: unknown): AgentError[] {
  const entries: [string, unknown][] = []
  if (Array.isArray(errors)) for (const e of errors) if (isObject(e)) entries.push(...Object.entries(e))
  if (isObject(errors)) for (const [name, list] of Object.entries(errors)) for (const e of Array.isArray(list) ? list : [list]) entries.push([name, e])
  const out = entries.filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1])).map(([, e]) => {
    const error: AgentError = { code: typeof e.errorCode === 'string' ? e.errorCode : 'UNKNOWN', text: String(e.ErrorMessage ?? e.value ?? '') }
    const p = e.QueryParameter
    if (isObject(p)) error.queryParameter = range(typeof p.name === 'string' ? p.name : undefined, whole(p.Minimum), whole(p.Maximum), whole(p.Value))
    return error
  })
  if (out.length === 0) throw new DocumentError('MTConnectError lists no error')
  return out
}

function readJsonHeader(h: Record<string, unknown>): Header {
  const num = (name: string) => {
    const raw = h[name]
    if (raw === undefined) return undefined
    const n = whole(raw)
    if (n === undefined || n < 0) throw new DocumentError(`Header ${name}: ${JSON.stringify(raw)} is not a whole number`)
    return n
  }
  return {
    instanceId: h.instanceId === undefined ? '' : String(h.instanceId),
    bufferSize: num('bufferSize'),
    firstSequence: num('firstSequence'),
    lastSequence: num('lastSequence'),
    nextSequence: num('nextSequence'),
    creationTime: typeof h.creationTime === 'string' ? h.creationTime : undefined,
    version: typeof h.version === 'string' ? h.version : undefined,
  }
}

function whole(raw: unknown): number | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN
  return Number.isSafeInteger(n) ? n : undefined
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
