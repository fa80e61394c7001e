// machine_events: data gaps, agent restarts, connection changes, as collectors report them.
import type { MachineEvent, MachineEventKind } from '../domain/machineEvent.js'
import type { Queryable } from './db.js'

export async function recordMachineEvent(db: Queryable, e: MachineEvent): Promise<void> {
  await db.query(`INSERT INTO machine_events (machine_id, ts, kind, detail) VALUES ($1, $2, $3, $4::jsonb)`, [e.machine_id, new Date(e.ts), e.kind, JSON.stringify(e.detail)])
}

export async function listMachineEvents(db: Queryable, machineId: string, limit: number): Promise<MachineEvent[]> {
  const rows = await db.query<{ machine_id: string; ts: Date; kind: MachineEventKind; detail: Record<string, unknown> }>(
    `SELECT machine_id, ts, kind, detail FROM machine_events WHERE machine_id = $1 ORDER BY ts DESC, id DESC LIMIT $2`, [machineId, limit])
  return rows.rows.map((r) => ({ ...r, ts: r.ts.getTime() }))
}
