// The seed's alerts.yaml (../shared/seed, G6), loaded byte for byte, behaving as the seed
// says on a controllable clock: the G6 validation sample, local stand-ins for Slack and the
// webhook receiver.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parseAlertRules } from '../src/alerts/rules/index.js'
import { Receiver } from './helpers/receiver.js'
import { curlBodyIn, readSeed, seedPath } from './helpers/seed.js'
import { type TestSystem, getJson, postJson, startTestSystem, waitFor } from './helpers/system.js'

describe("the seed's alerts.yaml", () => {
  // The G6 sample: TEST-001 stopped at 2025-11-05T10:00:00Z. The clock starts just after it.
  const g6Sample = curlBodyIn('validation-g6.sh')
  const stoppedAt = Date.parse(JSON.parse(g6Sample).timestamp as string)
  let now = stoppedAt + 200
  let slack: Receiver
  let hook: Receiver
  let t: TestSystem

  /** Evaluates at the clock's now and delivers what is due, as the 1 s timer and the worker would. */
  async function settle(): Promise<void> {
    await t.system.alerts.tick()
    await t.system.delivery.deliverDue()
  }
  /** Moves the clock to `seconds` after the G6 stop, evaluating every second on the way. */
  async function secondsAfterStop(seconds: number): Promise<void> {
    while (now < stoppedAt + seconds * 1000) {
      now = Math.min(now + 1000, stoppedAt + seconds * 1000)
      await settle()
    }
  }
  async function ingest(samples: Record<string, unknown>[]): Promise<void> {
    const r = await postJson(`${t.url}/v1/telemetry/ingest`, samples.map((s) => ({ timestamp: new Date(now).toISOString(), ...s })))
    assert.equal(r.status, 200, JSON.stringify(r.body))
    await settle()
  }
  const firing = async () => (await getJson(`${t.url}/v1/alerts`)).body.firing as { rule: string; machine_id: string }[]

  before(async () => {
    slack = await new Receiver().start()
    hook = await new Receiver().start()
    t = await startTestSystem('embedded', {
      clock: { now: () => now },
      tune: (s) => {
        s.alerts = {
          ...s.alerts, file: seedPath('alerts.yaml'), tickMs: 0,
          env: { SLACK_WEBHOOK_URL: `${slack.url}/slack`, ALERT_WEBHOOK_URL: `${hook.url}/hook` },
          delivery: { ...s.alerts.delivery, pollMs: 3_600_000 },
        }
        s.oee.refreshMs = 0
      },
    })
  })
  after(async () => {
    await t.close()
    await slack.close()
    await hook.close()
  })

  it('loads as written: alerts:, webhook:, template:, a Slack channel with no webhook, a rule with neither channels nor machine_id', async () => {
    const { body } = await getJson(`${t.url}/v1/alerts/rules`)
    assert.equal(body.config.error, null)
    const rules = new Map((body.rules as { name: string }[]).map((r) => [r.name, r as Record<string, any>])) // eslint-disable-line @typescript-eslint/no-explicit-any -- inspected freely
    assert.deepEqual([...rules.keys()], ['machine_stopped_long', 'rpm_anomaly', 'feed_zero_running'])
    assert.deepEqual(rules.get('machine_stopped_long')?.channels.map((c: { type: string }) => c.type), ['slack', 'webhook'])
    assert.equal(rules.get('rpm_anomaly')?.channels[0].type, 'slack', 'the webhook comes from SLACK_WEBHOOK_URL')
    assert.equal(rules.get('feed_zero_running')?.machine_id, '*')
    assert.equal(rules.get('feed_zero_running')?.duration_seconds, 15)
    assert.match(rules.get('feed_zero_running')?.notifies, /^nobody/)
    assert.equal(rules.get('machine_stopped_long')?.notifies, 'slack, webhook')
  })

  it("says which rule and line lack a Slack webhook, and both ways to give one, when SLACK_WEBHOOK_URL is not set", () => {
    assert.throws(() => parseAlertRules(readSeed('alerts.yaml'), 'alerts.yaml', { SLACK_WEBHOOK_URL: undefined, ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hook' }), (err: Error) => {
      assert.match(err.message, /alerts\.yaml:22: rule rpm_anomaly: channels\[0\]\.webhook: is missing: .*defaults: \{ slack_webhook_url: \.\.\. \}.*SLACK_WEBHOOK_URL/)
      assert.match(err.message, /alerts\.yaml:11: rule machine_stopped_long: channels\[0\]\.webhook: environment variable SLACK_WEBHOOK_URL is not set/)
      return true
    })
  })

  it('posts "🔴 TEST-001 parada há 10 min" to Slack once, the first second the G6 stop passes 600 s, and the webhook its JSON', async () => {
    const r = await fetch(`${t.url}/v1/telemetry/ingest`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: g6Sample })
    assert.equal(r.status, 200, await r.text())
    await secondsAfterStop(600)
    assert.equal(slack.received.length, 0, 'at 600 s the stop has not passed 600 s')
    await secondsAfterStop(601)
    await waitFor('the Slack message', () => slack.received.length === 1)
    assert.equal(slack.received[0]?.json.text, '🔴 TEST-001 parada há 10 min')
    const hooked = await waitFor('the webhook', () => hook.received.find((h) => h.path === '/hook'))
    assert.equal(hooked.json.type, 'alert.firing')
    assert.equal(hooked.json.data.machine_id, 'TEST-001')
    assert.equal(hooked.json.data.rule, 'machine_stopped_long')
    await secondsAfterStop(659)
    assert.deepEqual(slack.received.map((m) => m.json.text), ['🔴 TEST-001 parada há 10 min'], 'once: the seed allows one per minute')
    const history = (await getJson(`${t.url}/v1/alerts/history`)).body.alerts as { rule: string; machine_id: string; fired_at: string }[]
    assert.deepEqual(history.map((a) => [a.rule, a.machine_id]), [['machine_stopped_long', 'TEST-001']])
    assert.equal(Date.parse(history[0]?.fired_at ?? ''), stoppedAt + 601_000)
  })

  it('fires rpm_anomaly for ABR-850 only, through the Slack webhook of the environment', async () => {
    const before = slack.received.length
    await ingest([
      { machine_id: 'ABR-850', rpm: 500, feed_mm_min: 300, state: 'running' },
      { machine_id: 'CNC-SIM-001', rpm: 500, feed_mm_min: 300, state: 'running' },
    ])
    await waitFor('the Slack message', () => slack.received.length === before + 1)
    assert.match(slack.received[before]?.json.text, /rpm_anomaly on ABR-850/)
    assert.deepEqual((await firing()).filter((a) => a.rule === 'rpm_anomaly').map((a) => a.machine_id), ['ABR-850'])
  })

  it('fires feed_zero_running after 15 s of feed 0 while running, on any machine, and notifies nobody', async () => {
    const start = now
    await ingest([{ machine_id: 'CNC-SIM-002', rpm: 3000, feed_mm_min: 0, state: 'running' }])
    const pending = (await getJson(`${t.url}/v1/alerts`)).body.pending as { rule: string; machine_id: string }[]
    assert.ok(pending.some((p) => p.rule === 'feed_zero_running' && p.machine_id === 'CNC-SIM-002'))
    while (now < start + 14_000) {
      now += 1000
      await settle()
    }
    assert.ok(!(await firing()).some((a) => a.rule === 'feed_zero_running'), 'not before it has held 15 s')
    now += 1000
    await settle()
    assert.deepEqual((await firing()).filter((a) => a.rule === 'feed_zero_running').map((a) => a.machine_id), ['CNC-SIM-002'])
    const history = (await getJson(`${t.url}/v1/alerts/history?rule=feed_zero_running`)).body.alerts as { id: number }[]
    assert.equal(history.length, 1)
    assert.deepEqual((await getJson(`${t.url}/v1/alerts/${history[0]?.id}/deliveries`)).body.deliveries, [])
    await settle()
    const about = [...slack.received, ...hook.received].filter((m) => m.body.includes('feed_zero_running') || m.body.includes('CNC-SIM-002'))
    assert.deepEqual(about, [])
  })
})
