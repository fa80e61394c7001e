// The fleet as it is now, kept in memory from committed samples, for the dashboard's live
// stream. Listeners learn which machines changed, never the samples themselves: a client
// that falls behind reads the latest status of those machines when it catches up, so 1,000
// machines at 1 Hz cost at most one status per machine per flush, however slow the client.
import type { Clock } from '../domain/clock.js'
import type { Sample } from '../domain/sample.js'
import { loadMachineStates } from '../store/alerts.js'
import type { Queryable } from '../store/db.js'
import { type MachineRow, listMachines } from '../store/machines.js'

/** One machine's card: registry entry, latest values (carried forward), and since when it is in its state. */
export interface LiveMachine {
  id: string
  plant: string | null
  model: string | null
  state: string | null
  /** Epoch ms of the sample that put the machine in its state; null when unknown. */
  state_since: number | null
  rpm: number | null
  feed_mm_min: number | null
  program: string | null
  part_count: number | null
  alarm: string | null
  execution: string | null
  mode: string | null
  /** Epoch ms of the newest sample. */
  last_sample_at: number | null
  /** Epoch ms when the server last received anything from the machine. */
  last_seen_at: number | null
}

export interface LiveChange {
  /** Machines whose status changed. */
  machines: ReadonlySet<string>
  /** True when alerts changed (fired, resolved, acknowledged, became pending). */
  alerts: boolean
}

export type LiveListener = (change: LiveChange) => void

const NO_MACHINES: ReadonlySet<string> = new Set()

export class LiveFleet {
  private readonly machines = new Map<string, LiveMachine>()
  private readonly listeners = new Set<LiveListener>()
  /** Machines first heard of through a sample, whose registry entries are read together. */
  private readonly unregistered = new Set<string>()
  private lookup: Promise<void> | undefined

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
  ) {}

  /** Loads every machine's latest status; the alert engine's table knows since when each is in its state. */
  async start(): Promise<void> {
    const since = await loadMachineStates(this.db)
    for (const row of await listMachines(this.db)) {
      const machine = fromRow(row)
      const known = since.get(row.id)
      if (known && known.state === machine.state) machine.state_since = known.since
      this.machines.set(row.id, machine)
    }
  }

  /** Re-reads plant and model (a registry entry may have changed since it was loaded). */
  async refreshRegistry(): Promise<void> {
    for (const row of await listMachines(this.db)) {
      const machine = this.machines.get(row.id)
      if (machine) {
        machine.plant = row.plant
        machine.model = row.model
      } else {
        this.machines.set(row.id, fromRow(row))
      }
    }
  }

  snapshot(): LiveMachine[] {
    return [...this.machines.values()].sort((a, b) => a.id.localeCompare(b.id))
  }

  get(id: string): LiveMachine | undefined {
    return this.machines.get(id)
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Committed samples, in any order: a late one marks the machine as heard from and changes nothing else. */
  onSamples(samples: readonly Sample[]): void {
    const now = this.clock.now()
    const changed = new Set<string>()
    for (const s of samples) {
      let machine = this.machines.get(s.machine_id)
      if (!machine) {
        machine = emptyMachine(s.machine_id)
        this.machines.set(s.machine_id, machine)
        this.unregistered.add(s.machine_id)
      }
      machine.last_seen_at = now
      changed.add(s.machine_id)
      if (machine.last_sample_at !== null && s.ts <= machine.last_sample_at) continue
      applySample(machine, s)
    }
    this.emit({ machines: changed, alerts: false })
    if (this.unregistered.size > 0) this.lookup ??= this.readNewRegistryEntries()
  }

  alertsChanged(): void {
    this.emit({ machines: NO_MACHINES, alerts: true })
  }

  private emit(change: LiveChange): void {
    for (const listener of this.listeners) listener(change)
  }

  /** One registry read for every machine that appeared since the last one (500 new machines: one query, not 500). */
  private async readNewRegistryEntries(): Promise<void> {
    const ids = new Set(this.unregistered)
    this.unregistered.clear()
    try {
      const changed = new Set<string>()
      for (const row of await listMachines(this.db)) {
        const machine = this.machines.get(row.id)
        if (!ids.has(row.id) || !machine || (row.plant === machine.plant && row.model === machine.model)) continue
        machine.plant = row.plant
        machine.model = row.model
        changed.add(row.id)
      }
      if (changed.size > 0) this.emit({ machines: changed, alerts: false })
    } catch {
      // The registry entries show with the next refresh (a client connecting); the samples are what matters.
    } finally {
      this.lookup = undefined
      if (this.unregistered.size > 0) this.lookup = this.readNewRegistryEntries()
    }
  }
}

function applySample(machine: LiveMachine, s: Sample): void {
  if (s.state !== undefined && s.state !== machine.state) {
    machine.state = s.state
    machine.state_since = s.ts
  }
  if (s.rpm !== undefined) machine.rpm = s.rpm
  if (s.feed_mm_min !== undefined) machine.feed_mm_min = s.feed_mm_min
  if (s.program !== undefined) machine.program = s.program
  if (s.part_count !== undefined) machine.part_count = s.part_count
  if (s.execution !== undefined) machine.execution = s.execution
  if (s.mode !== undefined) machine.mode = s.mode
  // An alarm is a condition that holds while reported: a sample without one clears it.
  machine.alarm = s.alarm ?? null
  machine.last_sample_at = s.ts
}

function emptyMachine(id: string): LiveMachine {
  return {
    id, plant: null, model: null, state: null, state_since: null, rpm: null, feed_mm_min: null, program: null,
    part_count: null, alarm: null, execution: null, mode: null, last_sample_at: null, last_seen_at: null,
  }
}

function fromRow(row: MachineRow): LiveMachine {
  const last = row.last_sample ?? {}
  const number = (v: unknown) => (typeof v === 'number' ? v : null)
  const text = (v: unknown) => (typeof v === 'string' ? v : null)
  return {
    id: row.id, plant: row.plant, model: row.model, state: row.state, state_since: null,
    rpm: number(last.rpm), feed_mm_min: number(last.feed_mm_min), program: text(last.program), part_count: number(last.part_count),
    alarm: text(last.alarm), execution: text(last.execution), mode: text(last.mode),
    last_sample_at: row.last_ts?.getTime() ?? null, last_seen_at: row.last_seen_at?.getTime() ?? null,
  }
}
