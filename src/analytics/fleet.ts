// The fleet at a glance: machines per state, average spindle speed of those cutting, per plant.
// Pure: machines and the time come in. A machine not heard from for longer than `staleAfterMs`
// is offline whatever its last sample said (its collector or gateway is gone).
import { effectiveState } from '../domain/machineStatus.js'
import { MACHINE_STATES, type MachineState } from '../domain/sampleFields.js'

export interface FleetMachine {
  id: string
  plant: string | null
  model: string | null
  state: string | null
  last_seen_at: number | null
  rpm: number | null
}

export interface FleetFilters {
  plant?: string
  model?: string
  state?: MachineState
}

type StateCounts = Record<MachineState, number>

export interface FleetGroup {
  total: number
  states: StateCounts
  machines: Record<MachineState, string[]>
  avg_rpm_running: number | null
}

export interface FleetSummary extends FleetGroup {
  generated_at: string
  filters: FleetFilters
  plants: (FleetGroup & { plant: string | null })[]
}

export function summarizeFleet(machines: readonly FleetMachine[], filters: FleetFilters, now: number, staleAfterMs: number): FleetSummary {
  const selected = machines
    .map((m) => ({ ...m, effective: effectiveState(m, now, staleAfterMs).state }))
    .filter((m) => (filters.plant === undefined || m.plant === filters.plant) && (filters.model === undefined || m.model === filters.model) && (filters.state === undefined || m.effective === filters.state))
  const plants = [...new Set(selected.map((m) => m.plant))].sort((a, b) => (a ?? '').localeCompare(b ?? ''))
  return {
    generated_at: new Date(now).toISOString(),
    filters,
    ...group(selected),
    plants: plants.map((plant) => ({ plant, ...group(selected.filter((m) => m.plant === plant)) })),
  }
}

function group(machines: readonly (FleetMachine & { effective: MachineState })[]): FleetGroup {
  const states = Object.fromEntries(MACHINE_STATES.map((s) => [s, 0])) as StateCounts
  const ids = Object.fromEntries(MACHINE_STATES.map((s) => [s, [] as string[]])) as Record<MachineState, string[]>
  let rpmSum = 0
  let rpmCount = 0
  for (const m of machines) {
    states[m.effective]++
    ids[m.effective].push(m.id)
    if (m.effective === 'running' && m.rpm !== null) {
      rpmSum += m.rpm
      rpmCount++
    }
  }
  return { total: machines.length, states, machines: ids, avg_rpm_running: rpmCount > 0 ? rpmSum / rpmCount : null }
}
