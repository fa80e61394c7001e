import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { getJson, postJson, tempDir } from './helpers/system.js'
import { freePort, startCli, waitForOutput } from './helpers/cli.js'

describe('durability', () => {
  const dataDir = tempDir()
  after(() => rmSync(dataDir, { recursive: true, force: true }))

  it('keeps every acknowledged sample when the server is killed with SIGKILL right after acknowledging', async () => {
    const port = await freePort()
    const server = startCli(['serve', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir])
    await waitForOutput(server, /listening on/)
    const url = `http://127.0.0.1:${port}/v1/telemetry/ingest`
    const acknowledged: string[] = []
    const start = Date.now() - 600_000
    let sent = 0
    let killed = false
    // Eight clients post 100-sample batches; the server dies right after the 30th answer,
    // while other batches are still in flight.
    const client = async (c: number) => {
      for (let batch = 0; !killed; batch++) {
        const samples = Array.from({ length: 100 }, (_, i) => ({
          machine_id: `DUR-${c}`, timestamp: new Date(start + (batch * 100 + i) * 50).toISOString(), rpm: i, state: 'running',
        }))
        sent += samples.length
        const r = await postJson(url, samples).catch(() => undefined)
        if (!r || killed) return
        assert.equal(r.body.accepted, 100)
        acknowledged.push(...samples.map((s) => `${s.machine_id} ${s.timestamp}`))
        if (acknowledged.length >= 3000) {
          killed = true
          server.process.kill('SIGKILL')
        }
      }
    }
    await Promise.all(Array.from({ length: 8 }, (_, c) => client(c)))
    await server.exited
    assert.ok(sent > acknowledged.length, 'requests were in flight when the server died')

    const port2 = await freePort()
    const restarted = startCli(['serve', '--host', '127.0.0.1', '--port', String(port2), '--data-dir', dataDir])
    try {
      await waitForOutput(restarted, /listening on/)
      const stored = new Set<string>()
      for (let c = 0; c < 8; c++) {
        const r = await getJson(`http://127.0.0.1:${port2}/v1/machines/DUR-${c}/history?resolution=raw&limit=100000&from=${new Date(start - 1000).toISOString()}`)
        if (r.status === 404) continue
        for (const p of r.body.points) stored.add(`DUR-${c} ${p.timestamp}`)
      }
      const missing = acknowledged.filter((k) => !stored.has(k))
      assert.deepEqual(missing, [], `${missing.length} acknowledged samples lost`)
      // The reopened database takes writes and serves aggregates as before.
      const after = await postJson(`http://127.0.0.1:${port2}/v1/telemetry/ingest`, { machine_id: 'DUR-0', timestamp: new Date().toISOString(), rpm: 1, state: 'idle' })
      assert.equal(after.body.accepted, 1, JSON.stringify(after.body))
      const buckets = await getJson(`http://127.0.0.1:${port2}/v1/machines/DUR-0/history?resolution=5m&from=${new Date(start - 1000).toISOString()}`)
      assert.equal(buckets.status, 200)
      assert.ok(buckets.body.points.length > 0)
    } finally {
      restarted.process.kill('SIGTERM')
      await restarted.exited
    }
  })
})
