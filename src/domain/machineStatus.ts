// A machine's status now: its latest value of every field, since when it is in its state, and
// when it was last heard of. One definition, one fold: ingest computes it in the transaction
// that stores the samples (state_since is stored with them), and the alert engine, the live
// stream and the API all read the same statuses (live/liveFleet.ts).
import type { Sample } from './sample.js'
import { type FieldValue, type MachineState, type SampleField, type SampleValues, MACHINE_STATES, SAMPLE_FIELD_NAMES } from './sampleFields.js'

type CarriedField = Exclude<SampleField, 'state'>

export type MachineStatus = {
  id: string
  plant: string | null
  model: string | null
  state: MachineState | null
  /** Epoch ms of the sample that put the machine in its state; null when unknown. */
  state_since: number | null
  /** Epoch ms of the newest sample (machine time). */
  last_sample_at: number | null
  /** Epoch ms when the server last received anything from the machine (server time). */
  last_seen_at: number | null
} & { [F in CarriedField]: FieldValue<F> | null }

const CARRIED = SAMPLE_FIELD_NAMES.filter((f): f is CarriedField => f !== 'state')

export function emptyStatus(id: string): MachineStatus {
  const status = { id, plant: null, model: null, state: null, state_since: null, last_sample_at: null, last_seen_at: null } as MachineStatus
  for (const f of CARRIED) (status as Record<CarriedField, null>)[f] = null
  return status
}

/**
 * Folds one committed sample into the status. A sample older than the newest only marks the
 * machine as heard from: late samples change history, not the present. Values carry forward,
 * except the alarm: a condition holds while it is reported, so a sample without one clears it.
 */
export function applySample(status: MachineStatus, sample: Sample, seenAt: number): MachineStatus {
  if (status.last_sample_at !== null && sample.ts <= status.last_sample_at) return { ...status, last_seen_at: seenAt }
  const next: MachineStatus = { ...status, last_sample_at: sample.ts, last_seen_at: seenAt }
  const values = next as Record<CarriedField, unknown>
  for (const f of CARRIED) if (sample[f] !== undefined) values[f] = sample[f]
  if (sample.alarm === undefined) next.alarm = null
  if (sample.state !== undefined && sample.state !== status.state) {
    next.state = sample.state
    next.state_since = sample.ts
  }
  return next
}

/** The status's known values as a sample's fields (absent where unknown). */
export function statusValues(status: MachineStatus): SampleValues {
  const values: Record<string, unknown> = {}
  for (const f of SAMPLE_FIELD_NAMES) if (status[f] !== null) values[f] = status[f]
  return values as SampleValues
}

/**
 * The state the fleet summary and the dashboard show: a machine not heard from for longer than
 * `staleAfterMs` is offline whatever its last sample said (its collector or gateway is gone),
 * since it was last heard of.
 */
export function effectiveState(status: { state: string | null; state_since?: number | null; last_seen_at: number | null }, now: number, staleAfterMs: number): { state: MachineState; since: number | null } {
  if (status.last_seen_at === null || now - status.last_seen_at > staleAfterMs) return { state: 'offline', since: status.last_seen_at }
  const known = status.state !== null && (MACHINE_STATES as readonly string[]).includes(status.state)
  return { state: known ? (status.state as MachineState) : 'offline', since: status.state_since ?? null }
}

/** Where the statuses live: one in-memory fleet now, shared by several server nodes later. */
export interface MachineStatuses {
  get(id: string): MachineStatus | undefined
  /** Every machine's status, in no particular order. */
  all(): Iterable<MachineStatus>
  /** Statuses that ingest just committed, in the order they were stored. */
  committed(statuses: readonly MachineStatus[]): void
}
