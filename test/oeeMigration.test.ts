// Migrations that change stored rows, run on a database that has them: 007 corrects OEE
// figures stored before a window that made nothing had an OEE of exactly 0 (after it, every
// stored row reads as the engine computes it today); 009 adds the seed's columns.
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { type OeeFigures, type OeeSums, emptySums, figuresFromSums } from '../src/domain/oee/oeeFigures.js'
import { openEmbeddedDb } from '../src/store/embedded.js'
import { migrate } from '../src/store/migrate.js'
import { MIGRATIONS } from '../src/store/migrations/index.js'
import { loadDayFigures } from '../src/store/oee.js'
import { readBuckets } from '../src/store/history.js'
import { seedDaily } from '../src/domain/oee/seedDaily.js'
import { tempDir } from './helpers/system.js'

const SHIFT = 8 * 3600
const planned = { calendar_s: SHIFT, planned_operation_s: SHIFT, planned_busy_s: SHIFT }
/** A basis this engine no longer gives (Q unknown with P = 0 is now an exact 0). */
const OLD_A_P_PARTIAL = 'A×P (partial)' as string as OeeFigures['basis']
const sums = (s: Partial<OeeSums>): OeeSums => ({ ...emptySums(), ...planned, parts_known: true, ...s })

/** Each case: the sums, and what the figures said before migration 007 (null = unchanged). */
const CASES: { machine: string; sums: OeeSums; before: Partial<OeeFigures> | null }[] = [
  { machine: 'NEVER-RAN', sums: sums({ stopped_s: SHIFT, availability_loss_s: SHIFT, stop_count: 1 }), before: { oee: null, basis: 'none', teep: null } },
  { machine: 'RAN-NO-PARTS', sums: sums({ run_s: SHIFT, operating_s: SHIFT, p_operating_s: SHIFT }), before: { basis: OLD_A_P_PARTIAL } },
  { machine: 'OFFLINE', sums: sums({ no_data_s: SHIFT }), before: null },
  { machine: 'MADE-PARTS', sums: sums({ run_s: SHIFT, operating_s: SHIFT, total_parts: 400, good_parts: 396, scrap: 4, ideal_s: 24_000, p_ideal_s: 24_000, p_operating_s: SHIFT }), before: null },
]

describe('migration 007: OEE 0 when covered planned time made nothing', () => {
  const dir = tempDir()
  let db: Awaited<ReturnType<typeof openEmbeddedDb>>
  before(async () => {
    db = await openEmbeddedDb(dir)
    await migrate(db, MIGRATIONS.filter((m) => m.version < 7))
    // Rows as the server of schema 6 wrote them (the columns of migration 005).
    for (const c of CASES) {
      const f = { ...figuresFromSums(c.sums, []), ...c.before }
      const factors = [f.availability, f.performance, f.performance_raw, f.quality, f.oee, f.basis, f.coverage]
      await db.query(
        `INSERT INTO oee_daily (machine_id, date, plant, availability, performance, performance_raw, quality, oee, basis, coverage, planned_busy_s, run_s, total_parts, good_parts, figures, complete, computed_at)
         VALUES ($1, '2026-11-30', NULL, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, true, now())`,
        [c.machine, ...factors, f.planned_busy_s, f.run_s, f.total_parts, f.good_parts, JSON.stringify(f)])
      await db.query(
        `INSERT INTO oee_shift (machine_id, date, shift, plant, start_ts, end_ts, availability, performance, performance_raw, quality, oee, basis, coverage, figures, complete, computed_at)
         VALUES ($1, '2026-11-30', 'day', NULL, '2026-11-30T06:00:00Z', '2026-11-30T14:00:00Z', $2, $3, $4, $5, $6, $7, $8, $9::jsonb, true, now())`,
        [c.machine, ...factors, JSON.stringify(f)])
    }
    assert.deepEqual((await migrate(db)).applied.map((m) => m.version).slice(0, 2), [7, 8])
  })
  after(async () => {
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stores for every day what the engine computes now', async () => {
    const days = await loadDayFigures(db, { from: '2026-11-30', to: '2026-11-30' })
    assert.equal(days.length, CASES.length)
    for (const c of CASES) {
      const day = days.find((d) => d.machineId === c.machine)
      assert.deepEqual(day?.figures, figuresFromSums(c.sums, []), c.machine)
    }
    const columns = await db.query<{ machine_id: string; oee: number | null; basis: string }>('SELECT machine_id, oee, basis FROM oee_daily ORDER BY machine_id')
    assert.deepEqual(columns.rows.map((r) => [r.machine_id, r.oee, r.basis]), [
      ['MADE-PARTS', figuresFromSums(CASES[3]!.sums, []).oee, 'A×P×Q'],
      ['NEVER-RAN', 0, 'A×P×Q'],
      ['OFFLINE', null, 'none'],
      ['RAN-NO-PARTS', 0, 'A×P×Q'],
    ])
  })

  it('corrects the shift rows the same way', async () => {
    const r = await db.query<{ machine_id: string; oee: number | null; basis: string; figures: OeeFigures }>('SELECT machine_id, oee, basis, figures FROM oee_shift')
    for (const c of CASES) {
      const row = r.rows.find((x) => x.machine_id === c.machine)
      const now = figuresFromSums(c.sums, [])
      assert.deepEqual([row?.oee, row?.basis, row?.figures], [now.oee, now.basis, now], c.machine)
    }
  })
})

describe("migration 009: the seed's columns on a database that has data", () => {
  const dir = tempDir()
  let db: Awaited<ReturnType<typeof openEmbeddedDb>>
  const from = new Date(Date.now() - 3 * 3600_000)
  const to = new Date()
  let bucketsBefore: unknown
  const buckets = async (count: string) => (await db.query(
    `SELECT bucket, ${count} AS n, rpm_avg, rpm_min, rpm_max, feed_avg, feed_max, running_s, idle_s, top_state, last_part_count
       FROM telemetry_1h WHERE machine_id = 'M-009' ORDER BY bucket`)).rows
  before(async () => {
    db = await openEmbeddedDb(dir)
    await migrate(db, MIGRATIONS.filter((m) => m.version < 9))
    for (const c of CASES) {
      const f = figuresFromSums(c.sums, [])
      await db.query(
        `INSERT INTO oee_daily (machine_id, date, plant, availability, performance, performance_raw, quality, oee, basis, coverage, planned_busy_s, run_s, total_parts, good_parts, figures, complete, computed_at)
         VALUES ($1, '2026-11-30', NULL, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, true, now())`,
        [c.machine, f.availability, f.performance, f.performance_raw, f.quality, f.oee, f.basis, f.coverage, f.planned_busy_s, f.run_s, f.total_parts, f.good_parts,
          JSON.stringify({ ...f, utilization: 7, teep: 7 })]) // as version 8 computed them: over the whole calendar
    }
    await db.query(
      `INSERT INTO telemetry (machine_id, ts, rpm, feed_mm_min, state, held_state, held_s)
       SELECT 'M-009', $1::timestamptz + i * INTERVAL '10 seconds', 1000 + i, 500, CASE WHEN i % 7 = 0 THEN 'idle' ELSE 'running' END, 'running', 10
         FROM generate_series(1, 900) i`, [from])
    await db.exec(`CALL refresh_continuous_aggregate('telemetry_5m', NULL, NULL)`)
    await db.exec(`CALL refresh_continuous_aggregate('telemetry_1h', NULL, NULL)`)
    bucketsBefore = await buckets('samples')
    assert.deepEqual((await migrate(db)).applied.map((m) => m.version).slice(0, 1), [9])
  })
  after(async () => {
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stores utilization and TEEP as the engine computes them now', async () => {
    for (const d of await loadDayFigures(db, { from: '2026-11-30', to: '2026-11-30' })) {
      const c = CASES.find((x) => x.machine === d.machineId) ?? assert.fail(d.machineId)
      const now = figuresFromSums(c.sums, [])
      assert.deepEqual([d.figures.utilization, d.figures.teep], [now.utilization, now.teep], c.machine)
    }
  })

  it('fills the seed columns of oee_daily as seedDaily computes them', async () => {
    const r = await db.query<{ machine_id: string } & Record<string, number | null>>(
      'SELECT machine_id, planned_time_min, operating_time_min, actual_parts, theoretical_parts, good_parts FROM oee_daily')
    for (const c of CASES) {
      const { machine_id: _, ...row } = r.rows.find((x) => x.machine_id === c.machine) ?? assert.fail(c.machine)
      const want = seedDaily(figuresFromSums(c.sums, []))
      assert.deepEqual(row, { planned_time_min: want.planned_time_min, operating_time_min: want.operating_time_min, actual_parts: want.actual_parts, theoretical_parts: want.theoretical_parts, good_parts: want.good_parts }, c.machine)
    }
  })

  it('builds the aggregates again with the same buckets, and sample_count and state_mode', async () => {
    assert.deepEqual(await buckets('sample_count'), bucketsBefore)
    assert.ok((await readBuckets(db, 'M-009', '1h', from, to)).length >= 2, 'history reads the new aggregates')
    const five = await db.query<{ n: number; modes: string[] }>("SELECT sum(sample_count)::int AS n, array_agg(DISTINCT state_mode) AS modes FROM telemetry_5m WHERE machine_id = 'M-009'")
    assert.deepEqual(five.rows[0], { n: 900, modes: ['running'] })
  })
})
