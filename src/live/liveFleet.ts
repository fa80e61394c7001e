// The fleet as it is now: every machine's status (domain/machineStatus.ts), kept in memory from
// what ingest commits, read by the alert engine, the dashboard's live stream and the API.
// Listeners learn which machines changed, never the samples themselves: a client
// that falls behind reads the latest status of those machines when it catches up, so 1,000
// machines at 1 Hz cost at most one status per machine per flush, however slow the client.
import { type MachineStatus, type MachineStatuses, emptyStatus } from '../domain/machineStatus.js'
import { SAMPLE_FIELDS, SAMPLE_FIELD_NAMES } from '../domain/sampleFields.js'
import type { Queryable } from '../store/db.js'
import { type MachineRow, listMachines } from '../store/machines.js'

export interface LiveChange {
  /** Machines whose status changed. */
  machines: ReadonlySet<string>
  /** True when alerts changed (fired, resolved, acknowledged, became pending). */
  alerts: boolean
}

export type LiveListener = (change: LiveChange) => void

const NO_MACHINES: ReadonlySet<string> = new Set()

export class LiveFleet implements MachineStatuses {
  private readonly machines = new Map<string, MachineStatus>()
  private readonly listeners = new Set<LiveListener>()
  /** Machines first heard of through a sample, whose registry entries are read together. */
  private readonly unregistered = new Set<string>()
  private lookup: Promise<void> | undefined

  constructor(private readonly db: Queryable) {}

  /** Loads every machine's latest status, as ingest stored it. */
  async start(): Promise<void> {
    for (const row of await listMachines(this.db)) this.machines.set(row.id, statusFromRow(row))
  }

  /** A registry entry written (machines.yaml, PUT /v1/machines/{id}): the fleet shows it at once. */
  registered(entry: { id: string; plant?: string; model?: string }): void {
    const known = this.machines.get(entry.id) ?? emptyStatus(entry.id)
    this.machines.set(entry.id, { ...known, plant: entry.plant ?? null, model: entry.model ?? null })
    this.emit({ machines: new Set([entry.id]), alerts: false })
  }

  snapshot(): MachineStatus[] {
    return [...this.machines.values()].sort((a, b) => a.id.localeCompare(b.id))
  }

  get(id: string): MachineStatus | undefined {
    return this.machines.get(id)
  }

  all(): Iterable<MachineStatus> {
    return this.machines.values()
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** What ingest just committed; a machine without a registry entry yet has it read. */
  committed(statuses: readonly MachineStatus[]): void {
    const changed = new Set<string>()
    for (const status of statuses) {
      const known = this.machines.get(status.id)
      if (!known) this.unregistered.add(status.id)
      // Plant and model come from the registry, not from ingest.
      this.machines.set(status.id, known ? { ...status, plant: known.plant, model: known.model } : status)
      changed.add(status.id)
    }
    this.emit({ machines: changed, alerts: false })
    if (this.unregistered.size > 0) this.lookup ??= this.readNewRegistryEntries()
  }

  /** Resolves once the registry entries of every machine committed so far are read (plant and model). */
  async registryRead(): Promise<void> {
    while (this.lookup) await this.lookup
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

/** A stored registry row as a status: the last sample's values (carried-forward values before it are not stored). */
function statusFromRow(row: MachineRow): MachineStatus {
  const status = emptyStatus(row.id)
  const values = status as Record<string, unknown>
  const last = row.last_sample ?? {}
  for (const f of SAMPLE_FIELD_NAMES) {
    if (f === 'state') continue
    const v = last[f]
    if (typeof v === (SAMPLE_FIELDS[f].kind === 'number' ? 'number' : 'string')) values[f] = v
  }
  return {
    ...status, plant: row.plant, model: row.model, state: row.state, state_since: row.state_since?.getTime() ?? null,
    last_sample_at: row.last_ts?.getTime() ?? null, last_seen_at: row.last_seen_at?.getTime() ?? null,
  }
}
