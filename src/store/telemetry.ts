// SQL for the telemetry hypertable: batch insert, neighbourhood reads for late samples,
// span corrections, and the machine registry rows that ingest keeps current.
import { type HeldSpan, knownState } from '../domain/heldState.js'
import { type MachineStatus, statusValues } from '../domain/machineStatus.js'
import type { MachineState, Sample } from '../domain/sample.js'
import { sampleToJson } from '../domain/sample.js'
import { SAMPLE_FIELDS, SAMPLE_FIELD_NAMES } from '../domain/sampleFields.js'
import type { BulkInsert, Queryable } from './db.js'

export interface StoredRow {
  sample: Sample
  span: HeldSpan
}

// The key, the contract's fields in their table order, then the held span (domain/heldState.ts).
const COLUMNS: BulkInsert['columns'] = [
  { name: 'machine_id', type: 'text' },
  { name: 'ts', type: 'timestamptz' },
  ...SAMPLE_FIELD_NAMES.map((name) => ({ name, type: SAMPLE_FIELDS[name].column })),
  { name: 'held_state', type: 'text' },
  { name: 'held_s', type: 'float4' },
]

export const sampleKey = (machineId: string, ts: number) => `${machineId}\u0000${ts}`

/**
 * Inserts the rows, skipping keys already stored; returns the keys actually inserted.
 * Must run inside a transaction. RETURNING costs a third of the insert rate, and duplicates
 * are rare (retries, at-least-once delivery), so the insert first runs without it; only when
 * some rows were skipped is it rolled back to a savepoint and repeated with RETURNING, to
 * learn which.
 */
export async function insertTelemetry(tx: Queryable, rows: readonly StoredRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set()
  const values = rows.map(({ sample: s, span }) => [
    s.machine_id, new Date(s.ts).toISOString(), ...SAMPLE_FIELD_NAMES.map((f) => s[f] ?? null), span.held_state, span.held_s,
  ])
  const insert = { table: 'telemetry', columns: COLUMNS, rows: values, onConflictDoNothing: true }
  await tx.query('SAVEPOINT telemetry_insert')
  const plain = await tx.bulkInsert(insert)
  if (plain.rowCount === rows.length) {
    await tx.query('RELEASE SAVEPOINT telemetry_insert')
    return new Set(rows.map((r) => sampleKey(r.sample.machine_id, r.sample.ts)))
  }
  await tx.query('ROLLBACK TO SAVEPOINT telemetry_insert')
  const result = await tx.bulkInsert<{ machine_id: string; ts_ms: number }>({
    ...insert,
    returning: `machine_id, (extract(epoch FROM ts) * 1000)::float8 AS ts_ms`,
  })
  await tx.query('RELEASE SAVEPOINT telemetry_insert')
  return new Set(result.rows.map((r) => sampleKey(r.machine_id, r.ts_ms)))
}

export interface StoredPoint {
  ts: number
  state: MachineState | null
  held_state: MachineState | null
  held_s: number | null
}

/**
 * The stored samples of one machine around a late arrival: those in [from, to] plus the
 * first one after `to` (whose span the late samples may cut).
 */
export async function pointsAround(db: Queryable, machineId: string, from: number, to: number): Promise<StoredPoint[]> {
  const result = await db.query<StoredPoint>(
    `(SELECT (extract(epoch FROM ts) * 1000)::float8 AS ts, state, held_state, held_s::float8 AS held_s
        FROM telemetry WHERE machine_id = $1 AND ts >= $2 AND ts <= $3)
     UNION ALL
     (SELECT (extract(epoch FROM ts) * 1000)::float8, state, held_state, held_s::float8
        FROM telemetry WHERE machine_id = $1 AND ts > $3 ORDER BY ts LIMIT 1)
     ORDER BY 1`,
    [machineId, new Date(from), new Date(to)],
  )
  return result.rows
}

/** The last stored sample before `ts` (the predecessor of a late arrival). */
export async function pointBefore(db: Queryable, machineId: string, ts: number): Promise<StoredPoint | undefined> {
  const result = await db.query<StoredPoint>(
    `SELECT (extract(epoch FROM ts) * 1000)::float8 AS ts, state, held_state, held_s::float8 AS held_s
       FROM telemetry WHERE machine_id = $1 AND ts < $2 ORDER BY ts DESC LIMIT 1`,
    [machineId, new Date(ts)],
  )
  return result.rows[0]
}

export async function updateSpans(db: Queryable, machineId: string, updates: readonly { ts: number; span: HeldSpan }[]): Promise<void> {
  if (updates.length === 0) return
  await db.query(
    `UPDATE telemetry t SET held_state = u.held_state, held_s = u.held_s
       FROM unnest($2::timestamptz[], $3::text[], $4::float4[]) AS u(ts, held_state, held_s)
      WHERE t.machine_id = $1 AND t.ts = u.ts`,
    [machineId, updates.map((u) => new Date(u.ts).toISOString()), updates.map((u) => u.span.held_state), updates.map((u) => u.span.held_s)],
  )
}

/** Moves each machine's status forward in the registry (never back): its latest sample, values, state and since when. */
export async function recordMachineStatuses(db: Queryable, statuses: readonly { status: MachineStatus; lastSample: Sample }[]): Promise<void> {
  if (statuses.length === 0) return
  await db.query(
    `INSERT INTO machines AS m (id, last_seen_at, last_ts, last_state, state_since, last_sample, last_values)
     SELECT id, last_seen_at, last_ts, last_state, state_since, last_sample, last_values
       FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::timestamptz[], $6::jsonb[], $7::jsonb[])
         AS u(id, last_seen_at, last_ts, last_state, state_since, last_sample, last_values)
     ON CONFLICT (id) DO UPDATE SET
       last_seen_at = excluded.last_seen_at,
       last_ts = greatest(m.last_ts, excluded.last_ts),
       last_state = CASE WHEN m.last_ts IS NULL OR excluded.last_ts > m.last_ts THEN excluded.last_state ELSE m.last_state END,
       state_since = CASE WHEN m.last_ts IS NULL OR excluded.last_ts > m.last_ts THEN excluded.state_since ELSE m.state_since END,
       last_sample = CASE WHEN m.last_ts IS NULL OR excluded.last_ts > m.last_ts THEN excluded.last_sample ELSE m.last_sample END,
       last_values = CASE WHEN m.last_ts IS NULL OR excluded.last_ts > m.last_ts THEN excluded.last_values ELSE m.last_values END`,
    [
      statuses.map((s) => s.status.id),
      statuses.map((s) => (s.status.last_seen_at === null ? null : new Date(s.status.last_seen_at).toISOString())),
      statuses.map((s) => new Date(s.lastSample.ts).toISOString()),
      statuses.map((s) => s.status.state),
      statuses.map((s) => (s.status.state_since === null ? null : new Date(s.status.state_since).toISOString())),
      statuses.map((s) => JSON.stringify(sampleToJson(s.lastSample))),
      statuses.map((s) => JSON.stringify(statusValues(s.status))),
    ],
  )
}

/**
 * Every machine's newest stored point and the state known there (held through a short gap),
 * to seed the ingest continuity cache at start: one index lookup per machine.
 */
export async function loadChainTails(db: Queryable): Promise<{ machineId: string; ts: number; state: MachineState | null }[]> {
  const result = await db.query<{ id: string } & StoredPoint>(
    `SELECT m.id, t.ts, t.state, t.held_state, t.held_s
       FROM machines m
       CROSS JOIN LATERAL (
         SELECT (extract(epoch FROM ts) * 1000)::float8 AS ts, state, held_state, held_s::float8 AS held_s
           FROM telemetry WHERE machine_id = m.id ORDER BY ts DESC LIMIT 1) t`,
  )
  return result.rows.map((r) => ({ machineId: r.id, ts: r.ts, state: knownState(r) }))
}
