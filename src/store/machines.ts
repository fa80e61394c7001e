// The machine registry as the API reads it.
import type { MachineState } from '../domain/sampleFields.js'
import type { Queryable } from './db.js'

export interface MachineRow {
  id: string
  plant: string | null
  model: string | null
  vendor: string | null
  protocol: string | null
  state: MachineState | null
  state_since: Date | null
  first_seen_at: Date
  last_seen_at: Date | null
  last_ts: Date | null
  last_sample: Record<string, unknown> | null
  /** The latest value of every field, carried forward (the machine status's values). */
  last_values: Record<string, unknown> | null
}

const SELECT = `SELECT id, plant, model, vendor, protocol, last_state AS state, state_since, first_seen_at, last_seen_at, last_ts, last_sample, last_values FROM machines`

export async function listMachines(db: Queryable): Promise<MachineRow[]> {
  return (await db.query<MachineRow>(`${SELECT} ORDER BY id`)).rows
}

export async function getMachine(db: Queryable, id: string): Promise<MachineRow | undefined> {
  return (await db.query<MachineRow>(`${SELECT} WHERE id = $1`, [id])).rows[0]
}

export interface MachineRegistration {
  id: string
  plant?: string
  model?: string
  vendor?: string
  protocol: string
  endpoint?: string
}

/** Registers (or updates) a configured machine; its telemetry columns are left alone. */
export async function registerMachine(db: Queryable, m: MachineRegistration): Promise<void> {
  await db.query(
    `INSERT INTO machines (id, plant, model, vendor, protocol, endpoint) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET plant = EXCLUDED.plant, model = EXCLUDED.model, vendor = EXCLUDED.vendor,
       protocol = EXCLUDED.protocol, endpoint = EXCLUDED.endpoint`,
    [m.id, m.plant ?? null, m.model ?? null, m.vendor ?? null, m.protocol, m.endpoint ?? null])
}

/** A machine's plant and model (what alert messages and OEE calendars need); undefined for an unknown machine. */
export async function machinePlantAndModel(db: Queryable, id: string): Promise<{ plant: string | null; model: string | null } | undefined> {
  return (await db.query<{ plant: string | null; model: string | null }>('SELECT plant, model FROM machines WHERE id = $1', [id])).rows[0]
}

/** Every plant a registered machine belongs to. */
export async function listPlants(db: Queryable): Promise<string[]> {
  return (await db.query<{ plant: string }>('SELECT DISTINCT plant FROM machines WHERE plant IS NOT NULL')).rows.map((r) => r.plant)
}
