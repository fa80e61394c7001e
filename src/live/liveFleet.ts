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

  /**
   * What ingest just committed. Plant and model come from the registry, not from ingest: the
   * fleet holds every registered machine from its start, and learns each registration after.
   */
  committed(statuses: readonly MachineStatus[]): void {
    const changed = new Set<string>()
    for (const status of statuses) {
      const known = this.machines.get(status.id)
      this.machines.set(status.id, known ? { ...status, plant: known.plant, model: known.model } : status)
      changed.add(status.id)
    }
    this.emit({ machines: changed, alerts: false })
  }

  alertsChanged(): void {
    this.emit({ machines: NO_MACHINES, alerts: true })
  }

  private emit(change: LiveChange): void {
    for (const listener of this.listeners) listener(change)
  }
}

/** A stored registry row as a status: the values stored with it (the last sample's, from before migration 012). */
function statusFromRow(row: MachineRow): MachineStatus {
  const status = emptyStatus(row.id)
  const values = status as Record<string, unknown>
  const last = row.last_values ?? row.last_sample ?? {}
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
