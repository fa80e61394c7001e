// The dashboard's health banner in real Chromium: it appears on every page while /readyz is
// not ready or degraded, says why and what to do, and goes away when the server is healthy.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './helpers/browser.js'
import { type TestSystem, isoAgo, postJson, startTestSystem, uniqueMachineId, waitFor } from './helpers/system.js'

describe('dashboard health banner in Chromium', () => {
  let t: TestSystem
  let browser: Browser
  let page: Page

  before(async () => {
    t = await startTestSystem()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  const banner = () => page.locator('.banner.health')
  const ingestOne = (id: string, agoMs: number) => postJson(`${t.url}/v1/telemetry/ingest`, { machine_id: id, timestamp: isoAgo(agoMs), rpm: 1 })

  it('shows no banner while the server is ready', async () => {
    const answered = page.waitForResponse((r) => r.url().endsWith('/readyz'), { timeout: 10_000 })
    await page.goto(t.url)
    assert.equal((await answered).status(), 200)
    await page.locator('main').waitFor()
    assert.equal(await banner().count(), 0)
  })

  it('says the server cannot store data when writes fail, with the error, and disappears after a write succeeds', async () => {
    await t.system.db.exec(`CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$`)
    await t.system.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON telemetry FOR EACH ROW EXECUTE FUNCTION refuse_writes()`)
    const id = uniqueMachineId()
    assert.equal((await ingestOne(id, 2000)).status, 503)
    await page.goto(`${t.url}/alerts`)
    await banner().waitFor({ timeout: 30_000 })
    const text = await banner().innerText()
    assert.match(text, /cannot store data/)
    assert.match(text, /No space left on device/)
    assert.match(text, /send again/)
    assert.equal(await banner().getAttribute('data-health'), 'not_ready')

    await t.system.db.exec('DROP TRIGGER refuse ON telemetry')
    assert.equal((await ingestOne(id, 1000)).status, 200)
    // The page polls /readyz; no reload.
    await waitFor('the banner to go away', async () => (await banner().count()) === 0, 40_000)
  })

  it('says a background job is failing (degraded) on the fleet page too', async () => {
    const mat = await t.system.db.query<{ name: string }>(
      `SELECT format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name) AS name
         FROM timescaledb_information.continuous_aggregates WHERE view_name = 'telemetry_5m'`)
    await t.system.db.exec(`CREATE FUNCTION poisoned_refresh() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'poisoned row in the 5-minute aggregate'; END $$`)
    await t.system.db.exec(`CREATE TRIGGER poisoned BEFORE INSERT ON ${mat.rows[0]?.name ?? 'missing'} FOR EACH ROW EXECUTE FUNCTION poisoned_refresh()`)
    await postJson(`${t.url}/v1/telemetry/ingest`, Array.from({ length: 20 }, (_, i) => ({ machine_id: uniqueMachineId(), timestamp: isoAgo(3_600_000 - i * 60_000), rpm: i })))
    await t.system.jobs?.runDue({ all: true })
    await page.goto(t.url)
    await banner().waitFor({ timeout: 30_000 })
    assert.equal(await banner().getAttribute('data-health'), 'degraded')
    const text = await banner().innerText()
    assert.match(text, /stores data, but something in the background is failing/)
    assert.match(text, /telemetry_5m.*poisoned row/)
    assert.match(text, /storage status/)
  })
})
