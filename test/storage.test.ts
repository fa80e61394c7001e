import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { DRIVERS, type TestSystem, getJson, startTestSystem, tempDir } from './helpers/system.js'
import { openEmbeddedDb } from '../src/store/embedded.js'
import { EmbeddedJobRunner } from '../src/store/jobRunner.js'
import { systemClock } from '../src/domain/clock.js'
import { storageStatus } from '../src/store/status.js'

const DAY = 86_400_000

for (const driver of DRIVERS) {
  describe(`storage schema and policies (${driver} driver)`, () => {
    let t: TestSystem
    before(async () => { t = await startTestSystem(driver) })
    after(() => t.close())

    it('makes telemetry a hypertable keyed by (machine_id, ts) with the contract checks and the DESC index', async () => {
      const db = t.system.db
      const ht = await db.query(`SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = 'telemetry'`)
      assert.equal(ht.rows.length, 1)
      const pk = await db.query<{ def: string }>(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'telemetry'::regclass AND contype = 'p'`)
      assert.equal(pk.rows[0]?.def, 'PRIMARY KEY (machine_id, ts)')
      const idx = await db.query<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'telemetry' AND indexname = 'telemetry_machine_ts_desc'`)
      assert.match(idx.rows[0]?.def ?? '', /\(machine_id, ts DESC\)/)
      const iso = new Date().toISOString()
      for (const [column, value] of [['rpm', -1], ['feed_mm_min', -0.5], ['state', 'cutting']] as const) {
        await assert.rejects(db.query(`INSERT INTO telemetry (machine_id, ts, ${column}) VALUES ('CHK', $1, $2)`, [iso, value]), /check constraint/, column)
      }
    })

    it('has retention (30 d raw, 400 d change points), compression (7 d, segmented by machine) and refresh policies for three real-time aggregates', async () => {
      const db = t.system.db
      const jobs = await db.query<{ proc_name: string; target: string; config: Record<string, string> }>(
        `SELECT j.proc_name, coalesce(ca.view_name, j.hypertable_name) AS target, j.config
           FROM timescaledb_information.jobs j LEFT JOIN timescaledb_information.continuous_aggregates ca
             ON ca.materialization_hypertable_name = j.hypertable_name WHERE j.proc_name LIKE 'policy_%' ORDER BY j.job_id`)
      const find = (proc: string, target: string) => jobs.rows.find((j) => j.proc_name === proc && j.target === target)
      const drop = await db.query<{ ok: boolean }>(`SELECT $1::interval = INTERVAL '30 days' AS ok`, [find('policy_retention', 'telemetry')?.config.drop_after])
      assert.equal(drop.rows[0]?.ok, true)
      const keepChanges = await db.query<{ ok: boolean }>(`SELECT $1::interval = INTERVAL '400 days' AS ok`, [find('policy_retention', 'telemetry_changes')?.config.drop_after])
      assert.equal(keepChanges.rows[0]?.ok, true, 'the change points OEE reads outlive the raw samples')
      const compress = await db.query<{ ok: boolean }>(`SELECT $1::interval = INTERVAL '7 days' AS ok`, [find('policy_compression', 'telemetry')?.config.compress_after])
      assert.equal(compress.rows[0]?.ok, true)
      for (const view of ['telemetry_5m', 'telemetry_1h', 'telemetry_1d']) assert.ok(find('policy_refresh_continuous_aggregate', view), `${view} refresh policy`)
      const seg = await db.query<{ attname: string }>(`SELECT attname FROM timescaledb_information.compression_settings WHERE hypertable_name = 'telemetry' AND segmentby_column_index IS NOT NULL`)
      assert.deepEqual(seg.rows.map((r) => r.attname), ['machine_id'])
      const caggs = await db.query<{ view_name: string; materialized_only: boolean }>(`SELECT view_name, materialized_only FROM timescaledb_information.continuous_aggregates ORDER BY view_name`)
      assert.deepEqual(caggs.rows, [
        { view_name: 'telemetry_1d', materialized_only: false },
        { view_name: 'telemetry_1h', materialized_only: false },
        { view_name: 'telemetry_5m', materialized_only: false },
      ])
    })

    it('re-running migrations and policies changes nothing', async () => {
      const { migrate } = await import('../src/store/migrate.js')
      const { applyPolicies, DEFAULT_POLICY } = await import('../src/store/policies.js')
      assert.deepEqual((await migrate(t.system.db)).applied, [])
      assert.deepEqual(await applyPolicies(t.system.db, DEFAULT_POLICY), [])
    })

    it('moves the policies to new windows when the configuration changes, and back', async () => {
      const { applyPolicies, DEFAULT_POLICY } = await import('../src/store/policies.js')
      const wider = structuredClone(DEFAULT_POLICY)
      wider.retentionMs = 45 * DAY
      wider.refresh.telemetry_5m.scheduleMs = 120_000
      const changes = await applyPolicies(t.system.db, wider)
      assert.equal(changes.length, 2, changes.join('; '))
      const drop = await t.system.db.query<{ days: number }>(
        `SELECT hypertable_name AS table, extract(epoch FROM (config->>'drop_after')::interval)::float8 / 86400 AS days
           FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' ORDER BY hypertable_name`)
      assert.deepEqual(drop.rows, [{ table: 'telemetry', days: 45 }, { table: 'telemetry_changes', days: 400 }])
      assert.equal((await applyPolicies(t.system.db, DEFAULT_POLICY)).length, 2)
    })
  })
}

describe('embedded job runner', () => {
  let t: TestSystem
  before(async () => { t = await startTestSystem('embedded') })
  after(() => t.close())

  it('really drops chunks past retention, compresses chunks past 7 days, and shows both in status', async () => {
    const db = t.system.db
    const now = Date.now()
    // Written below the API (which refuses samples older than retention) to age the table.
    for (const [machine, ageDays] of [['OLD', 40], ['WEEK', 10], ['NOW', 0]] as const) {
      await db.query(
        `INSERT INTO telemetry (machine_id, ts, rpm, state)
         SELECT $1, $2::timestamptz + i * INTERVAL '10 seconds', i % 5000, 'running' FROM generate_series(0, 999) i`,
        [machine, new Date(now - ageDays * DAY - 3 * 3_600_000)])
    }
    const runner = new EmbeddedJobRunner(db, systemClock, { info: () => {}, error: () => {} })
    const runs = await runner.runDue()
    assert.ok(runs.every((r) => r.succeeded), JSON.stringify(runs.filter((r) => !r.succeeded)))
    assert.deepEqual(new Set(runs.map((r) => r.procName)), new Set(['policy_job_stat_history_retention', 'policy_retention', 'policy_compression', 'policy_refresh_continuous_aggregate']))

    const left = await db.query<{ machine_id: string; n: number }>(`SELECT machine_id, count(*)::int AS n FROM telemetry GROUP BY 1 ORDER BY 1`)
    assert.deepEqual(left.rows, [{ machine_id: 'NOW', n: 1000 }, { machine_id: 'WEEK', n: 1000 }], 'the 40-day-old chunk is gone')
    const chunks = await db.query<{ old: boolean; is_compressed: boolean }>(
      `SELECT range_end < now() - INTERVAL '7 days' AS old, is_compressed FROM timescaledb_information.chunks WHERE hypertable_name = 'telemetry'`)
    assert.ok(chunks.rows.some((c) => c.old))
    for (const c of chunks.rows) assert.equal(c.is_compressed, c.old)

    const status = await storageStatus(db)
    assert.ok(status.telemetry.compressed_chunks >= 1)
    assert.ok(status.telemetry.compression.before_bytes > status.telemetry.compression.after_bytes)
    assert.ok(status.aggregates.every((a) => a.watermark !== null))
    const retention = status.jobs.find((j) => j.proc_name === 'policy_retention')
    assert.equal(retention?.total_runs, 1)
    assert.equal(retention?.last_run_succeeded, true)
    assert.ok(Date.parse(retention?.next_run_at ?? '') > now + 23 * 3_600_000, 'next run one schedule later')

    const again = await runner.runDue()
    assert.deepEqual(again, [], 'nothing is due right after a run')
  })

  it('logs a failing job and shows the failure in status and over HTTP', async () => {
    const db = t.system.db
    await db.exec(`CREATE PROCEDURE failing_job(job_id int, config jsonb) LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$`)
    const job = await db.query<{ id: number }>(`SELECT add_job('failing_job', INTERVAL '1 hour') AS id`)
    const errorsLogged: string[] = []
    const runner = new EmbeddedJobRunner(db, systemClock, { info: () => {}, error: (_o, msg) => errorsLogged.push(msg) })
    const runs = await runner.runDue()
    const failed = runs.find((r) => r.jobId === job.rows[0]?.id)
    assert.equal(failed?.succeeded, false)
    assert.match(failed?.error ?? '', /disk on fire/)
    assert.equal(errorsLogged.length, 1)
    assert.match(errorsLogged[0] as string, /job \d+ \(failing_job/)
    const status = await getJson(`${t.url}/v1/storage/status`)
    const shown = status.body.jobs.find((j: { job_id: number }) => j.job_id === job.rows[0]?.id)
    assert.equal(shown.total_failures, 1)
    assert.equal(shown.last_run_succeeded, false)
    assert.match(shown.last_error, /disk on fire/)
  })
})

describe('storage status before any migration', () => {
  it('says the database has no schema yet and what to run, not a missing relation', async () => {
    const dir = tempDir()
    const db = await openEmbeddedDb(dir)
    try {
      await assert.rejects(storageStatus(db), /has no cnc-telemetry schema yet: `cnc-telemetry migrate` creates it/)
    } finally {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
