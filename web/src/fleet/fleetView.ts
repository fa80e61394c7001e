// Which machines the fleet page shows, in what order: filters and sort, kept in the URL so
// that a link or a reload shows the same view.
import type { FleetStream, LiveMachine } from '../live/fleetStream'
import { MACHINE_STATES, type MachineState } from '../machineState'

export const SORTS = {
  id: 'Machine id',
  attention: 'Needs attention first',
  rpm: 'Spindle speed',
  in_state: 'Longest in state',
  last_seen: 'Silent longest',
} as const
export type SortKey = keyof typeof SORTS

/** The value that stands for "no plant" or "no model" in filters. */
export const NONE = '-'

export interface FleetFilters {
  state: MachineState | ''
  plant: string
  model: string
  text: string
  sort: SortKey
}

export function filtersFromQuery(query: URLSearchParams): FleetFilters {
  const state = query.get('state') ?? ''
  const sort = query.get('sort') ?? 'id'
  return {
    state: (MACHINE_STATES as readonly string[]).includes(state) ? (state as MachineState) : '',
    plant: query.get('plant') ?? '',
    model: query.get('model') ?? '',
    text: query.get('q') ?? '',
    sort: sort in SORTS ? (sort as SortKey) : 'id',
  }
}

export function filtersToQuery(f: FleetFilters): URLSearchParams {
  const q = new URLSearchParams()
  if (f.state) q.set('state', f.state)
  if (f.plant) q.set('plant', f.plant)
  if (f.model) q.set('model', f.model)
  if (f.text) q.set('q', f.text)
  if (f.sort !== 'id') q.set('sort', f.sort)
  return q
}

export interface ViewMachine {
  machine: LiveMachine
  state: MachineState
  since: number | null
  alerts: number
}

/** Stopped and offline machines first: they are the ones someone has to walk to. */
const ATTENTION: Record<MachineState, number> = { stopped: 0, offline: 1, idle: 2, running: 3 }

export function fleetView(stream: FleetStream, filters: FleetFilters, alertsByMachine: ReadonlyMap<string, number>, now: number) {
  const text = filters.text.trim().toLowerCase()
  const all: ViewMachine[] = []
  const counts = Object.fromEntries(MACHINE_STATES.map((s) => [s, 0])) as Record<MachineState, number>
  const plants = new Set<string>()
  const models = new Set<string>()
  for (const machine of stream.machines.values()) {
    plants.add(machine.plant ?? NONE)
    models.add(machine.model ?? NONE)
    if (filters.plant && (machine.plant ?? NONE) !== filters.plant) continue
    if (filters.model && (machine.model ?? NONE) !== filters.model) continue
    if (text && !matchesText(machine, text)) continue
    const state = stream.effectiveState(machine, now)
    counts[state]++
    if (filters.state && state !== filters.state) continue
    all.push({ machine, state, since: stream.stateSince(machine, now), alerts: alertsByMachine.get(machine.id) ?? 0 })
  }
  all.sort(comparator(filters.sort))
  return { machines: all, counts, plants: [...plants].sort(), models: [...models].sort() }
}

function matchesText(m: LiveMachine, text: string): boolean {
  return [m.id, m.plant, m.model, m.program, m.alarm].some((v) => v !== null && v.toLowerCase().includes(text))
}

function comparator(sort: SortKey): (a: ViewMachine, b: ViewMachine) => number {
  const byId = (a: ViewMachine, b: ViewMachine) => a.machine.id.localeCompare(b.machine.id, undefined, { numeric: true })
  switch (sort) {
    case 'attention': return (a, b) => b.alerts - a.alerts || ATTENTION[a.state] - ATTENTION[b.state] || byId(a, b)
    case 'rpm': return (a, b) => (b.machine.rpm ?? -1) - (a.machine.rpm ?? -1) || byId(a, b)
    case 'in_state': return (a, b) => (a.since ?? Infinity) - (b.since ?? Infinity) || byId(a, b)
    case 'last_seen': return (a, b) => (a.machine.last_seen_at ?? 0) - (b.machine.last_seen_at ?? 0) || byId(a, b)
    default: return byId
  }
}
