// collector_positions: where each machine's collector stands (src/domain/collectorPosition.ts).
import type { CollectorPosition, StoredCollectorPosition } from '../domain/collectorPosition.js'
import type { Queryable } from './db.js'

/**
 * Upserts positions inside the transaction that stores their samples. `lastSampleAt` is the
 * newest sample of each machine in that transaction; the stored one only moves forward.
 */
export async function saveCollectorPositions(tx: Queryable, positions: readonly CollectorPosition[], lastSampleAt: ReadonlyMap<string, number>, now: number): Promise<void> {
  if (positions.length === 0) return
  // One row per machine (an upsert may not touch a row twice): the last position wins.
  positions = [...new Map(positions.map((p) => [p.machine_id, p])).values()]
  const last = positions.map((p) => lastSampleAt.get(p.machine_id))
  await tx.query(
    `INSERT INTO collector_positions (machine_id, instance_id, next_sequence, last_sample_at, updated_at)
       SELECT u.machine_id, u.instance_id, u.next_sequence, u.last_sample_at, $5
         FROM unnest($1::text[], $2::text[], $3::int8[], $4::timestamptz[]) AS u(machine_id, instance_id, next_sequence, last_sample_at)
     ON CONFLICT (machine_id) DO UPDATE SET
       instance_id = excluded.instance_id, next_sequence = excluded.next_sequence, updated_at = excluded.updated_at,
       last_sample_at = GREATEST(collector_positions.last_sample_at, excluded.last_sample_at)`,
    [positions.map((p) => p.machine_id), positions.map((p) => p.instance_id), positions.map((p) => p.next_sequence),
      last.map((ms) => (ms === undefined ? null : new Date(ms).toISOString())), new Date(now).toISOString()],
  )
}

export async function loadCollectorPosition(db: Queryable, machineId: string): Promise<StoredCollectorPosition | undefined> {
  const { rows } = await db.query<{ machine_id: string; instance_id: string; next_sequence: number; last_sample_at: Date | null; updated_at: Date }>(
    'SELECT machine_id, instance_id, next_sequence, last_sample_at, updated_at FROM collector_positions WHERE machine_id = $1', [machineId])
  const r = rows[0]
  return r && { machine_id: r.machine_id, instance_id: r.instance_id, next_sequence: Number(r.next_sequence), last_sample_at: r.last_sample_at?.getTime() ?? null, updated_at: r.updated_at.getTime() }
}
