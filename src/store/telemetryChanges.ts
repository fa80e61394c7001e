// SQL for telemetry_changes (domain/changePoints.ts): written with every batch of samples,
// rebuilt over the stretch a late sample disturbs, and read by OEE.
import { type ChangeCarry, type ChangePoint, NO_CARRY, changePoints, sameCarry } from '../domain/changePoints.js'
import type { MachineState } from '../domain/sample.js'
import type { BulkInsert, Queryable } from './db.js'
import { pointBefore } from './telemetry.js'

const COLUMNS: BulkInsert['columns'] = [
  { name: 'machine_id', type: 'text' },
  { name: 'ts', type: 'timestamptz' },
  { name: 'span_start', type: 'timestamptz' },
  { name: 'held_state', type: 'text' },
  { name: 'part_count', type: 'int8' },
  { name: 'execution', type: 'text' },
  { name: 'program', type: 'text' },
]

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export async function insertChanges(tx: Queryable, changes: readonly { machineId: string; point: ChangePoint }[]): Promise<void> {
  if (changes.length === 0) return
  await tx.bulkInsert({
    table: 'telemetry_changes', columns: COLUMNS, onConflictDoNothing: true,
    rows: changes.map(({ machineId, point: p }) => [machineId, iso(p.ts), iso(p.spanStart), p.heldState, p.partCount, p.execution, p.program]),
  })
}

interface CarryRow {
  machine_id: string
  held_state: MachineState | null
  part_count: number | null
  execution: string | null
  program: string | null
}

const carryOf = (row: CarryRow | undefined, prevTs: number | undefined): ChangeCarry =>
  row ? { prevTs, key: row.held_state, partCount: row.part_count === null ? null : Number(row.part_count), execution: row.execution, program: row.program } : { ...NO_CARRY, prevTs }

/** Each machine's carry after its newest sample (the writer's starting point). */
export async function loadCarries(db: Queryable): Promise<Map<string, ChangeCarry>> {
  const r = await db.query<CarryRow & { last_ts: number }>(
    `SELECT m.id AS machine_id, (extract(epoch FROM m.last_ts) * 1000)::float8 AS last_ts, c.held_state, c.part_count, c.execution, c.program
       FROM machines m
       LEFT JOIN LATERAL (SELECT held_state, part_count, execution, program FROM telemetry_changes t
                           WHERE t.machine_id = m.id ORDER BY ts DESC LIMIT 1) c ON true
      WHERE m.last_ts IS NOT NULL`)
  return new Map(r.rows.map((row) => [row.machine_id, carryOf(row, row.last_ts)]))
}

/** The carry after the sample at `ts`, as the stored change points have it. */
async function storedCarryAt(tx: Queryable, machineId: string, ts: number): Promise<ChangeCarry> {
  const r = await tx.query<CarryRow>(
    'SELECT machine_id, held_state, part_count, execution, program FROM telemetry_changes WHERE machine_id = $1 AND ts <= $2 ORDER BY ts DESC LIMIT 1',
    [machineId, new Date(ts)])
  return carryOf(r.rows[0], ts)
}

const CHUNK = 5_000

/**
 * Derives the change points again from the stored samples from `from` on, after late
 * samples changed that stretch: at least through `through`, then until the carry agrees
 * with the change points already stored (the rest is then unchanged), but never past
 * `until` (the newest sample before this batch, whose successors the caller derives).
 * Returns the carry at the last sample derived, and whether that was `until`.
 */
export async function rebuildChanges(tx: Queryable, machineId: string, from: number, through: number, until: number): Promise<{ carry: ChangeCarry; reachedUntil: boolean }> {
  const before = await pointBefore(tx, machineId, from)
  let carry = before ? await storedCarryAt(tx, machineId, before.ts) : NO_CARRY
  let after = from - 1 // sample times are whole milliseconds
  for (;;) {
    const rows = (await tx.query<{ ts: number; held_state: MachineState | null; held_s: number | null; part_count: number | null; execution: string | null; program: string | null }>(
      `SELECT (extract(epoch FROM ts) * 1000)::float8 AS ts, held_state, held_s::float8 AS held_s, part_count, execution, program
         FROM telemetry WHERE machine_id = $1 AND ts > $2 AND ts <= $3 ORDER BY ts LIMIT ${CHUNK}`,
      [machineId, new Date(after), new Date(until)])).rows
    if (rows.length === 0) return { carry, reachedUntil: true }
    const last = (rows[rows.length - 1] as { ts: number }).ts
    const stored = await storedCarryAt(tx, machineId, last)
    const derived = changePoints(carry, rows.map((r) => ({
      ts: r.ts, span: { held_state: r.held_state, held_s: r.held_s },
      sample: { part_count: r.part_count === null ? null : Number(r.part_count), execution: r.execution, program: r.program },
    })))
    await tx.query(`DELETE FROM telemetry_changes WHERE machine_id = $1 AND ts > $2 AND ts <= $3`, [machineId, new Date(after), new Date(last)])
    await insertChanges(tx, derived.changes.map((point) => ({ machineId, point })))
    carry = derived.carry
    if (last >= until) return { carry, reachedUntil: true }
    if (last > through && sameCarry(carry, stored)) return { carry, reachedUntil: false }
    after = last
  }
}

/** Change points of a machine for reading a window: the one in effect at its start, those inside, and the first after. */
export async function loadChangePoints(db: Queryable, machineId: string, start: number, end: number): Promise<{ points: ChangePoint[]; hasAfter: boolean }> {
  const columns = `(extract(epoch FROM ts) * 1000)::float8 AS ts, (extract(epoch FROM span_start) * 1000)::float8 AS span_start, held_state, part_count::float8 AS part_count, execution, program`
  const r = await db.query<{ part: number; ts: number; span_start: number | null; held_state: MachineState | null; part_count: number | null; execution: string | null; program: string | null }>(
    `(SELECT 0 AS part, ${columns} FROM telemetry_changes WHERE machine_id = $1 AND ts <= $2 ORDER BY ts DESC LIMIT 1)
     UNION ALL
     (SELECT 1, ${columns} FROM telemetry_changes WHERE machine_id = $1 AND ts > $2 AND ts <= $3 ORDER BY ts)
     UNION ALL
     (SELECT 2, ${columns} FROM telemetry_changes WHERE machine_id = $1 AND ts > $3 ORDER BY ts LIMIT 1)`,
    [machineId, new Date(start), new Date(end)])
  const rows = r.rows.sort((a, b) => a.ts - b.ts)
  return {
    points: rows.map((x) => ({ ts: x.ts, spanStart: x.span_start, heldState: x.held_state, partCount: x.part_count, execution: x.execution, program: x.program })),
    hasAfter: rows.some((x) => x.part === 2),
  }
}
