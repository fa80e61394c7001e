// The system's one lifecycle: everything startSystem opens (collectors and their agents'
// sockets, config watchers, timers of alerts, OEE, delivery and jobs, the HTTP server, the
// database) is closed by close(), and by a start that fails halfway, with no handle left.
import assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:net'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { startSystem } from '../src/app.js'
import { type Settings, defaultSettings } from '../src/settings.js'
import { tempDir, waitFor } from './helpers/system.js'

const ALERTS_YAML = `rules:
  - name: spindle_overspeed
    machine_id: "*"
    condition: rpm > 12000 AND state == 'running'
    severity: warning
    channels:
      - type: webhook
        url: http://127.0.0.1:9/hook
`

const OEE_YAML = `plants:
  - name: Plant North
    time_zone: Europe/Berlin
    shifts:
      - { name: early, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }
`

// Port 9 (discard) on loopback refuses: the collector of this machine keeps retrying on a timer.
const MACHINES_YAML = `machines:
  - id: LC-UNREACHABLE
    agent_url: http://127.0.0.1:9
    device: LC-UNREACHABLE
    plant: Plant North
    model: Sim
`

/** Simulated machines, machines.yaml, alerts.yaml and oee.yaml: every part of the system runs. */
function fullSettings(dir: string): Settings {
  const files = { machines: join(dir, 'machines.yaml'), alerts: join(dir, 'alerts.yaml'), oee: join(dir, 'oee.yaml') }
  writeFileSync(files.machines, MACHINES_YAML)
  writeFileSync(files.alerts, ALERTS_YAML)
  writeFileSync(files.oee, OEE_YAML)
  const s = defaultSettings()
  s.host = '127.0.0.1'
  s.port = 0
  s.database = { kind: 'embedded', dataDir: join(dir, 'data') }
  s.jobTickMs = 200
  s.collectors.simulate = 2
  s.collectors.machinesFile = files.machines
  s.alerts.file = files.alerts
  s.alerts.tickMs = 100
  s.oee = { file: files.oee, refreshMs: 100, openDayRefreshMs: 100 }
  return s
}

// What the test runner itself holds varies (its IPC pipe, a TTY): compare counts by type.
const TYPES = ['TCPServerWrap', 'TCPSocketWrap', 'Timeout', 'Immediate', 'FSReqCallback', 'FSReqPromise', 'StatWatcher', 'FSEventWrap', 'PipeWrap', 'ProcessWrap', 'GetAddrInfoReqWrap', 'TCPConnectWrap', 'WriteWrap', 'ShutdownWrap', 'MessagePort', 'Worker']
const counts = () => {
  const all = process.getActiveResourcesInfo()
  return Object.fromEntries(TYPES.map((t) => [t, all.filter((r) => r === t).length]))
}

/** Sockets and timers may take a turn of the event loop to go once closed: waits that long, no more. */
async function assertNothingLeftSince(before: Record<string, number>): Promise<void> {
  const over = () => TYPES.filter((t) => (counts()[t] ?? 0) > (before[t] ?? 0))
  const end = Date.now() + 2_000
  while (over().length > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
  const left = over()
  assert.deepEqual(left, [], `left open: ${left.map((t) => `${t} ${counts()[t]} (before ${before[t]})`).join(', ')}; all: ${process.getActiveResourcesInfo().join(', ')}`)
}

function capturingLogger() {
  const lines: string[] = []
  return { lines, options: { level: 'info', stream: { write: (line: string) => void lines.push(line) } } }
}

describe('system lifecycle', () => {
  it('closes everything it started: collectors, simulated agent, watchers, timers, jobs, the HTTP server and the database', async () => {
    const dir = tempDir()
    const before = counts()
    const log = capturingLogger()
    const system = await startSystem(fullSettings(dir), { logger: log.options })
    try {
      await waitFor('the simulated machines streaming', () => system.collectors.statuses().filter((s) => s.connection === 'streaming').length === 2)
      await waitFor('the unreachable machine retrying', () => system.collectors.status('LC-UNREACHABLE')?.connection === 'unreachable' || system.collectors.status('LC-UNREACHABLE')?.connection === 'reconnecting')
      const response = await fetch(`${system.url}/v1/collectors`, { headers: { connection: 'close' } })
      assert.equal(response.status, 200)
      await response.arrayBuffer()
      assert.ok(process.getActiveResourcesInfo().length > Object.values(before).reduce((a, b) => a + b, 0), 'the system holds resources while it runs')
    } finally {
      await system.close()
    }
    await system.close() // a second close is the same close
    await assertNothingLeftSince(before)
    assert.ok(log.lines.some((l) => /"msg":"collectors started: /.test(l)), 'the parts log through the one logger')
    assert.deepEqual(log.lines.filter((l) => /"msg":"closing /.test(l)), [], 'no part failed to close')
    rmSync(dir, { recursive: true, force: true })
  })

  it('a start that fails at the port (in use) closes what it had started and says which port', async () => {
    const dir = tempDir()
    const taken: Server = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const address = taken.address()
    const port = typeof address === 'object' && address ? address.port : 0
    try {
      const before = counts()
      const settings = fullSettings(dir)
      settings.port = port
      const log = capturingLogger()
      await assert.rejects(startSystem(settings, { logger: log.options }),
        { message: `port ${port} on 127.0.0.1 is already in use; choose another with --port` })
      await assertNothingLeftSince(before)
      assert.ok(log.lines.some((l) => /"msg":"collectors started: /.test(l)), 'the collectors had started')
      assert.deepEqual(log.lines.filter((l) => /"msg":"closing /.test(l)), [], 'no part failed to close')
    } finally {
      await new Promise((resolve) => taken.close(resolve))
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
