// Alerts end to end: the seed's rules from alerts.yaml, samples through the real HTTP ingest,
// a controllable clock, local HTTP servers standing in for Slack and a webhook receiver.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type RunningSystem, startSystem } from '../src/app.js'
import { defaultSettings } from '../src/settings.js'
import { type Received, Receiver } from './helpers/receiver.js'
import { getJson, postJson, sendJson, waitFor } from './helpers/system.js'

const SECRET = 'whsec_' + Buffer.from('a test signing key').toString('base64')

// The seed's rules, as the seed writes them (multi-line condition, trailing comment, ${ENV}).
const ALERTS_YAML = `rules:
  - name: machine_stopped_too_long
    machine_id: "*"
    condition: |
      state == 'stopped' AND duration_seconds > 600  # 10 min
    severity: critical
    channels:
      - type: slack
        webhook_url: \${SLACK_WEBHOOK_URL}
        message: "🔴 {machine_id} parada há {duration_min} min"
  - name: spindle_overspeed
    machine_id: "CNC-*"
    condition: |
      rpm > 12000   # above the spindle rating
      AND state == 'running'
    severity: warning
    duration_seconds: 30
    channels:
      - type: webhook
        url: \${ALERT_WEBHOOK_URL}
        secret: \${ALERT_WEBHOOK_SECRET}
  - name: machine_offline
    machine_id: CNC-OFF
    condition: state == 'offline' OR seconds_since_last_sample > 300
    severity: critical
    channels:
      - type: webhook
        url: \${ALERT_WEBHOOK_URL}/offline
`

describe('alerts end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnc-telemetry-alerts-'))
  const file = join(dir, 'alerts.yaml')
  let now = Date.parse('2026-03-02T08:00:00Z')
  const clock = { now: () => now }
  let slack: Receiver
  let hook: Receiver
  let system: RunningSystem
  let url: string

  async function start(): Promise<void> {
    const s = defaultSettings()
    s.host = '127.0.0.1'
    s.port = 0
    s.database = { kind: 'embedded', dataDir: join(dir, 'data') }
    s.jobTickMs = 3_600_000
    s.alerts = {
      file, env: { SLACK_WEBHOOK_URL: `${slack.url}/slack`, ALERT_WEBHOOK_URL: `${hook.url}/hook`, ALERT_WEBHOOK_SECRET: SECRET },
      publicUrl: 'http://cnc.example', tickMs: 0, delivery: { timeoutMs: 2_000, backoffMinMs: 1_000, backoffMaxMs: 8_000, pollMs: 3_600_000 },
    }
    system = await startSystem(s, { clock, logger: false })
    const address = system.api.server.address()
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  }

  /** Evaluates at the clock's now and delivers what is due, as the 1 s timer and the worker would. */
  async function settle(): Promise<void> {
    await system.alerts.tick()
    await system.delivery.deliverDue()
  }

  async function ingest(samples: Record<string, unknown>[]): Promise<void> {
    const r = await postJson(`${url}/v1/telemetry/ingest`, samples.map((s) => ({ timestamp: new Date(now).toISOString(), ...s })))
    assert.equal(r.status, 200, JSON.stringify(r.body))
    await waitFor('evaluation of the new samples', async () => { await settle(); return true })
  }

  const advance = async (seconds: number) => {
    now += seconds * 1000
    await settle()
  }

  before(async () => {
    slack = await new Receiver().start()
    hook = await new Receiver().start()
    writeFileSync(file, ALERTS_YAML)
    await start()
  })
  after(async () => {
    await system.close()
    await slack.close()
    await hook.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('loads the seed rules as written and shows them with their status', async () => {
    const { status, body } = await getJson(`${url}/v1/alerts/rules`)
    assert.equal(status, 200)
    assert.deepEqual(body.rules.map((r: { name: string }) => r.name), ['machine_stopped_too_long', 'spindle_overspeed', 'machine_offline'])
    assert.equal(body.config.error, null)
    assert.equal(body.rules[1].channels[0].signed, true)
  })

  it('fires "stopped for 10 min" once it has held 600 s, with no further sample, and posts the seed message to Slack', async () => {
    await ingest([{ machine_id: 'CNC-A', state: 'stopped', rpm: 0 }])
    await advance(300)
    assert.equal(slack.received.length, 0, 'not yet')
    await advance(301)
    await waitFor('the Slack message', () => slack.received.length === 1)
    const message = slack.received[0]?.json
    assert.equal(message.text, '🔴 CNC-A parada há 10 min')
    assert.ok(Array.isArray(message.blocks) && message.blocks.length >= 3)
    assert.match(JSON.stringify(message.blocks), /http:\/\/cnc\.example\/machines\/CNC-A/)
    const history = await getJson(`${url}/v1/alerts/history`)
    assert.equal(history.body.alerts[0].rule, 'machine_stopped_too_long')
    assert.equal(history.body.alerts[0].machine_id, 'CNC-A')
    const active = await getJson(`${url}/v1/alerts`)
    assert.equal(active.body.firing.length, 1)
  })

  it('repeats at most once per minute while firing, and not at all once acknowledged', async () => {
    await advance(30)
    assert.equal(slack.received.length, 1, 'no repeat within the minute')
    await advance(31)
    await waitFor('the repeat', () => slack.received.length === 2)
    const id = (await getJson(`${url}/v1/alerts`)).body.firing[0].id
    const ack = await sendJson('POST', `${url}/v1/alerts/${id}/ack`, { by: 'shift lead' })
    assert.equal(ack.status, 200)
    assert.equal(ack.body.acknowledged_by, 'shift lead')
    await advance(120)
    assert.equal(slack.received.length, 2, 'acknowledged: no more repeats')
  })

  it('notifies the resolution when the machine runs again', async () => {
    await ingest([{ machine_id: 'CNC-A', state: 'running', rpm: 3000 }])
    await waitFor('the resolved message', () => slack.received.length === 3)
    assert.match(slack.received[2]?.json.text, /resolved/)
    const history = await getJson(`${url}/v1/alerts/history?machine_id=CNC-A`)
    assert.ok(history.body.alerts[0].resolved_at)
    assert.equal((await getJson(`${url}/v1/alerts`)).body.firing.length, 0)
    const ack = await sendJson('POST', `${url}/v1/alerts/${history.body.alerts[0].id}/ack`, {})
    assert.equal(ack.status, 409)
  })

  it('waits out a rule duration, signs the webhook, and survives a restart in the middle of pending', async () => {
    await ingest([{ machine_id: 'CNC-B', state: 'running', rpm: 13_000 }])
    const pending = await getJson(`${url}/v1/alerts`)
    assert.deepEqual(pending.body.pending.map((p: { rule: string; machine_id: string }) => [p.rule, p.machine_id]), [['spindle_overspeed', 'CNC-B']])
    await advance(20)
    await system.close()
    await start()
    await advance(11)
    await waitFor('the webhook', () => hook.received.some((r) => r.path === '/hook'))
    const deliveries = hook.received.filter((r) => r.path === '/hook')
    assert.equal(deliveries.length, 1, 'fired once, not again after the restart')
    const d = deliveries[0] as Received
    assert.equal(d.json.type, 'alert.firing')
    assert.equal(d.json.data.machine_id, 'CNC-B')
    const id = String(d.headers['webhook-id'])
    const ts = String(d.headers['webhook-timestamp'])
    const expected = createHmac('sha256', Buffer.from('a test signing key')).update(`${id}.${ts}.${d.body}`).digest('base64')
    assert.equal(d.headers['webhook-signature'], `v1,${expected}`)
  })

  it('keeps what a receiver missed while down and delivers it when it is back: in order, once', async () => {
    hook.failWith = 503
    const before = hook.received.length
    await ingest([{ machine_id: 'CNC-B', state: 'running', rpm: 5_000 }]) // resolves spindle_overspeed
    await advance(1) // a sample at the same millisecond would be a duplicate, and the first one stored is kept
    await ingest([{ machine_id: 'CNC-B', state: 'running', rpm: 14_000 }])
    await advance(31) // fires again
    await ingest([{ machine_id: 'CNC-B', state: 'idle', rpm: 0 }]) // resolves again
    for (let i = 0; i < 5; i++) await advance(10) // attempts while down, backoff growing
    assert.equal(hook.received.length, before)
    hook.failWith = undefined
    for (let i = 0; i < 10 && hook.received.filter((r) => r.path === '/hook').length < before + 3; i++) await advance(10)
    const got = hook.received.slice(before).filter((r) => r.path === '/hook')
    assert.deepEqual(got.map((r) => r.json.type), ['alert.resolved', 'alert.firing', 'alert.resolved'])
    assert.equal(new Set(got.map((r) => r.headers['webhook-id'])).size, 3, 'each once')
    const alertId = got[0]?.json.data.alert_id
    const log = await getJson(`${url}/v1/alerts/${alertId}/deliveries`)
    const resolved = log.body.deliveries.find((x: { kind: string }) => x.kind === 'resolved')
    assert.ok(resolved.attempts.length >= 2, 'the failed attempts are logged')
    assert.equal(resolved.attempts[0].status_code, 503)
    assert.equal(resolved.status, 'delivered')
  })

  it('fires for a machine that goes silent, and a silence mutes its notifications', async () => {
    await ingest([{ machine_id: 'CNC-OFF', state: 'idle' }])
    const silence = await sendJson('POST', `${url}/v1/alerts/silences`, { machine_id: 'CNC-OFF', minutes: 60, comment: 'maintenance' })
    assert.equal(silence.status, 201)
    await advance(301)
    const firing = (await getJson(`${url}/v1/alerts`)).body.firing
    assert.ok(firing.some((a: { rule: string; machine_id: string }) => a.rule === 'machine_offline' && a.machine_id === 'CNC-OFF'))
    assert.equal(hook.received.filter((r) => r.path === '/hook/offline').length, 0, 'silenced')
    const bad = await sendJson('POST', `${url}/v1/alerts/silences`, { rule: 'no_such_rule', minutes: -1 })
    assert.equal(bad.status, 400)
    assert.deepEqual(bad.body.details.map((d: { field: string }) => d.field), ['rule', 'minutes'])
  })

  it('reloads a changed rules file without losing alert state, and refuses a broken one with file and line', async () => {
    const firingBefore = (await getJson(`${url}/v1/alerts`)).body.firing.length
    writeFileSync(file, ALERTS_YAML.replace('severity: warning', 'severity: info'))
    await waitFor('the reload', async () => (await getJson(`${url}/v1/alerts/rules`)).body.rules[1].severity === 'info', 10_000)
    assert.equal((await getJson(`${url}/v1/alerts`)).body.firing.length, firingBefore)
    writeFileSync(file, ALERTS_YAML.replace("state == 'stopped'", "state == 'stoped'"))
    const config = await waitFor('the error', async () => (await getJson(`${url}/v1/alerts/rules`)).body.config.error as string | null, 10_000)
    assert.match(config, /alerts\.yaml:\d+/)
    assert.match(config, /stopped/)
    assert.equal((await getJson(`${url}/v1/alerts/rules`)).body.rules.length, 3)
  })
})
