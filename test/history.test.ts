import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DRIVERS, type TestSystem, getJson, postJson, startTestSystem, uniqueMachineId } from './helpers/system.js'

const FIVE_MIN = 300_000
const STATES = ['running', 'idle', 'stopped', 'offline'] as const

interface Fixture {
  ts: number
  rpm: number
  feed: number
  state: (typeof STATES)[number]
  part: number
}

/** Two hours of a machine at 10 s: running, idle, stopped, running again; a counter that resets. */
function makeFixture(end: number): Fixture[] {
  const start = Math.floor((end - 2 * 3_600_000) / FIVE_MIN) * FIVE_MIN
  return Array.from({ length: 720 }, (_, i) => {
    const minute = i / 6
    const state = minute < 30 ? 'running' : minute < 50 ? 'idle' : minute < 60 ? 'stopped' : 'running'
    return {
      ts: start + i * 10_000,
      rpm: state === 'running' ? 3000 + (i % 7) * 100 : 0,
      feed: state === 'running' ? 800 + (i % 5) * 10 : 0,
      state,
      part: i < 400 ? Math.floor(i / 20) : Math.floor((i - 400) / 20),
    }
  })
}

/** What a 5-minute bucket must contain, computed independently of the server's code. */
function expectedBuckets(rows: Fixture[]) {
  const buckets = new Map<number, { rows: Fixture[]; seconds: Record<string, number> }>()
  rows.forEach((row, i) => {
    const key = Math.floor(row.ts / FIVE_MIN) * FIVE_MIN
    const b = buckets.get(key) ?? { rows: [], seconds: { running: 0, idle: 0, stopped: 0, offline: 0 } }
    b.rows.push(row)
    const prev = rows[i - 1]
    // the 10 s that ended with this sample were spent in the previous sample's state
    if (prev) b.seconds[prev.state] = (b.seconds[prev.state] ?? 0) + (row.ts - prev.ts) / 1000
    buckets.set(key, b)
  })
  return [...buckets.entries()].map(([key, b]) => {
    const rpm = b.rows.map((r) => r.rpm)
    const feed = b.rows.map((r) => r.feed)
    return {
      timestamp: new Date(key).toISOString(),
      samples: b.rows.length,
      rpm: { avg: rpm.reduce((a, x) => a + x, 0) / rpm.length, min: Math.min(...rpm), max: Math.max(...rpm) },
      feed_mm_min: { avg: feed.reduce((a, x) => a + x, 0) / feed.length, max: Math.max(...feed) },
      seconds: b.seconds,
      last_part_count: (b.rows[b.rows.length - 1] as Fixture).part,
    }
  })
}

function assertBucketsEqual(actual: any[], expected: ReturnType<typeof expectedBuckets>) { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the API
  assert.equal(actual.length, expected.length)
  actual.forEach((a, i) => {
    const e = expected[i] as (typeof expected)[number]
    assert.equal(a.timestamp, e.timestamp)
    assert.equal(a.samples, e.samples, `samples in ${e.timestamp}`)
    assert.ok(Math.abs(a.rpm.avg - e.rpm.avg) < 1e-6, `rpm avg in ${e.timestamp}: ${a.rpm.avg} vs ${e.rpm.avg}`)
    assert.equal(a.rpm.min, e.rpm.min)
    assert.equal(a.rpm.max, e.rpm.max)
    assert.ok(Math.abs(a.feed_mm_min.avg - e.feed_mm_min.avg) < 1e-6)
    assert.equal(a.feed_mm_min.max, e.feed_mm_min.max)
    for (const s of STATES) assert.ok(Math.abs(a.seconds[s] - (e.seconds[s] ?? 0)) < 0.01, `${s} seconds in ${e.timestamp}: ${a.seconds[s]} vs ${e.seconds[s]}`)
    assert.equal(a.last_part_count, e.last_part_count)
  })
}

for (const driver of DRIVERS) {
  describe(`history (${driver} driver)`, () => {
    let t: TestSystem
    let id: string
    let rows: Fixture[]
    const end = Date.now() - 10 * 60_000
    before(async () => {
      t = await startTestSystem(driver)
      id = uniqueMachineId('HIST')
      rows = makeFixture(end)
      const body = rows.map((r) => ({ machine_id: id, timestamp: new Date(r.ts).toISOString(), rpm: r.rpm, feed_mm_min: r.feed, state: r.state, part_count: r.part }))
      const r = await postJson(`${t.url}/v1/telemetry/ingest`, body)
      assert.equal(r.body.accepted, rows.length)
    })
    after(() => t.close())

    const range = () => `from=${new Date((rows[0] as Fixture).ts).toISOString()}&to=${new Date((rows[rows.length - 1] as Fixture).ts + 1).toISOString()}`
    const history = (query: string) => getJson(`${t.url}/v1/machines/${id}/history?${query}`)

    it('returns every raw sample of the range in order', async () => {
      const r = await history(`${range()}&resolution=raw`)
      assert.equal(r.status, 200)
      assert.equal(r.body.points.length, rows.length)
      assert.deepEqual(r.body.points.map((p: { timestamp: string }) => p.timestamp), rows.map((x) => new Date(x.ts).toISOString()))
      assert.equal(r.body.points[5].rpm, (rows[5] as Fixture).rpm)
    })

    it('cuts a raw read at the limit and says where to continue', async () => {
      const first = await history(`${range()}&resolution=raw&limit=100`)
      assert.equal(first.body.points.length, 100)
      assert.equal(first.body.truncated, true)
      assert.equal(first.body.next_from, new Date((rows[99] as Fixture).ts + 1).toISOString())
      const rest = await history(`from=${first.body.next_from}&to=${new Date((rows[rows.length - 1] as Fixture).ts + 1).toISOString()}&resolution=raw`)
      assert.equal(rest.body.points.length, rows.length - 100)
      assert.equal(rest.body.truncated, undefined)
    })

    it('counts a silence longer than the maximum sample gap as no data, not as time in a state', async () => {
      const gap = uniqueMachineId('GAP')
      const t0 = Math.floor((Date.now() - 3 * 3_600_000) / 3_600_000) * 3_600_000
      const iso = (ms: number) => new Date(ms).toISOString()
      await postJson(`${t.url}/v1/telemetry/ingest`, [
        { machine_id: gap, timestamp: iso(t0), state: 'running' },
        { machine_id: gap, timestamp: iso(t0 + 60_000), state: 'running' },
        { machine_id: gap, timestamp: iso(t0 + 40 * 60_000), state: 'idle' },
      ])
      const r = await getJson(`${t.url}/v1/machines/${gap}/history?from=${iso(t0)}&to=${iso(t0 + 3_600_000)}&resolution=1h`)
      assert.deepEqual(r.body.points[0].seconds, { running: 60, idle: 0, stopped: 0, offline: 0, no_data: 3540 })
    })

    it('serves 5-minute buckets that match values computed here, before any refresh (real-time aggregate)', async () => {
      const r = await history(`${range()}&resolution=5m`)
      assert.equal(r.body.resolution, '5m')
      assertBucketsEqual(r.body.points, expectedBuckets(rows))
    })

    it('serves the same buckets after the refresh policies materialized them', async () => {
      // The policy jobs themselves, as the embedded job runner or TimescaleDB's scheduler runs them.
      const jobs = await t.system.db.query<{ job_id: number }>(
        `SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_refresh_continuous_aggregate' ORDER BY job_id`)
      assert.equal(jobs.rows.length, 3)
      for (const job of jobs.rows) await t.system.db.exec(`CALL run_job(${job.job_id})`)
      const watermark = await t.system.db.query<{ w: number }>(
        `SELECT _timescaledb_functions.cagg_watermark(mat_hypertable_id)::float8 / 1000 AS w FROM _timescaledb_catalog.continuous_agg WHERE user_view_name = 'telemetry_5m'`)
      assert.ok((watermark.rows[0]?.w ?? 0) > (rows[0] as Fixture).ts, 'the 5m aggregate is materialized over the fixture')
      const r = await history(`${range()}&resolution=5m`)
      assertBucketsEqual(r.body.points, expectedBuckets(rows))
    })

    it('rolls 5-minute buckets up to hours by sums, not by averaging averages', async () => {
      const r = await history(`${range()}&resolution=1h`)
      const byHour = new Map<string, Fixture[]>()
      for (const row of rows) {
        const key = new Date(Math.floor(row.ts / 3_600_000) * 3_600_000).toISOString()
        byHour.set(key, [...(byHour.get(key) ?? []), row])
      }
      assert.equal(r.body.points.length, byHour.size)
      for (const point of r.body.points) {
        const hour = byHour.get(point.timestamp) as Fixture[]
        assert.equal(point.samples, hour.length)
        assert.ok(Math.abs(point.rpm.avg - hour.reduce((a, x) => a + x.rpm, 0) / hour.length) < 1e-6)
      }
      const total = (s: string) => r.body.points.reduce((a: number, p: { seconds: Record<string, number> }) => a + (p.seconds[s] ?? 0), 0)
      // 719 spans of 10 s; the last sample's own span has not ended yet
      assert.equal(Math.round(total('running') + total('idle') + total('stopped')), 7190)
      assert.equal(Math.round(total('idle')), 1200)
      assert.equal(Math.round(total('stopped')), 600)
    })

    it('shows a sample ingested just now in aggregated reads at once, after materialization too', async () => {
      const ts = Date.now() - 1000
      await postJson(`${t.url}/v1/telemetry/ingest`, { machine_id: id, timestamp: new Date(ts).toISOString(), rpm: 9999, state: 'running' })
      for (const resolution of ['5m', '1h', '1d']) {
        const r = await history(`from=${new Date(ts - 1000).toISOString()}&to=${new Date(ts + 1000).toISOString()}&resolution=${resolution}`)
        const last = r.body.points[r.body.points.length - 1]
        assert.equal(last.rpm.max, 9999, `${resolution} includes the new sample`)
      }
    })

    it('chooses raw for a short range and 5-minute buckets when raw would exceed 2000 points', async () => {
      const short = await history(`${range()}&resolution=auto`)
      assert.equal(short.body.resolution, 'raw') // 720 samples
      const threeDays = `from=${new Date(end - 3 * 86_400_000).toISOString()}&to=${new Date(end).toISOString()}`
      assert.equal((await history(`${threeDays}&resolution=auto`)).body.resolution, 'raw', 'long ranges are first estimated from the hourly aggregate')
      const extra = Array.from({ length: 2000 }, (_, i) => ({ machine_id: id, timestamp: new Date((rows[0] as Fixture).ts + 5000 + i * 10_000 / 3).toISOString().replace(/\.\d+Z/, '.500Z'), rpm: 1 }))
      await postJson(`${t.url}/v1/telemetry/ingest`, extra)
      const dense = await history(`${range()}&resolution=auto`)
      assert.equal(dense.body.resolution, '5m')
      assert.equal(dense.body.requested_resolution, 'auto')
      assert.equal((await history(`${threeDays}&resolution=auto`)).body.resolution, '5m')
    })

    it('splits a stored span when a late sample lands inside it', async () => {
      const late = uniqueMachineId('LATE')
      const t0 = Date.now() - 3_600_000
      const iso = (ms: number) => new Date(ms).toISOString()
      await postJson(`${t.url}/v1/telemetry/ingest`, [
        { machine_id: late, timestamp: iso(t0), state: 'running' },
        { machine_id: late, timestamp: iso(t0 + 10_000), state: 'running' },
      ])
      await postJson(`${t.url}/v1/telemetry/ingest`, { machine_id: late, timestamp: iso(t0 + 4000), state: 'stopped' })
      const stored = await t.system.db.query<{ held_state: string | null; held_s: number | null }>(
        'SELECT held_state, held_s::float8 AS held_s FROM telemetry WHERE machine_id = $1 ORDER BY ts', [late])
      assert.deepEqual(stored.rows, [
        { held_state: null, held_s: null },
        { held_state: 'running', held_s: 4 },
        { held_state: 'stopped', held_s: 6 },
      ])
      const machine = await getJson(`${t.url}/v1/machines/${late}`)
      assert.equal(machine.body.last_sample_at, iso(t0 + 10_000), 'the latest sample is still the newest one')
      assert.equal(machine.body.state, 'running')
    })

    it('rejects bad ranges and resolutions with 400 naming the parameter, and unknown machines with 404', async () => {
      const backwards = await history(`from=${new Date().toISOString()}&to=${new Date(Date.now() - 1000).toISOString()}`)
      assert.equal(backwards.status, 400)
      assert.equal(backwards.body.details[0].field, 'from')
      const garbage = await history('from=yesterday')
      assert.equal(garbage.status, 400)
      assert.match(garbage.body.message, /from: must be ISO 8601/)
      const noZone = await history('from=2026-03-01T08:00:00')
      assert.equal(noZone.status, 400)
      const resolution = await history('resolution=10m')
      assert.equal(resolution.status, 400)
      assert.equal(resolution.body.error, 'bad_query')
      const unknown = await getJson(`${t.url}/v1/machines/NO-SUCH-MACHINE/history`)
      assert.equal(unknown.status, 404)
      assert.equal((await getJson(`${t.url}/v1/machines/NO-SUCH-MACHINE`)).status, 404)
    })
  })
}
