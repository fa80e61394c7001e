// The dashboard in real Chromium against the whole system: machines registered and samples
// sent through the public API, the pages read as a person would.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { type SeededMachine, ingest, launchChromium, seedFleet } from './helpers/browser.js'
import { type TestSystem, startTestSystem, waitFor } from './helpers/system.js'

describe('dashboard in Chromium', () => {
  let t: TestSystem
  let browser: Browser
  let page: Page
  let fleet: SeededMachine[]
  const pageErrors: string[] = []

  before(async () => {
    t = await startTestSystem()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('pageerror', (e) => pageErrors.push(e.message))
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  const cards = () => page.locator('.card')
  const countOf = (state: string) => page.locator(`[data-count="${state}"] .count-n`).innerText()

  it('explains how to get machines when there are none', async () => {
    await page.goto(t.url)
    await page.getByRole('heading', { name: 'No machines yet' }).waitFor()
    assert.match(await page.locator('main').innerText(), /npm start/)
  })

  it('shows a card per machine of a fleet of 10, with counts per state', async () => {
    fleet = await seedFleet(t.url, 10)
    await page.goto(t.url)
    await waitFor('10 cards', async () => (await cards().count()) === 10)
    // seedFleet cycles running, running, idle, stopped, running.
    assert.equal(await countOf('running'), '6')
    assert.equal(await countOf('idle'), '2')
    assert.equal(await countOf('stopped'), '2')
    const first = page.locator(`[data-machine="${fleet[0]?.id}"]`)
    assert.match(await first.innerText(), /Plant North · Haas VF-2[\s\S]*Running[\s\S]*O1000/)
  })

  it('filters by state, plant, model and text, keeps the filters in the URL, and sorts', async () => {
    await page.locator('select[name="state"]').selectOption('stopped')
    await waitFor('stopped machines only', async () => (await cards().count()) === 2)
    assert.deepEqual(await cards().evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), ['stopped', 'stopped'])
    assert.match(page.url(), /state=stopped/)

    await page.reload()
    await waitFor('the filter after a reload', async () => (await cards().count()) === 2)
    assert.equal(await page.locator('select[name="state"]').inputValue(), 'stopped')

    await page.getByRole('button', { name: 'Clear filters' }).click()
    await page.locator('select[name="plant"]').selectOption('Plant South')
    await page.locator('select[name="model"]').selectOption('DMG Mori NLX 2500')
    await waitFor('Plant South DMG machines', async () => (await cards().count()) === 1)
    assert.equal(await cards().first().getAttribute('data-machine'), 'WEB-0002')
    assert.match(page.url(), /plant=Plant\+South/)

    await page.getByRole('button', { name: 'Clear filters' }).click()
    await page.locator('input[name="q"]').fill('web-0007')
    await waitFor('the text match', async () => (await cards().count()) === 1)
    assert.equal(await cards().first().getAttribute('data-machine'), 'WEB-0007')

    await page.goto(`${t.url}/?sort=rpm`)
    await waitFor('sorted cards', async () => (await cards().count()) === 10)
    const rpms = await page.locator('.card [data-field="rpm"]').allInnerTexts()
    const values = rpms.map((r) => (r === '—' ? -1 : Number(r.replace(/,/g, ''))))
    assert.deepEqual(values, [...values].sort((a, b) => b - a))
  })

  it('shows a sample ingested now on its card without a reload', async () => {
    await page.goto(t.url)
    const card = page.locator('[data-machine="WEB-0004"]')
    await card.waitFor()
    assert.equal(await card.getAttribute('data-state'), 'stopped')
    await ingest(t.url, [{ machine_id: 'WEB-0004', timestamp: new Date().toISOString(), state: 'running', rpm: 9876, feed_mm_min: 1234, program: 'O7777' }])
    await waitFor('the new sample on the card', async () => (await card.locator('[data-field="rpm"]').innerText()) === '9,876')
    assert.equal(await card.getAttribute('data-state'), 'running')
    assert.match(await card.innerText(), /O7777/)
  })

  it('draws the rpm and feed charts and the state band of a machine with history', async () => {
    // Two hours of one sample a minute: running with a stop in the middle.
    const now = Date.now()
    const samples = Array.from({ length: 120 }, (_, k) => {
      const stopped = k >= 50 && k < 60
      return { machine_id: 'WEB-0001', timestamp: new Date(now - (120 - k) * 60_000).toISOString(), state: stopped ? 'stopped' : 'running', rpm: stopped ? 0 : 3000 + (k % 10) * 200, feed_mm_min: stopped ? 0 : 900 }
    })
    await ingest(t.url, samples)
    await page.goto(`${t.url}/machines/WEB-0001?range=8h`)
    await page.locator('.charts canvas').nth(2).waitFor()
    const painted = await page.evaluate(() => {
      const style = getComputedStyle(document.documentElement)
      const hex = (name: string) => {
        const v = style.getPropertyValue(name).trim()
        return [1, 3, 5].map((i) => parseInt(v.slice(i, i + 2), 16))
      }
      const canvases = [...document.querySelectorAll<HTMLCanvasElement>('.charts canvas')]
      const count = (canvas: HTMLCanvasElement | undefined, rgb: number[]) => {
        if (!canvas) return 0
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray()
        let n = 0
        for (let i = 0; i < data.length; i += 4) if (Math.abs((data[i] ?? 0) - (rgb[0] ?? 0)) < 8 && Math.abs((data[i + 1] ?? 0) - (rgb[1] ?? 0)) < 8 && Math.abs((data[i + 2] ?? 0) - (rgb[2] ?? 0)) < 8) n++
        return n
      }
      return {
        rpm: count(canvases[0], hex('--chart-rpm')),
        feed: count(canvases[1], hex('--chart-feed')),
        running: count(canvases[2], hex('--state-running')),
        stopped: count(canvases[2], hex('--state-stopped')),
      }
    })
    assert.ok(painted.rpm > 100, `rpm line pixels: ${painted.rpm}`)
    assert.ok(painted.feed > 100, `feed line pixels: ${painted.feed}`)
    assert.ok(painted.running > painted.stopped && painted.stopped > 0, `state band pixels: ${JSON.stringify(painted)}`)
    assert.equal(await page.locator('.charts').getAttribute('data-resolution'), 'raw')
    const changes = await page.locator('.lists section').first().innerText()
    assert.match(changes, /running → stopped|stopped → running|→ running/)
  })

  it('renders a fleet of 500, virtualised, and finds the last machine by scrolling', async () => {
    await seedFleet(t.url, 490, { prefix: 'BIG' })
    await page.goto(t.url)
    await page.locator('h1', { hasText: '500 of 500 machines' }).waitFor()
    const rendered = await cards().count()
    assert.ok(rendered > 0 && rendered < 200, `cards in the DOM: ${rendered}`)
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    await page.locator('[data-machine="WEB-0010"]').waitFor()
    assert.equal(await page.locator('[data-machine="BIG-0001"]').count(), 0) // scrolled away, not in the DOM
  })

  it('shows one plant at a time in wall mode, as large tiles', async () => {
    await page.goto(`${t.url}/wall?rotate=60`)
    await page.locator('.tile').first().waitFor()
    // Plants in alphabetical order; 'Plant East' holds every third machine from the third on.
    assert.match(await page.locator('.wall-head h1').innerText(), /^Plant East \(1\/\d+\)$/)
    const ids = await page.locator('.tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-machine') ?? ''))
    assert.ok(ids.length > 0)
    for (const id of ids) assert.equal(Number(id.slice(-4)) % 3, 0, `${id} is not in Plant East`)
  })

  it('says the server is unreachable when it stops', async () => {
    await page.goto(t.url)
    await cards().first().waitFor()
    await t.close()
    await page.getByRole('alert').filter({ hasText: 'Server unreachable, retrying' }).waitFor()
    assert.deepEqual(pageErrors, [])
  })
})
