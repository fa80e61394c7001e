// machines.yaml: the fleet. Parsed and validated once, here, into typed objects; every
// problem names the file, the line and the field, and all problems are reported at once.
import { type Node, type YAMLMap, isMap, isScalar, isSeq } from 'yaml'
import { checkExecutionOverrides } from '../domain/machineState.js'
import type { MachineState } from '../domain/sample.js'
import { FEED_UNITS_TO_MM_MIN, MAPPED_FIELDS, type MappedField, isMappedField } from '../domain/machineMapping.js'
import { VENDOR_PROFILES, hasVendorProfile } from '../domain/vendorProfiles.js'
import { MACHINE_ID, MACHINE_ID_RULE } from '../domain/machineId.js'
import { ConfigError, type ConfigProblem } from './configError.js'
import { isHttpUrl } from './httpUrl.js'
import { YamlDocument, keyText } from './yamlDocument.js'

export interface MachineConfig {
  id: string
  protocol: 'mtconnect'
  agentUrl: string
  device?: string
  plant?: string
  model?: string
  vendor?: string
  idealCycleS?: number
  mapping: {
    items?: Partial<Record<MappedField, string>>
    feedUnits?: string
    executionStates?: Record<string, MachineState>
  }
}

export interface FleetConfig {
  machines: MachineConfig[]
  /** What the file says that works but is likely not what was meant; it is in effect anyway. */
  warnings: ConfigProblem[]
}

const MACHINE_KEYS = ['id', 'protocol', 'agent_url', 'device', 'plant', 'model', 'vendor', 'ideal_cycle_s', 'mapping']
const MAPPING_KEYS = ['items', 'feed_units', 'execution']

/** Parses machines.yaml text; throws ConfigError listing every problem. */
export function parseMachinesYaml(text: string, file: string): FleetConfig {
  const doc = new YamlDocument(text, file)
  const warnings: ConfigProblem[] = []

  // The seed's format is a `machines:` list; a bare list is accepted too.
  let list = doc.root
  if (isMap(list)) {
    doc.onlyKeys(list, '', ['machines'], { unknown: () => 'unknown top-level key', accepted: 'expected machines' })
    list = doc.get(list, 'machines')
  }
  if (!isSeq(list)) {
    doc.fail(list ?? doc.root, 'machines', 'must be a list of machines (- id: ..., agent_url: ...)')
    throw new ConfigError(doc.problems)
  }
  const machines: MachineConfig[] = []
  const seen = new Map<string, string>()
  for (const [item, at] of doc.items(list, 'machines')) {
    if (!doc.isMapping(item, at, 'id, agent_url, ...')) continue
    const m = readMachine(doc, item, at)
    if (!m) continue
    if (m.vendor !== undefined && !hasVendorProfile(m.vendor)) {
      // `vendor` is also the registry's label, so any value is accepted; only the profile is missing.
      warnings.push(doc.problemAt(doc.get(item, 'vendor'), `${at}.vendor`, `"${m.vendor}" (${m.id}) has no built-in profile (known: ${Object.keys(VENDOR_PROFILES).join(', ')}); its data is mapped by the MTConnect defaults`))
    }
    const previous = seen.get(m.id)
    if (previous !== undefined) {
      doc.fail(doc.get(item, 'id'), `${at}.id`, `"${m.id}" is already used by ${previous}`)
      continue
    }
    seen.set(m.id, at)
    machines.push(m)
  }
  doc.throwIfAny()
  return { machines, warnings }
}

function readMachine(doc: YamlDocument, map: YAMLMap, at: string): MachineConfig | undefined {
  doc.onlyKeys(map, at, MACHINE_KEYS)
  // Any text, even empty: an id or URL that is empty is refused below with what it must be.
  const text = (key: string, required = false) => doc.text(map, key, `${at}.${key}`, { required, allowEmpty: true })
  const id = text('id', true)
  if (id !== undefined && !MACHINE_ID.test(id)) doc.fail(doc.get(map, 'id'), `${at}.id`, `"${id}" must be ${MACHINE_ID_RULE}`)
  const protocol = text('protocol') ?? 'mtconnect'
  if (protocol !== 'mtconnect') doc.fail(doc.get(map, 'protocol'), `${at}.protocol`, `"${protocol}" is not supported yet; accepted: mtconnect`)
  const agentUrl = text('agent_url', true)
  if (agentUrl !== undefined && !isHttpUrl(agentUrl)) doc.fail(doc.get(map, 'agent_url'), `${at}.agent_url`, `"${agentUrl}" must be an http:// or https:// URL, e.g. http://10.0.0.5:5000`)
  const idealCycleS = doc.number(map, 'ideal_cycle_s', `${at}.ideal_cycle_s`, { min: 0, exclusive: true, unit: 'seconds' })
  const mapping = readMapping(doc, doc.get(map, 'mapping'), `${at}.mapping`)
  if (id === undefined || agentUrl === undefined || !MACHINE_ID.test(id) || !isHttpUrl(agentUrl)) return undefined
  const machine: MachineConfig = { id, protocol: 'mtconnect', agentUrl, mapping }
  for (const [key, field] of [['device', 'device'], ['plant', 'plant'], ['model', 'model'], ['vendor', 'vendor']] as const) {
    const value = text(key)
    if (value !== undefined) machine[field] = value
  }
  if (idealCycleS !== undefined) machine.idealCycleS = idealCycleS
  return machine
}

function readMapping(doc: YamlDocument, node: Node | undefined, at: string): MachineConfig['mapping'] {
  const mapping: MachineConfig['mapping'] = {}
  if (node === undefined || !doc.isMapping(node, at, MAPPING_KEYS.join(', '))) return mapping
  doc.onlyKeys(node, at, [...MAPPING_KEYS, ...MAPPED_FIELDS], {
    accepted: `accepted: ${MAPPING_KEYS.join(', ')}, or a field's data item as in items (${MAPPED_FIELDS.join(', ')})`,
  })
  const itemAt = (value: Node | undefined, key: Node, field: string): string | undefined => {
    if (isScalar(value) && typeof value.value === 'string') return value.value
    doc.fail(value ?? key, field, 'must be a data item id or name')
    return undefined
  }
  const items = doc.get(node, 'items')
  if (items !== undefined) {
    if (!isMap(items)) doc.fail(items, `${at}.items`, `must map fields (${MAPPED_FIELDS.join(', ')}) to data item ids or names`)
    else {
      doc.onlyKeys(items, `${at}.items`, MAPPED_FIELDS)
      mapping.items = {}
      for (const pair of items.items) {
        const field = keyText(pair.key)
        if (!isMappedField(field)) continue
        const item = itemAt(doc.value(pair.value), pair.key as Node, `${at}.items.${field}`)
        if (item !== undefined) mapping.items[field] = item
      }
    }
  }
  // The shorthand `mapping: { rpm: S2speed }` is `mapping: { items: { rpm: S2speed } }`.
  // `execution` holding a mapping is the Execution → state table, holding a name its item.
  for (const pair of node.items) {
    const field = keyText(pair.key)
    const value = doc.value(pair.value)
    if (!isMappedField(field) || (field === 'execution' && !(isScalar(value) && typeof value.value === 'string'))) continue
    const item = itemAt(value, pair.key as Node, `${at}.${field}`)
    if (item === undefined) continue
    const given = mapping.items?.[field]
    if (given !== undefined && given !== item) doc.fail(value, `${at}.${field}`, `"${item}" contradicts ${at}.items.${field} "${given}"; name the data item once`)
    else mapping.items = { ...mapping.items, [field]: item }
  }
  const units = doc.get(node, 'feed_units')
  if (units !== undefined) {
    if (isScalar(units) && typeof units.value === 'string' && units.value in FEED_UNITS_TO_MM_MIN) mapping.feedUnits = units.value
    else doc.fail(units, `${at}.feed_units`, `must be one of ${Object.keys(FEED_UNITS_TO_MM_MIN).join(', ')}`)
  }
  const execution = doc.get(node, 'execution')
  if (execution !== undefined && !(isScalar(execution) && typeof execution.value === 'string')) {
    if (!isMap(execution)) doc.fail(execution, `${at}.execution`, 'must map Execution values to states, e.g. STOPPED: idle (or name the Execution data item)')
    else {
      const table = Object.fromEntries(execution.items.map((p) => [keyText(p.key), isScalar(p.value) ? p.value.value : p.value]))
      const problems = checkExecutionOverrides(table)
      for (const problem of problems) doc.fail(execution, `${at}.execution`, problem)
      if (problems.length === 0) mapping.executionStates = table as Record<string, MachineState>
    }
  }
  return mapping
}
