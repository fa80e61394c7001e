// What a careless client or an attacker sent, and what it broke before the sample bounds:
// one rpm of 1e308 overflowed every sum over it (the aggregates' refresh failed for the whole
// fleet, history at 5m/1h/1d answered 500), and one NUL or lone surrogate in a text made the
// database refuse the whole batch with a 503 that a well-behaved client retries for ever.
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { openEmbeddedDb } from '../src/store/embedded.js'
import { migrate } from '../src/store/migrate.js'
import { MIGRATIONS } from '../src/store/migrations/index.js'
import { readBuckets } from '../src/store/history.js'
import { type TestSystem, getJson, postJson, startTestSystem, tempDir, uniqueMachineId } from './helpers/system.js'

const MIN = 60_000

describe('hostile samples over HTTP', () => {
  let t: TestSystem
  before(async () => {
    t = await startTestSystem('embedded')
  })
  after(() => t.close())

  const good = (id: string, n: number, from: number) =>
    Array.from({ length: n }, (_, i) => ({ machine_id: id, timestamp: new Date(from + i * 1000).toISOString(), rpm: 4000 + i, feed_mm_min: 800, state: 'running', program: 'O1000' }))

  it('refuses 1e308 and 1.7e308 per item with the bound, stores the rest, and the aggregates and fleet stay sane', async () => {
    const id = uniqueMachineId('HUGE')
    const from = Date.now() - 20 * MIN
    const batch = [...good(id, 50, from), { ...good(id, 1, from + 60_000)[0], rpm: 1e308 }, { ...good(id, 1, from + 61_000)[0], feed_mm_min: 1.7e308 }]
    const r = await postJson(`${t.url}/v1/telemetry/ingest`, batch)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    assert.equal(r.body.accepted, 50)
    assert.equal(r.body.rejected, 2)
    assert.deepEqual(r.body.errors.map((e: { index: number; field: string }) => [e.index, e.field]), [[50, 'rpm'], [51, 'feed_mm_min']])
    assert.match(r.body.errors[0].reason, /at most 500,000 rpm, got 1e\+308/)
    await t.system.db.exec(`CALL refresh_continuous_aggregate('telemetry_5m', NULL, NULL)`)
    for (const resolution of ['5m', '1h', '1d']) {
      const h = await getJson(`${t.url}/v1/machines/${id}/history?from=${new Date(from - 3_600_000).toISOString()}&resolution=${resolution}`)
      assert.equal(h.status, 200, `${resolution}: ${JSON.stringify(h.body)}`)
    }
    const summary = (await getJson(`${t.url}/v1/fleet/summary`)).body
    assert.ok(summary.avg_rpm_running === null || summary.avg_rpm_running <= 500_000, String(summary.avg_rpm_running))
  })

  for (const [what, program] of [['a NUL', 'a\u0000b'], ['a lone surrogate', 'a\ud800b']] as const) {
    it(`stores 100 good samples beside one with ${what} in its program, and names the bad one`, async () => {
      const id = uniqueMachineId('TEXT')
      const batch = [...good(id, 100, Date.now() - 10 * MIN), { ...good(id, 1, Date.now() - 60_000)[0], program }]
      const r = await postJson(`${t.url}/v1/telemetry/ingest`, JSON.stringify(batch))
      assert.equal(r.status, 200, JSON.stringify(r.body))
      assert.deepEqual([r.body.accepted, r.body.rejected, r.body.errors[0].index, r.body.errors[0].field], [100, 1, 100, 'program'])
      const h = await getJson(`${t.url}/v1/machines/${id}/history?from=${new Date(Date.now() - 11 * MIN).toISOString()}&resolution=raw`)
      assert.equal(h.body.points.length, 100)
    })
  }

  it('refuses machine ids that name nothing (".", "..", "-", "_")', async () => {
    const r = await postJson(`${t.url}/v1/telemetry/ingest`, ['.', '..', '-', '_'].map((machine_id) => ({ machine_id, timestamp: new Date().toISOString() })))
    assert.equal(r.status, 400)
    assert.equal(r.body.details.length, 4)
    for (const d of r.body.details) assert.match(d.reason, /at least one a letter or a digit/)
  })
})

describe('migration 010 on a database that accepted hostile samples', () => {
  const dir = tempDir()
  let db: Awaited<ReturnType<typeof openEmbeddedDb>>
  const from = new Date(Date.now() - 3_600_000)
  before(async () => {
    db = await openEmbeddedDb(dir)
    await migrate(db, MIGRATIONS.filter((m) => m.version < 10))
    // What the server of schema 9 stored: rows beside the ones it should have refused.
    await db.query(
      `INSERT INTO telemetry (machine_id, ts, rpm, feed_mm_min, state, part_count)
       SELECT 'M-OK', $1::timestamptz + i * INTERVAL '10 seconds', 1000 + i, 500, 'running', i FROM generate_series(1, 100) i`, [from])
    await db.query(
      `INSERT INTO telemetry (machine_id, ts, rpm, feed_mm_min, state, part_count) VALUES
         ('M-BAD', $1::timestamptz, 1e308, 10, 'running', 1), ('M-BAD', $1::timestamptz + INTERVAL '1 second', 1.7e308, 10, 'running', 2),
         ('M-BAD', $1::timestamptz + INTERVAL '2 seconds', 100, 10, 'running', 3), ('M-BAD', $1::timestamptz + INTERVAL '3 seconds', 100, 2e6, 'running', 4),
         ('..', $1::timestamptz, 5, 5, 'idle', NULL)`, [from])
    await db.query(`INSERT INTO machines (id, last_ts, last_state, last_sample) VALUES ('M-BAD', now(), 'running', '{"rpm": 1.7e308, "feed_mm_min": 10}'::jsonb)`)
  })
  after(async () => {
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('fails the aggregates before (the premise), moves the offenders to telemetry_quarantine with their reason, and the aggregates refresh again', async () => {
    await assert.rejects(db.exec(`CALL refresh_continuous_aggregate('telemetry_5m', NULL, NULL)`), /out of range|overflow/)
    assert.deepEqual((await migrate(db, MIGRATIONS.filter((m) => m.version <= 10))).applied.map((m) => m.version), [10])
    const q = await db.query<{ machine_id: string; reason: string; rpm: number | null }>(
      `SELECT machine_id, reason, (sample->>'rpm')::float8 AS rpm FROM telemetry_quarantine ORDER BY machine_id, ts`)
    assert.deepEqual(q.rows.map((r) => [r.machine_id, r.reason]), [
      ['..', 'machine_id without a letter or digit'],
      ['M-BAD', 'rpm 1e+308 above 500,000'],
      ['M-BAD', 'rpm 1.7e+308 above 500,000'],
      ['M-BAD', 'feed_mm_min 2000000 above 1,000,000'],
    ])
    await db.exec(`CALL refresh_continuous_aggregate('telemetry_5m', NULL, NULL)`)
    await db.exec(`CALL refresh_continuous_aggregate('telemetry_1h', NULL, NULL)`)
    const [since, to] = [new Date(from.getTime() - 3_600_000), new Date(Date.now() + 3_600_000)]
    assert.equal((await readBuckets(db, 'M-BAD', '5m', since, to)).reduce((n, b) => n + b.samples, 0), 1)
    assert.equal((await readBuckets(db, 'M-OK', '1h', since, to)).reduce((n, b) => n + b.samples, 0), 100)
    const kept = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM telemetry WHERE machine_id IN ('M-OK', 'M-BAD')`)
    assert.equal(kept.rows[0]?.n, 101, 'every sample within the bounds stays')
    const last = await db.query<{ s: Record<string, unknown> }>(`SELECT last_sample AS s FROM machines WHERE id = 'M-BAD'`)
    assert.deepEqual(last.rows[0]?.s, { feed_mm_min: 10 })
  })
})
