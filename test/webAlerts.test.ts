// An alert in the dashboard, in real Chromium: a rule from alerts.yaml fires on a sample sent
// through the API, shows on the alerts page and on its machine's card, is acknowledged with
// a click, and its delivery to a local webhook receiver shows per channel.
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { ingest, launchChromium, seedFleet } from './helpers/browser.js'
import { type TestSystem, getJson, startTestSystem, tempDir, waitFor } from './helpers/system.js'

const RULES = `rules:
  - name: spindle_overspeed
    machine_id: "WEB-*"
    condition: rpm > 12000
    severity: warning
    channels:
      - type: webhook
        url: \${HOOK_URL}/hook
  # as the seed's feed_zero_running: no channels, shown and kept, notifying nobody
  - name: spindle_redline
    machine_id: "WEB-0003"
    condition: rpm > 20000
    severity: info
`

describe('alerts in the dashboard (Chromium)', () => {
  const dir = tempDir('cnc-telemetry-web-alerts-')
  let receiver: Server
  const received: string[] = []
  const bodies: string[] = []
  let t: TestSystem
  let browser: Browser
  let page: Page

  before(async () => {
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => { body += chunk.toString() })
      req.on('end', () => {
        received.push(req.url ?? '')
        bodies.push(body)
        res.writeHead(200).end('ok')
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    const address = receiver.address()
    const hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    const file = join(dir, 'alerts.yaml')
    writeFileSync(file, RULES)
    t = await startTestSystem('embedded', { tune: (s) => { s.alerts = { ...s.alerts, file, env: { HOOK_URL: hookUrl } } } })
    await seedFleet(t.url, 3)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  })
  after(async () => {
    await browser?.close()
    await t?.close()
    await new Promise((resolve) => receiver?.close(resolve))
    rmSync(dir, { recursive: true, force: true })
  })

  it('shows an alert that fires, badges its machine, and acknowledges it from the page', async () => {
    await page.goto(`${t.url}/alerts`)
    await page.getByText('No active alerts.').waitFor()

    await ingest(t.url, [{ machine_id: 'WEB-0002', timestamp: new Date().toISOString(), state: 'running', rpm: 15000 }])
    const row = page.locator('.alerts-active tr[data-alert]')
    await row.waitFor() // arrives through the live stream, without a reload
    assert.match(await row.innerText(), /warning[\s\S]*spindle_overspeed[\s\S]*WEB-0002[\s\S]*firing/i)

    await row.getByRole('button', { name: 'Acknowledge' }).click()
    await page.getByRole('status').filter({ hasText: 'acknowledged' }).waitFor()
    const alertId = Number(await row.getAttribute('data-alert'))
    const { body } = await getJson(`${t.url}/v1/alerts/${alertId}`)
    assert.ok(body.acknowledged_at, 'the API has the acknowledgement')
    assert.equal(body.acknowledged_by, 'dashboard')
    await row.filter({ hasText: 'acknowledged' }).waitFor()

    await page.goto(t.url)
    const card = page.locator('[data-machine="WEB-0002"]')
    await card.locator('.badge-alert').waitFor()
    assert.equal(await page.locator('.card .badge-alert').count(), 1)
  })

  it('lists the alert in the history with its delivery per channel', async () => {
    await waitFor('the webhook delivery', () => received.includes('/hook'))
    await page.goto(`${t.url}/alerts?machine=WEB-0002`)
    const row = page.locator('tr[data-history-alert]')
    await row.waitFor()
    await row.getByRole('button', { name: 'Delivery' }).click()
    const delivery = page.locator('tr[data-delivery-status]')
    await delivery.first().waitFor()
    assert.equal(await delivery.first().getAttribute('data-delivery-status'), 'delivered')
    assert.match(await delivery.first().innerText(), /firing[\s\S]*webhook/)

    await page.goto(`${t.url}/alerts?machine=WEB-0001`)
    await page.getByText('No alert fired that matches these filters.').waitFor()
  })

  it('silences a rule on a machine from the active alerts', async () => {
    await page.goto(`${t.url}/alerts`)
    await page.getByRole('button', { name: 'Silence spindle_overspeed on WEB-0002 for 1 h' }).click()
    await page.locator('td', { hasText: 'from the dashboard' }).waitFor()
    const { body } = await getJson(`${t.url}/v1/alerts/silences`)
    assert.equal(body.silences.length, 1)
    assert.equal(body.silences[0].machine_id, 'WEB-0002')
  })

  it('shows an alert of a rule without channels, and says in its history that it notified nobody', async () => {
    await page.goto(`${t.url}/alerts`)
    await ingest(t.url, [{ machine_id: 'WEB-0003', timestamp: new Date().toISOString(), state: 'running', rpm: 21000 }])
    const row = page.locator('.alerts-active tr[data-alert]', { hasText: 'spindle_redline' })
    await row.waitFor()
    assert.match(await row.innerText(), /info[\s\S]*spindle_redline[\s\S]*WEB-0003[\s\S]*firing/i)
    await page.goto(`${t.url}/alerts?machine=WEB-0003`)
    const history = page.locator('tr[data-history-alert]', { hasText: 'spindle_redline' })
    await history.waitFor()
    await history.getByRole('button', { name: 'Delivery' }).click()
    await page.getByText('No notification: the rule has no channel.').waitFor()
    assert.ok(!bodies.some((b) => b.includes('spindle_redline')), 'nothing about it was sent anywhere')
  })
})
