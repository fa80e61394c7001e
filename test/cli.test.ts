import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { tempDir } from './helpers/system.js'
import { freePort, runCli, startCli, waitForOutput } from './helpers/cli.js'

const exec = promisify(execFile)

describe('command line', () => {
  const dataDir = tempDir()
  after(() => rmSync(dataDir, { recursive: true, force: true }))

  it('explains every command with --help', async () => {
    const top = await runCli(['--help'])
    assert.equal(top.code, 0)
    for (const command of ['serve', 'migrate', 'storage', 'db', 'collect', 'sim']) assert.match(top.output, new RegExp(`\\b${command}\\b`))
    for (const args of [['serve'], ['migrate'], ['storage', 'status'], ['storage', 'run-jobs'], ['db', 'serve'], ['collect'], ['sim', 'mtconnect']]) {
      const r = await runCli([...args, '--help'])
      assert.equal(r.code, 0, args.join(' '))
      assert.match(r.output, /Usage: cnc-telemetry/)
    }
    assert.match((await runCli(['serve', '--help'])).output, /--data-dir[\s\S]*--config[\s\S]*--simulate/)
  })

  it('runs the MTConnect simulator on its own, answering /probe and /current for its machines', async () => {
    const port = await freePort()
    const sim = startCli(['sim', 'mtconnect', '--port', String(port), '--machines', '2', '--seed', '3'])
    try {
      await waitForOutput(sim, /MTConnect agent http:\/\/127\.0\.0\.1:\d+ \(instanceId \d+\): CNC-SIM-001, CNC-SIM-002/)
      const probe = await (await fetch(`http://127.0.0.1:${port}/probe`)).text()
      assert.match(probe, /<MTConnectDevices[\s\S]*name="CNC-SIM-002"/)
      const current = await fetch(`http://127.0.0.1:${port}/CNC-SIM-001/current`)
      assert.equal(current.status, 200)
      assert.match(await current.text(), /<Execution[^>]*>/)
    } finally {
      sim.process.kill('SIGTERM')
      assert.equal(await sim.exited, 0)
    }
    const replayWithoutModel = await runCli(['sim', 'mtconnect', '--replay', 'x.shdr'])
    assert.notEqual(replayWithoutModel.code, 0)
    assert.match(replayWithoutModel.output, /--replay needs --devices/)
  })

  it('rejects a bad flag value with the reason', async () => {
    const r = await runCli(['serve', '--port', 'eighty'])
    assert.notEqual(r.code, 0)
    assert.match(r.output, /port must be a positive whole number, got "eighty"/)
  })

  it('says that a data directory holds no database yet, and what to run, instead of creating one', async () => {
    const empty = join(dataDir, 'not-yet')
    const r = await runCli(['storage', 'status', '--data-dir', empty])
    assert.equal(r.code, 1)
    assert.match(r.output, /not-yet holds no database yet: `cnc-telemetry migrate --data-dir .*not-yet` creates one/)
    assert.equal(existsSync(empty), false)
  })

  it('migrates once and then finds nothing to do', async () => {
    const first = await runCli(['migrate', '--data-dir', dataDir])
    assert.equal(first.code, 0, first.output)
    assert.match(first.output, /migration 1 applied/)
    const second = await runCli(['migrate', '--data-dir', dataDir])
    assert.equal(second.code, 0)
    assert.doesNotMatch(second.output, /applied/)
    assert.match(second.output, /schema at version \d+/)
  })

  it('reports storage status as JSON', async () => {
    const r = await runCli(['storage', 'status', '--json', '--data-dir', dataDir])
    assert.equal(r.code, 0, r.output)
    const status = JSON.parse(r.output)
    assert.equal(status.engine, 'embedded')
    assert.match(status.timescaledb, /^2\.23/)
    assert.deepEqual(status.aggregates.map((a: { view: string }) => a.view), ['telemetry_1d', 'telemetry_1h', 'telemetry_5m'])
    assert.ok(status.jobs.some((j: { proc_name: string }) => j.proc_name === 'policy_retention'))
  })

  it("serves the seed's G5 check: curl ingest, then psql EXPLAIN ANALYZE on telemetry_5m through the wire protocol, and stops cleanly", async () => {
    const port = await freePort()
    const pgPort = await freePort()
    const server = startCli(['serve', '--host', '127.0.0.1', '--port', String(port), '--pg-port', String(pgPort), '--data-dir', dataDir])
    try {
      await waitForOutput(server, /PostgreSQL protocol/)
      for (let i = 0; i < 5; i++) {
        const body = JSON.stringify({ machine_id: 'TEST-001', timestamp: new Date(Date.now() - i * 1000).toISOString(), rpm: 4500, feed_mm_min: 1400, state: 'running' })
        const { stdout } = await exec('curl', ['-s', '-X', 'POST', `http://127.0.0.1:${port}/v1/telemetry/ingest`, '-d', body])
        assert.equal(JSON.parse(stdout).accepted, 1, stdout)
      }
      const { stdout } = await exec('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-c',
        "EXPLAIN ANALYZE SELECT * FROM telemetry_5m WHERE machine_id = 'TEST-001' AND bucket > now() - INTERVAL '7 days'"])
      assert.match(stdout, /Execution Time/)
      const count = await exec('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-tAc', "SELECT sample_count FROM telemetry_5m WHERE machine_id = 'TEST-001'"])
      assert.equal(count.stdout.trim().split('\n').map(Number).reduce((a, b) => a + b, 0), 5)
      // The server holds the data directory: status asks the server instead.
      const status = await runCli(['storage', 'status', '--data-dir', dataDir])
      assert.equal(status.code, 0, status.output)
      assert.match(status.output, /timescaledb\s+2\.23/)
      assert.match(status.output, /engine\s+embedded/)
    } finally {
      server.process.kill('SIGTERM')
    }
    assert.equal(await server.exited, 0)
    assert.match(server.output(), /closing the database/)
  })

  it('exposes the database with db serve for psql when no server runs', async () => {
    const pgPort = await freePort()
    const db = startCli(['db', 'serve', '--port', String(pgPort), '--data-dir', dataDir])
    try {
      await waitForOutput(db, /served at postgres:\/\//)
      const { stdout } = await exec('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-tAc', "SELECT count(*) FROM telemetry WHERE machine_id = 'TEST-001'"])
      assert.equal(stdout.trim(), '5')
    } finally {
      db.process.kill('SIGTERM')
    }
    assert.equal(await db.exited, 0)
  })

  it('refuses to open a data directory another process is using, and says which', async () => {
    const port = await freePort()
    const server = startCli(['serve', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir])
    try {
      await waitForOutput(server, /listening on/)
      const second = await runCli(['migrate', '--data-dir', dataDir])
      assert.notEqual(second.code, 0)
      assert.match(second.output, new RegExp(`in use by process ${server.process.pid}`))
    } finally {
      server.process.kill('SIGTERM')
      await server.exited
    }
  })
})
