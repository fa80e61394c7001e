// machines.yaml: the fleet. Parsed and validated once, here, into typed objects; every
// problem names the file, the line and the field, and all problems are reported at once.
import { LineCounter, type Node, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, parseDocument } from 'yaml'
import { checkExecutionOverrides } from '../domain/machineState.js'
import type { MachineState } from '../domain/sample.js'
import { FEED_UNITS_TO_MM_MIN, MAPPED_FIELDS, type MappedField, isMappedField } from '../domain/machineMapping.js'
import { VENDOR_PROFILES, hasVendorProfile } from '../domain/vendorProfiles.js'
import { MACHINE_ID, MACHINE_ID_RULE } from '../domain/machineId.js'

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

export interface ConfigProblem {
  file: string
  line: number
  field: string
  reason: string
}

/** `machines.yaml:12: machines[3].vendor: reason`, the one way a problem is written. */
export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}: ${p.field}: ${p.reason}`
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    problems.sort((a, b) => a.line - b.line)
    super(problems.map(formatConfigProblem).join('\n'))
    this.name = 'ConfigError'
  }
}

const MACHINE_KEYS = ['id', 'protocol', 'agent_url', 'device', 'plant', 'model', 'vendor', 'ideal_cycle_s', 'mapping']
const MAPPING_KEYS = ['items', 'feed_units', 'execution']

/** Parses machines.yaml text; throws ConfigError listing every problem. */
export function parseMachinesYaml(text: string, file: string): FleetConfig {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true })
  const problems: ConfigProblem[] = []
  const warnings: ConfigProblem[] = []
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1)
  const fail = (node: Node | null | undefined, field: string, reason: string) => problems.push({ file, line: lineOf(node), field, reason })
  const warn = (node: Node | null | undefined, field: string, reason: string) => warnings.push({ file, line: lineOf(node), field, reason })
  for (const e of doc.errors) problems.push({ file, line: e.linePos?.[0].line ?? 1, field: '(syntax)', reason: e.message.split('\n')[0] ?? e.code })
  if (problems.length > 0) throw new ConfigError(problems)

  // The seed's format is a `machines:` list; a bare list is accepted too.
  let list: Node | null | undefined = doc.contents
  if (isMap(list)) {
    for (const pair of list.items) {
      const key = keyText(pair.key)
      if (key !== 'machines') fail(pair.key as Node, key, 'unknown top-level key; expected machines')
    }
    list = list.get('machines', true) as Node | undefined
  }
  if (!isSeq(list)) {
    fail(list ?? doc.contents, 'machines', 'must be a list of machines (- id: ..., agent_url: ...)')
    throw new ConfigError(problems)
  }
  const machines: MachineConfig[] = []
  const seen = new Map<string, number>()
  ;(list as YAMLSeq).items.forEach((item, i) => {
    const at = `machines[${i}]`
    if (!isMap(item)) return void fail(item as Node, at, 'must be a mapping with id, agent_url, ...')
    const m = readMachine(item, at, fail)
    if (!m) return
    if (m.vendor !== undefined && !hasVendorProfile(m.vendor)) {
      // `vendor` is also the registry's label, so any value is accepted; only the profile is missing.
      warn(item.get('vendor', true) as Node, `${at}.vendor`, `"${m.vendor}" (${m.id}) has no built-in profile (known: ${Object.keys(VENDOR_PROFILES).join(', ')}); its data is mapped by the MTConnect defaults`)
    }
    const previous = seen.get(m.id)
    if (previous !== undefined) return void fail(item.get('id', true) as Node, `${at}.id`, `"${m.id}" is already used by machines[${previous}]`)
    seen.set(m.id, i)
    machines.push(m)
  })
  if (problems.length > 0) throw new ConfigError(problems)
  return { machines, warnings }
}

type Fail = (node: Node | null | undefined, field: string, reason: string) => void

function readMachine(map: YAMLMap, at: string, fail: Fail): MachineConfig | undefined {
  for (const pair of map.items) {
    const key = keyText(pair.key)
    if (!MACHINE_KEYS.includes(key)) fail(pair.key as Node, `${at}.${key}`, `unknown field; accepted: ${MACHINE_KEYS.join(', ')}`)
  }
  const text = (key: string, required = false): string | undefined => {
    const node = map.get(key, true) as Node | undefined
    if (node === undefined || (isScalar(node) && node.value === null)) {
      if (required) fail(map, `${at}.${key}`, 'is required')
      return undefined
    }
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) return void fail(node, `${at}.${key}`, 'must be text')
    return String(node.value)
  }
  const id = text('id', true)
  if (id !== undefined && !MACHINE_ID.test(id)) fail(map.get('id', true) as Node, `${at}.id`, `"${id}" must be ${MACHINE_ID_RULE}`)
  const protocol = text('protocol') ?? 'mtconnect'
  if (protocol !== 'mtconnect') fail(map.get('protocol', true) as Node, `${at}.protocol`, `"${protocol}" is not supported yet; accepted: mtconnect`)
  const agentUrl = text('agent_url', true)
  if (agentUrl !== undefined && !isHttpUrl(agentUrl)) fail(map.get('agent_url', true) as Node, `${at}.agent_url`, `"${agentUrl}" must be an http:// or https:// URL, e.g. http://10.0.0.5:5000`)
  let idealCycleS: number | undefined
  const cycle = map.get('ideal_cycle_s', true) as Node | undefined
  if (cycle !== undefined) {
    if (isScalar(cycle) && typeof cycle.value === 'number' && Number.isFinite(cycle.value) && cycle.value > 0) idealCycleS = cycle.value
    else fail(cycle, `${at}.ideal_cycle_s`, 'must be a number of seconds above 0')
  }
  const mapping = readMapping(map.get('mapping', true) as Node | undefined, `${at}.mapping`, fail)
  if (id === undefined || agentUrl === undefined || !MACHINE_ID.test(id) || !isHttpUrl(agentUrl)) return undefined
  const machine: MachineConfig = { id, protocol: 'mtconnect', agentUrl, mapping }
  for (const [key, field] of [['device', 'device'], ['plant', 'plant'], ['model', 'model'], ['vendor', 'vendor']] as const) {
    const value = text(key)
    if (value !== undefined) machine[field] = value
  }
  if (idealCycleS !== undefined) machine.idealCycleS = idealCycleS
  return machine
}

function readMapping(node: Node | undefined, at: string, fail: Fail): MachineConfig['mapping'] {
  const mapping: MachineConfig['mapping'] = {}
  if (node === undefined) return mapping
  if (!isMap(node)) return fail(node, at, 'must be a mapping with items, feed_units, execution'), mapping
  for (const pair of node.items) {
    const key = keyText(pair.key)
    if (!MAPPING_KEYS.includes(key) && !isMappedField(key)) {
      fail(pair.key as Node, `${at}.${key}`, `unknown field; accepted: ${MAPPING_KEYS.join(', ')}, or a field's data item as in items (${MAPPED_FIELDS.join(', ')})`)
    }
  }
  const itemAt = (value: Node | null, key: Node, field: string): string | undefined => {
    if (isScalar(value) && typeof value.value === 'string') return value.value
    fail(value ?? key, field, 'must be a data item id or name')
    return undefined
  }
  const items = node.get('items', true) as Node | undefined
  if (items !== undefined) {
    if (!isMap(items)) fail(items, `${at}.items`, `must map fields (${MAPPED_FIELDS.join(', ')}) to data item ids or names`)
    else {
      mapping.items = {}
      for (const pair of items.items) {
        const field = keyText(pair.key)
        if (!isMappedField(field)) fail(pair.key as Node, `${at}.items.${field}`, `unknown field; accepted: ${MAPPED_FIELDS.join(', ')}`)
        else {
          const item = itemAt(pair.value as Node | null, pair.key as Node, `${at}.items.${field}`)
          if (item !== undefined) mapping.items[field] = item
        }
      }
    }
  }
  // The shorthand `mapping: { rpm: S2speed }` is `mapping: { items: { rpm: S2speed } }`.
  // `execution` holding a mapping is the Execution → state table, holding a name its item.
  for (const pair of node.items) {
    const field = keyText(pair.key)
    const value = pair.value as Node | null
    if (!isMappedField(field) || (field === 'execution' && !(isScalar(value) && typeof value.value === 'string'))) continue
    const item = itemAt(value, pair.key as Node, `${at}.${field}`)
    if (item === undefined) continue
    const given = mapping.items?.[field]
    if (given !== undefined && given !== item) fail(value, `${at}.${field}`, `"${item}" contradicts ${at}.items.${field} "${given}"; name the data item once`)
    else mapping.items = { ...mapping.items, [field]: item }
  }
  const units = node.get('feed_units', true) as Node | undefined
  if (units !== undefined) {
    if (isScalar(units) && typeof units.value === 'string' && units.value in FEED_UNITS_TO_MM_MIN) mapping.feedUnits = units.value
    else fail(units, `${at}.feed_units`, `must be one of ${Object.keys(FEED_UNITS_TO_MM_MIN).join(', ')}`)
  }
  const execution = node.get('execution', true) as Node | undefined
  if (execution !== undefined && !(isScalar(execution) && typeof execution.value === 'string')) {
    if (!isMap(execution)) fail(execution, `${at}.execution`, 'must map Execution values to states, e.g. STOPPED: idle (or name the Execution data item)')
    else {
      const table = Object.fromEntries(execution.items.map((p) => [keyText(p.key), isScalar(p.value) ? p.value.value : p.value]))
      const problems = checkExecutionOverrides(table)
      for (const problem of problems) fail(execution, `${at}.execution`, problem)
      if (problems.length === 0) mapping.executionStates = table as Record<string, MachineState>
    }
  }
  return mapping
}

function keyText(key: unknown): string {
  return key instanceof Scalar ? String(key.value) : String(key)
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
