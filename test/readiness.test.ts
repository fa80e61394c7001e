// Issue 13: a failing background job, failing writes and a nearly full disk are visible in
// storage status, /readyz and the log — and /readyz turns 503 when this server cannot take data.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { statfs } from 'node:fs/promises'
import { type RunningSystem, startSystem } from '../src/app.js'
import { defaultSettings } from '../src/settings.js'
import { serveSettings } from '../src/cli/options.js'
import { runCli } from './helpers/cli.js'
import { DRIVERS, getJson, isoAgo, postJson, startTestSystem, tempDir, type TestSystem, uniqueMachineId } from './helpers/system.js'

async function startCapturing(dataDir: string): Promise<{ system: RunningSystem; url: string; log: string[] }> {
  const settings = defaultSettings()
  settings.host = '127.0.0.1'
  settings.port = 0
  settings.jobTickMs = 3_600_000 // the test runs jobs itself
  settings.database = { kind: 'embedded', dataDir }
  const log: string[] = []
  const system = await startSystem(settings, { logger: { level: 'info', stream: { write: (line: string) => { log.push(line) } } } })
  const address = system.api.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { system, url: `http://127.0.0.1:${port}`, log }
}

// A trigger on telemetry_5m's materialization hypertable makes every refresh of it fail,
// as a row that the aggregate cannot take would: the job really runs and really fails.
async function poisonFiveMinuteRefresh(system: RunningSystem): Promise<void> {
  const db = system.db
  const mat = await db.query<{ name: string }>(
    `SELECT format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name) AS name
       FROM timescaledb_information.continuous_aggregates WHERE view_name = 'telemetry_5m'`)
  const name = mat.rows[0]?.name
  assert.ok(name, 'telemetry_5m has a materialization hypertable')
  await db.exec(`CREATE FUNCTION poisoned_refresh() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'poisoned row in the 5-minute aggregate'; END $$`)
  await db.exec(`CREATE TRIGGER poisoned BEFORE INSERT ON ${name} FOR EACH ROW EXECUTE FUNCTION poisoned_refresh()`)
}

describe('a failing background job (embedded)', () => {
  const dataDir = tempDir()
  after(() => rmSync(dataDir, { recursive: true, force: true }))

  it('shows as failing in storage status, /readyz (degraded, 200) and the log, and still after reopening the data directory', async () => {
    const first = await startCapturing(dataDir)
    try {
      const id = uniqueMachineId()
      const res = await postJson(`${first.url}/v1/telemetry/ingest`, Array.from({ length: 30 }, (_, i) => ({ machine_id: id, timestamp: isoAgo(3_600_000 - i * 60_000), rpm: i })))
      assert.equal(res.status, 200)
      await poisonFiveMinuteRefresh(first.system)
      await first.system.jobs?.runDue({ all: true })
      await first.system.jobs?.runDue({ all: true })

      const status = await getJson(`${first.url}/v1/storage/status`)
      const job = status.body.jobs.find((j: { target: string; proc_name: string }) => j.target === 'telemetry_5m' && j.proc_name === 'policy_refresh_continuous_aggregate')
      assert.equal(job.last_run_succeeded, false)
      assert.match(job.last_error, /poisoned row/)
      assert.equal(job.consecutive_failures, 2)
      assert.ok(job.failing_since)

      const ready = await getJson(`${first.url}/readyz`)
      assert.equal(ready.status, 200)
      assert.equal(ready.body.status, 'degraded')
      const problem = ready.body.problems.find((p: { reason: string }) => p.reason === 'job_failing')
      assert.equal(problem.target, 'telemetry_5m')
      assert.match(problem.message, /policy_refresh_continuous_aggregate on telemetry_5m.*2 time\(s\).*poisoned row/)

      const failures = first.log.filter((l) => /poisoned row/.test(l) && /telemetry_5m/.test(l) && /"level":50/.test(l))
      assert.equal(failures.length, 2, 'one error line per failed run, naming the job and the error')
    } finally {
      await first.system.close()
    }

    const second = await startCapturing(dataDir)
    try {
      await second.system.jobs?.runDue({ all: true })
      const status = await getJson(`${second.url}/v1/storage/status`)
      const job = status.body.jobs.find((j: { target: string; proc_name: string }) => j.target === 'telemetry_5m' && j.proc_name === 'policy_refresh_continuous_aggregate')
      assert.equal(job.last_run_succeeded, false)
      assert.equal(job.consecutive_failures, 3)
      assert.match(job.last_error, /poisoned row/)
      const ready = await getJson(`${second.url}/readyz`)
      assert.equal(ready.body.status, 'degraded')
      assert.ok(second.log.some((l) => /poisoned row/.test(l) && /telemetry_5m/.test(l)), 'the failure after the restart is logged too')
    } finally {
      await second.system.close()
    }

    // The command line reads the same data directory once the server let go of it.
    const cli = await runCli(['storage', 'status', '--data-dir', dataDir])
    assert.match(cli.output, /policy_refresh_continuous_aggregate\s+telemetry_5m .*FAILED.*FAILING 3 time\(s\) in a row since \S+: .*poisoned row/)
  })
})

for (const driver of DRIVERS) describe(`/readyz and writes the database refuses (${driver} driver)`, () => {
  let t: TestSystem
  before(async () => { t = await startTestSystem(driver) })
  after(() => t.close())

  it('answers 503 writes_failing with the error while SELECT 1 still works, and ready again after a batch commits', async () => {
    assert.equal((await getJson(`${t.url}/readyz`)).body.status, 'ready')
    await t.system.db.exec(`CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$`)
    await t.system.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON telemetry FOR EACH ROW EXECUTE FUNCTION refuse_writes()`)
    const id = uniqueMachineId()
    const refused = await postJson(`${t.url}/v1/telemetry/ingest`, { machine_id: id, timestamp: isoAgo(1000), rpm: 1 })
    assert.equal(refused.status, 503, JSON.stringify(refused.body))
    const ready = await getJson(`${t.url}/readyz`)
    assert.equal(ready.status, 503)
    assert.equal(ready.body.error, 'writes_failing')
    assert.match(ready.body.message, /No space left on device/)
    const detail = ready.body.details.find((d: { reason: string }) => d.reason === 'writes_failing')
    assert.ok(detail.last_failure_at)
    assert.equal(ready.body.ingest.failedBatches, 1)

    await t.system.db.exec('DROP TRIGGER refuse ON telemetry')
    assert.equal((await postJson(`${t.url}/v1/telemetry/ingest`, { machine_id: id, timestamp: isoAgo(500), rpm: 2 })).status, 200)
    const again = await getJson(`${t.url}/readyz`)
    assert.equal(again.status, 200)
    assert.equal(again.body.status, 'ready')
  })
})

describe('/readyz in server mode has no data directory to check (server driver)', () => {
  let t: TestSystem
  before(async () => { t = await startTestSystem('server', { tune: (settings) => { settings.minFreeDiskBytes = Number.MAX_SAFE_INTEGER } }) })
  after(() => t.close())

  it('does not report disk_nearly_full, however large --min-free-disk-mb is', async () => {
    const ready = await getJson(`${t.url}/readyz`)
    assert.equal(ready.status, 200)
    assert.equal(ready.body.status, 'ready')
    assert.equal(ready.body.engine, 'server')
  })
})

describe('/readyz and the free space of the data directory (embedded)', () => {
  let t: TestSystem
  let free = 0
  before(async () => {
    const probe = tempDir()
    const s = await statfs(probe)
    rmSync(probe, { recursive: true, force: true })
    free = s.bavail * s.bsize
    // More than the disk really has free: the real statfs must report it as nearly full.
    t = await startTestSystem('embedded', { tune: (settings) => { settings.minFreeDiskBytes = free + 1024 * 1024 * 1024 } })
  })
  after(() => t.close())

  it('answers 503 disk_nearly_full naming the free space when it is below --min-free-disk-mb', async () => {
    const ready = await getJson(`${t.url}/readyz`)
    assert.equal(ready.status, 503)
    assert.equal(ready.body.error, 'disk_nearly_full')
    assert.match(ready.body.message, /MB free, less than the \d+ MB required \(--min-free-disk-mb\)/)
    const detail = ready.body.details.find((d: { reason: string }) => d.reason === 'disk_nearly_full')
    assert.ok(detail.free_bytes > 0 && detail.free_bytes < detail.min_free_bytes)
  })

  it('takes --min-free-disk-mb from serve, 512 MB by default', () => {
    assert.equal(serveSettings({ minFreeDiskMb: 2048 }, {}).minFreeDiskBytes, 2048 * 1024 * 1024)
    assert.equal(serveSettings({}, {}).minFreeDiskBytes, 512 * 1024 * 1024)
  })
})

describe('an aggregate whose watermark lags (embedded)', () => {
  let t: TestSystem
  before(async () => { t = await startTestSystem('embedded') })
  after(() => t.close())

  it('is lagging in storage status and /readyz (degraded) while never refreshed, and not after its refresh', async () => {
    const id = uniqueMachineId()
    const samples = Array.from({ length: 180 }, (_, i) => ({ machine_id: id, timestamp: isoAgo((180 - i) * 60_000), rpm: i }))
    assert.equal((await postJson(`${t.url}/v1/telemetry/ingest`, samples)).status, 200)
    const lagging = async () => (await getJson(`${t.url}/v1/storage/status`)).body.aggregates
      .filter((a: { lagging: boolean }) => a.lagging).map((a: { view: string }) => a.view).sort()
    // Three hours of data and no refresh yet: 5m and 1h trail by far more than their refresh allows; 1d does not.
    assert.deepEqual(await lagging(), ['telemetry_1h', 'telemetry_5m'])
    const ready = await getJson(`${t.url}/readyz`)
    assert.equal(ready.status, 200)
    assert.equal(ready.body.status, 'degraded')
    assert.ok(ready.body.problems.some((p: { reason: string; view: string }) => p.reason === 'aggregate_lagging' && p.view === 'telemetry_5m'))

    await t.system.jobs?.runDue({ all: true })
    assert.deepEqual(await lagging(), [])
    assert.equal((await getJson(`${t.url}/readyz`)).body.status, 'ready')
  })
})
