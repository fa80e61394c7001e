// One machine status (src/domain/machineStatus.ts): stored with the samples, read by the
// dashboard's live stream, the fleet summary and the alert engine alike, across a restart.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { type RunningSystem, startSystem } from '../src/app.js'
import { defaultSettings } from '../src/settings.js'
import { getJson, postJson, sendJson } from './helpers/system.js'

const RULES = `alerts:
  - name: stopped_long
    condition: state == 'stopped' AND duration_seconds > 600
    severity: warning
    channels: []
`

/** The first event of GET /v1/stream (the snapshot), read off the stream. */
async function streamSnapshot(url: string): Promise<{ machines: { id: string; state: string | null; state_since: number | null; rpm: number | null }[] }> {
  const controller = new AbortController()
  const response = await fetch(`${url}/v1/stream`, { signal: controller.signal })
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  let text = ''
  for (;;) {
    const { value } = await reader.read()
    text += new TextDecoder().decode(value)
    const m = /event: snapshot\ndata: (.*)\n/.exec(text)
    if (m) {
      controller.abort()
      return JSON.parse(m[1] as string)
    }
  }
}

describe('one machine status', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnc-telemetry-status-'))
  const T0 = Date.parse('2026-03-02T08:00:00Z')
  let now = T0
  let system: RunningSystem | undefined
  const iso = (ms: number) => new Date(ms).toISOString()

  async function start(): Promise<string> {
    const s = defaultSettings()
    s.host = '127.0.0.1'
    s.port = 0
    s.database = { kind: 'embedded', dataDir: join(dir, 'data') }
    s.jobTickMs = 3_600_000
    writeFileSync(join(dir, 'alerts.yaml'), RULES)
    s.alerts = { ...s.alerts, file: join(dir, 'alerts.yaml'), tickMs: 0 }
    system = await startSystem(s, { clock: { now: () => now }, logger: false })
    const address = system.api.server.address()
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  }
  after(async () => {
    await system?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stores since when a machine is in its state with its samples; the stream, the summary and the alert read that one figure, also after a restart', async () => {
    let url = await start()
    const running = system as RunningSystem
    const posted = await postJson(`${url}/v1/telemetry/ingest`, [
      { machine_id: 'M-1', timestamp: iso(T0 - 60_000), state: 'running', rpm: 8000 },
      { machine_id: 'M-1', timestamp: iso(T0), state: 'stopped', rpm: 0, alarm: 'EX0001 door open' },
      { machine_id: 'M-1', timestamp: iso(T0 + 30_000), feed_mm_min: 0 }, // no state: still stopped since T0; no alarm: cleared
    ])
    assert.equal(posted.status, 200, JSON.stringify(posted.body))
    now = T0 + 31_000
    const stored = await running.db.query<{ state_since: Date; last_state: string }>(`SELECT state_since, last_state FROM machines WHERE id = 'M-1'`)
    assert.deepEqual([stored.rows[0]?.last_state, stored.rows[0]?.state_since.getTime()], ['stopped', T0], 'stored with the samples')
    const card = (await streamSnapshot(url)).machines.find((m) => m.id === 'M-1')
    assert.deepEqual([card?.state, card?.state_since, card?.rpm], ['stopped', T0, 0])
    assert.equal(running.live.get('M-1')?.alarm, null)
    const summary = (await getJson(`${url}/v1/fleet/summary`)).body as { machines: { stopped: string[] } }
    assert.deepEqual(summary.machines.stopped, ['M-1'])

    await running.close()
    now = T0 + 601_000
    url = await start()
    const restored = (await streamSnapshot(url)).machines.find((m) => m.id === 'M-1')
    assert.deepEqual([restored?.state, restored?.state_since, restored?.rpm], ['stopped', T0, 0], 'read back after the restart, values carried from before the last sample')
    await (system as RunningSystem).alerts.tick()
    const firing = (await getJson(`${url}/v1/alerts`)).body as { firing: { rule: string; machine_id: string; snapshot: { duration_seconds: number } }[] }
    assert.deepEqual(firing.firing.map((a) => [a.rule, a.machine_id, a.snapshot.duration_seconds]), [['stopped_long', 'M-1', 601]], 'the alert counts from the same instant')
  })

  it('shows a machine registered through the API in the fleet summary at once, with its plant', async () => {
    const address = (system as RunningSystem).api.server.address()
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    const put = await sendJson('PUT', `${url}/v1/machines/NEW-1`, { plant: 'Plant 2', model: 'VF-2' })
    assert.equal(put.status, 200, JSON.stringify(put.body))
    const summary = (await getJson(`${url}/v1/fleet/summary?plant=Plant%202`)).body as { total: number; machines: { offline: string[] } }
    assert.deepEqual([summary.total, summary.machines.offline], [1, ['NEW-1']], 'registered, never heard from: offline')
  })
})
