// The OEE page in real Chromium against the whole system: an oee.yaml with a plant calendar,
// telemetry of three machines sent through the API on a fake clock, and the page read and
// used as a plant manager and an operator would. Figures are compared with the API's own
// answer to the same query, and some with values worked out by hand below.
//
// Plant North, Europe/Berlin. Shift "early" 06:00–14:00 every day with lunch 10:00–10:30
// (planned busy time 27,000 s), and a night shift Saturday 22:00 → Sunday 06:00, which on
// 2026-10-25 runs through the hour that clocks go back (02:00–03:00 happens twice).
// The clock stands at Monday 2026-10-26 14:30 local (13:30Z).
//   M-A  part counter, ideal cycle 60 s but a part every 50 s of cutting (P > 100%),
//        running from Saturday 21:30 to Monday 14:00 except a stop Monday 08:00–08:30.
//   M-B  no part counter. Monday 06:00–14:00 running but idle 11:00–11:20 and stopped
//        12:30–12:35: run in PBT = 27,000 − 1,200 − 300 = 25,500 s → A = 94.4%; P, Q, OEE unknown.
//   M-C  part counter, no ideal cycle time (P unknown → OEE "A×Q (partial)"), running
//        06:00–12:00 then offline: no data 7,200 s → coverage 19,800 / 27,000 = 73.3%.
import assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { ingest, launchChromium } from './helpers/browser.js'
import { type TestSystem, getJson, postJson, sendJson, startTestSystem, tempDir, waitFor } from './helpers/system.js'

const OEE_YAML = `microstop_seconds: 120
reasons:
  - { code: changeover, label: Changeover, planned: false }
  - { code: material, label: Waiting for material, planned: false }
  - { code: tooling, label: Tool change, planned: false }
  - { code: breakdown, label: Breakdown, planned: false }
  - { code: cleaning, label: Cleaning, planned: false }
  - { code: maintenance, label: Planned maintenance, planned: true }
plants:
  - name: Plant North
    time_zone: Europe/Berlin
    locale: de-DE
    shifts:
      - name: early
        days: [sun, mon, tue, wed, thu, fri, sat]
        start: "06:00"
        end: "14:00"
        breaks: [{ name: lunch, start: "10:00", end: "10:30" }]
      - { name: night, days: [sat], start: "22:00", end: "06:00" }
ideal_cycles:
  - { machine: M-A, program: "*", seconds: 60 }
`

const NOW = Date.parse('2026-10-26T13:30:00Z')
const TODAY = '2026-10-26'
const FROM = '2026-09-27' // the default period: 30 days ending today
/** Monday 2026-10-26 at a local (CET, UTC+1) time. */
const mon = (local: string) => Date.parse(`2026-10-26T${local}+01:00`)
const STEP = 30_000
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
const pct = (v: number | null) => (v === null ? '—' : percent.format(v))
const inside = (ts: number, from: string, to: string) => ts >= mon(from) && ts < mon(to)

function machineA() {
  const samples = []
  let runS = 0
  for (let ts = Date.parse('2026-10-24T19:30:00Z'); ts <= mon('14:00:30'); ts += STEP) {
    const running = !inside(ts, '08:00:00', '08:30:00')
    samples.push({ machine_id: 'M-A', timestamp: new Date(ts).toISOString(), state: running ? 'running' : 'stopped', part_count: Math.floor(runS / 50), program: 'O100', rpm: running ? 6000 : 0 })
    if (running) runS += STEP / 1000
  }
  return samples
}

function machineB() {
  const samples = []
  for (let ts = mon('05:59:30'); ts <= mon('14:00:30'); ts += STEP) {
    const state = inside(ts, '11:00:00', '11:20:00') ? 'idle' : inside(ts, '12:30:00', '12:35:00') ? 'stopped' : 'running'
    samples.push({ machine_id: 'M-B', timestamp: new Date(ts).toISOString(), state, program: 'O200', rpm: state === 'running' ? 4000 : 0 })
  }
  return samples
}

function machineC() {
  const samples = []
  let runS = 0
  for (let ts = mon('05:59:30'); ts <= mon('14:00:30'); ts += STEP) {
    const running = ts < mon('12:00:00')
    samples.push({ machine_id: 'M-C', timestamp: new Date(ts).toISOString(), state: running ? 'running' : 'offline', part_count: Math.floor(runS / 120), program: 'O300' })
    if (running) runS += STEP / 1000
  }
  return samples
}

interface ApiStop { start: string; end: string; seconds: number; reason: string | null; coded_by: string | null }

describe('the OEE page in Chromium', () => {
  const dir = tempDir('cnc-telemetry-web-oee-')
  let t: TestSystem
  let browser: Browser
  let page: Page
  const pageErrors: string[] = []

  before(async () => {
    writeFileSync(join(dir, 'oee.yaml'), OEE_YAML)
    t = await startTestSystem('embedded', { clock: { now: () => NOW }, tune: (s) => { s.oee = { file: join(dir, 'oee.yaml'), refreshMs: 0, openDayRefreshMs: 0 } } })
    for (const id of ['M-A', 'M-B', 'M-C']) assert.equal((await sendJson('PUT', `${t.url}/v1/machines/${id}`, { plant: 'Plant North', model: 'DMG MORI NLX 2500' })).status, 200)
    await ingest(t.url, [...machineA(), ...machineB(), ...machineC()])
    const scrap = await postJson(`${t.url}/v1/machines/M-C/quality`, { date: TODAY, shift: 'early', scrap: 5, by: 'QA' })
    assert.equal(scrap.status, 201, JSON.stringify(scrap.body))
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'America/New_York' })
    page.on('pageerror', (e) => pageErrors.push(e.message))
  })
  after(async () => {
    await browser?.close()
    await t?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const card = (factor: string) => page.locator(`[data-factor="${factor}"]`)
  const cardValue = (factor: string) => card(factor).locator('[data-field="value"]').innerText()
  const api = async (path: string) => {
    const r = await getJson(`${t.url}${path}`)
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`)
    return r.body
  }
  const stopsOf = async (machine: string): Promise<ApiStop[]> => (await api(`/v1/machines/${machine}/stops?date=${TODAY}`)).stops
  const waitForCards = async (machine: string) => {
    await page.locator('h1', { hasText: machine ? `· ${machine} ·` : 'all plants' }).waitFor()
    await page.locator('[data-factor="oee"]:not([aria-busy="true"])').waitFor()
    // The previous scope's figures stay until the new ones arrive: wait for the loaded state.
    await waitFor('the cards of the scope', async () => (await page.locator('[aria-busy="true"]').count()) === 0)
  }

  it('shows the period\'s OEE, A, P and Q as the API computes them, with the P > 100% flag naming the program', async () => {
    await page.goto(`${t.url}/oee`)
    await waitForCards('')
    const { total } = await api(`/v1/oee?from=${FROM}&to=${TODAY}&group_by=machine`)
    assert.equal(total.basis, 'A×P×Q')
    assert.ok(total.performance_raw > 1, `P raw of the fleet: ${total.performance_raw}`)
    assert.equal(await cardValue('oee'), pct(total.oee))
    assert.equal(await cardValue('availability'), pct(total.availability))
    assert.equal(await cardValue('performance'), '100.0%') // capped for display
    assert.equal(await cardValue('quality'), pct(total.quality))
    assert.match(await card('oee').locator('[data-field="coverage"]').innerText(), new RegExp(`coverage ${pct(total.coverage)}`))
    assert.match(await card('performance').locator('[data-field="p-over-100"]').innerText(), /P > 100 %: ideal cycle time too slow \(O100\)/)
    assert.equal(await card('oee').locator('[data-field="basis"]').count(), 0, 'a full A×P×Q OEE carries no partial label')
    assert.match(await page.locator('[data-flag="performance_partial"]').innerText(), /performance covers/)
    assert.deepEqual(pageErrors, [])
  })

  it('shows a machine without part counter with A worked out by hand and P, Q, OEE as unknown, never 100%', async () => {
    await page.locator('select[name="machine"]').selectOption('M-B')
    await waitForCards('M-B')
    assert.match(page.url(), /machine=M-B/)
    assert.equal(await cardValue('availability'), '94.4%') // 25,500 / 27,000
    assert.equal(await page.locator('[data-field="planned_busy"] dd').innerText(), '7 h 30 min') // 27,000 s
    assert.equal(await page.locator('[data-field="run"] dd').innerText(), '7 h 05 min') // 25,500 s
    for (const factor of ['oee', 'performance', 'quality']) {
      assert.equal(await cardValue(factor), '—', `${factor} of M-B`)
      assert.match(await card(factor).locator('[data-field="unknown"]').innerText(), /unknown: .*(part counter|performance and quality are both unknown)/)
    }
    assert.match(await page.locator('[data-flag="no_part_counter"]').innerText(), /No part counter/)
  })

  it('labels a partial OEE with its basis and highlights low coverage', async () => {
    await page.locator('select[name="machine"]').selectOption('M-C')
    await waitForCards('M-C')
    const { total } = await api(`/v1/oee?from=${FROM}&to=${TODAY}&machine_id=M-C&group_by=machine`)
    assert.equal(total.basis, 'A×Q (partial)')
    assert.equal(await card('oee').locator('[data-field="basis"]').innerText(), 'A×Q (partial)')
    assert.equal(await cardValue('oee'), '—', 'a partial OEE is not the big number')
    assert.match(await card('oee').locator('[data-field="unknown"]').innerText(), /performance is unknown: no ideal cycle time for O300/)
    assert.equal(await card('oee').locator('[data-field="partial"]').innerText(), `A×Q (partial): ${pct(total.oee)} — not an OEE: it leaves out what is unknown`)
    assert.equal(await page.locator('div[data-field="teep"] dd').innerText(), '—', 'TEEP needs the full OEE')
    assert.equal(await cardValue('quality'), pct(total.quality))
    assert.equal(await cardValue('performance'), '—')
    assert.match(await card('performance').locator('[data-field="unknown"]').innerText(), /no ideal cycle time for O300/)
    const coverage = card('oee').locator('[data-field="coverage"]')
    assert.match(await coverage.innerText(), /coverage 73\.3% — low/) // 19,800 / 27,000
    assert.match(await coverage.getAttribute('class') ?? '', /\blow\b/)
  })

  it('draws the daily trend, with days without figures left out rather than drawn as zero', async () => {
    await page.goto(`${t.url}/oee`)
    const chart = page.locator('.oee-trend .chart')
    await chart.locator('canvas').waitFor()
    const { groups } = await api(`/v1/oee?from=${FROM}&to=${TODAY}&group_by=day`)
    const withFigures = groups.filter((g: { figures: { availability: number | null } }) => g.figures.availability !== null).length
    assert.ok(withFigures >= 2 && withFigures < 30, `days with figures: ${withFigures}`)
    assert.match(await chart.getAttribute('aria-label') ?? '', new RegExp(`${withFigures} of 30 days have figures`))
    const painted = await chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const style = getComputedStyle(document.documentElement)
      const rgb = (name: string) => [1, 3, 5].map((i) => parseInt(style.getPropertyValue(name).trim().slice(i, i + 2), 16))
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray()
      const count = (c: number[]) => {
        let n = 0
        for (let i = 0; i < data.length; i += 4) if ([0, 1, 2].every((k) => Math.abs((data[i + k] ?? 0) - (c[k] ?? 0)) < 10)) n++
        return n
      }
      // Pixels of the A, P and Q lines between 15% and 50% of the width: the first weeks,
      // which have no figures (the lines drawn at 0 would lie on top of each other there).
      const colours = ['--chart-a', '--chart-p', '--chart-q'].map(rgb)
      const a = colours[0] ?? []
      let early = 0
      for (let y = 0; y < canvas.height; y++) for (let x = Math.round(canvas.width * 0.15); x < canvas.width * 0.5; x++) {
        const i = (y * canvas.width + x) * 4
        if (colours.some((c) => [0, 1, 2].every((k) => Math.abs((data[i + k] ?? 0) - (c[k] ?? 0)) < 10))) early++
      }
      return { a: count(a), q: count(rgb('--chart-q')), early }
    })
    assert.ok(painted.a > 20, `availability pixels: ${JSON.stringify(painted)}`)
    assert.ok(painted.q > 20, `quality pixels: ${JSON.stringify(painted)}`)
    assert.equal(painted.early, 0, 'no line where the days have no figures')
  })

  it('draws the machine × day heatmap with a titled cell per machine and day, and selects a machine from it', async () => {
    const rows = page.locator('table.machine-days tbody tr')
    await rows.first().waitFor()
    assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-machine'))), ['M-A', 'M-B', 'M-C'])
    assert.equal(await page.locator('table.machine-days tr[data-machine="M-A"] td').count(), 30)
    const grid = await api(`/v1/oee/grid?from=${FROM}&to=${TODAY}`)
    const a = grid.machines.find((m: { machine_id: string }) => m.machine_id === 'M-A').days[TODAY]
    const cellA = page.locator(`tr[data-machine="M-A"] td[data-date="${TODAY}"]`)
    assert.equal(await cellA.getAttribute('data-kind'), 'value')
    assert.match(await cellA.getAttribute('title') ?? '', new RegExp(`OEE ${pct(a.oee)}; A ${pct(a.availability)}, P ${pct(a.performance)}.*coverage ${pct(a.coverage)}`))
    const cellB = page.locator(`tr[data-machine="M-B"] td[data-date="${TODAY}"]`)
    assert.match(await cellB.getAttribute('title') ?? '', /OEE unknown .*coloured by availability 94\.4%/)
    assert.equal(await cellB.innerText(), 'A94')
    const cellC = page.locator(`tr[data-machine="M-C"] td[data-date="${TODAY}"]`)
    assert.match(await cellC.getAttribute('title') ?? '', /OEE unknown \(A×Q \(partial\) [\d.]+%: performance unknown\), coloured by availability.*coverage 73\.3%/)
    assert.match(await cellC.innerText(), /^A\d+$/, 'no "100*": availability, marked A')
    assert.equal(await page.locator('tr[data-machine="M-B"] td[data-date="2026-10-01"]').getAttribute('data-kind'), 'no-data')

    await page.locator('tr[data-machine="M-A"]').getByRole('button', { name: 'M-A' }).click()
    await page.locator('h2', { hasText: 'M-A by hour' }).waitFor()
    assert.match(page.url(), /machine=M-A/)
    assert.equal(await page.locator('tr[data-machine="M-A"]').getAttribute('class'), 'selected')
  })

  it('places the hours of the day clocks go back by their clock hour, the repeated hour in two halves', async () => {
    const hours = await api(`/v1/machines/M-A/oee/hours?from=${FROM}&to=${TODAY}`)
    const dst = hours.days.find((d: { date: string }) => d.date === '2026-10-25')
    assert.equal(dst.hours.length, 25, 'the API gives the 25 hours of the DST day')
    const row = page.locator('table.hours tr[data-date="2026-10-25"]')
    await row.waitFor()
    assert.equal(await row.getAttribute('data-hours'), '25')
    assert.equal(await row.locator('td').count(), 24)
    const twice = row.locator('td[data-hour="2"]')
    assert.equal(await twice.getAttribute('data-parts'), '2')
    assert.match(await twice.getAttribute('title') ?? '', /happened twice[\s\S]*first time[\s\S]*second time/)
    assert.equal(await row.locator('td[data-hour="3"]').getAttribute('data-parts'), '1')
    assert.match(await page.locator('table.hours tr[data-date="2026-10-25"] th').innerText(), /\(25 h\)/)
    // Monday: before the early shift is not planned (not 0%); after 14:30 is still to come.
    const monday = page.locator(`table.hours tr[data-date="${TODAY}"]`)
    assert.equal(await monday.locator('td[data-hour="3"]').getAttribute('data-kind'), 'not-planned')
    assert.equal(await monday.locator('td[data-hour="20"]').getAttribute('data-kind'), 'future')
    // Saturday's early shift was planned, but M-A sent nothing before 21:30.
    assert.equal(await page.locator('table.hours tr[data-date="2026-10-24"] td[data-hour="7"]').getAttribute('data-kind'), 'no-data')
    const nine = hours.days.find((d: { date: string }) => d.date === TODAY).hours.find((h: { hour: number }) => h.hour === 9)
    assert.match(await monday.locator('td[data-hour="9"]').getAttribute('title') ?? '', new RegExp(`A ${pct(nine.availability)}`))
  })

  it('shows the stops nobody coded in the Pareto as "Not coded yet", hatched, leading to the coding view', async () => {
    await page.goto(`${t.url}/oee`)
    const row = page.locator('.pareto-table tr[data-reason="uncoded"]')
    await row.waitFor()
    const pareto = await api(`/v1/oee/pareto?from=${FROM}&to=${TODAY}`)
    assert.equal(pareto.reasons[0].reason, 'uncoded')
    assert.equal(pareto.reasons[0].seconds, 1_800 + 1_200 + 300) // M-A's stop and M-B's two
    assert.match(await row.innerText(), /Not coded yet\s+55 min\s+100\.0%/)
    const fills = await page.locator('.pareto svg g.bar rect').evaluateAll((els) => els.map((e) => getComputedStyle(e).fill))
    assert.match(fills[0] ?? '', /uncoded-hatch/, 'the uncoded bar is hatched')
    assert.ok(fills.slice(1).every((f) => !f.includes('uncoded-hatch')), `only the uncoded bar is hatched: ${fills.join(', ')}`)
    await row.getByRole('button', { name: 'Not coded yet' }).click()
    await waitFor('the coding heading focused', () => page.evaluate(() => document.activeElement?.id === 'oee-coding'))
  })

  it('codes an uncoded stop from the keyboard; the stop and the Pareto follow, and the cards are read again', async () => {
    await page.goto(`${t.url}/oee?machine=M-A`)
    const stop = page.locator('table.stops tr.uncoded')
    await stop.waitFor()
    assert.match(await stop.innerText(), /08:00–08:30\s+30 min\s+Not coded yet/)
    await page.locator('[data-factor="oee"]').waitFor()
    const asked: string[] = []
    const onRequest = (r: { url(): string }) => { if (new URL(r.url()).pathname === '/v1/oee') asked.push(r.url()) }
    page.on('request', onRequest)
    const button = stop.getByRole('button', { name: 'Code the stop 08:00–08:30 as Changeover' })
    await button.focus()
    await page.keyboard.press('Enter')
    await page.getByRole('status').filter({ hasText: 'Coded the stop 08:00 as Changeover' }).waitFor()
    const [coded] = await stopsOf('M-A')
    assert.equal(coded?.reason, 'changeover')
    assert.equal(coded?.coded_by, 'dashboard')
    const pareto = await api(`/v1/oee/pareto?from=${FROM}&to=${TODAY}&machine_id=M-A`)
    assert.deepEqual(pareto.reasons.map((r: { reason: string; seconds: number }) => [r.reason, r.seconds]), [['changeover', 1_800]])
    await page.locator('.pareto-table tr[data-reason="changeover"]').waitFor()
    assert.equal(await page.locator('.pareto-table tr[data-reason="uncoded"]').count(), 0)
    await page.locator('table.stops tr[data-coded="changeover"]').waitFor()
    page.off('request', onRequest)
    assert.ok(asked.some((u) => /machine_id=M-A&group_by=machine/.test(u)), `the cards were read again: ${asked.join(', ')}`)
  })

  it('codes several stops at once, and says in words why the server refused', async () => {
    await page.goto(`${t.url}/oee?machine=M-B`)
    const rows = page.locator('table.stops tr.uncoded')
    await waitFor('two uncoded stops of M-B', async () => (await rows.count()) === 2)
    for (const box of await page.locator('table.stops input[type="checkbox"]').all()) await box.check()
    await page.locator('input[name="note"]').fill('x'.repeat(600))
    await page.getByRole('button', { name: 'Code 2 as Waiting for material' }).click()
    const refusal = page.getByRole('alert').filter({ hasText: 'Could not code the stop 11:00–11:20' })
    await refusal.waitFor()
    assert.match(await refusal.innerText(), /note must be a string of at most 500 characters/)
    assert.deepEqual((await stopsOf('M-B')).map((s) => s.reason), [null, null])

    await page.locator('input[name="note"]').fill('pallet late')
    await page.getByRole('button', { name: 'Code 2 as Waiting for material' }).click()
    await page.getByRole('status').filter({ hasText: 'Coded 2 stops as Waiting for material' }).waitFor()
    assert.deepEqual((await stopsOf('M-B')).map((s) => s.reason), ['material', 'material'])

    // Coded again: the newest reason is the stop's reason.
    const second = page.locator('table.stops tr[data-coded]').nth(1)
    await second.getByRole('button', { name: 'Change reason' }).click()
    await second.getByRole('button', { name: /as Tool change$/ }).click()
    await page.getByRole('status').filter({ hasText: 'as Tool change' }).waitFor()
    assert.deepEqual((await stopsOf('M-B')).map((s) => s.reason), ['material', 'tooling'])
  })

  it('lists what nobody coded yet on every machine when none is chosen, and codes stops of two machines at once', async () => {
    await page.goto(`${t.url}/oee`)
    const summary = page.locator('[data-field="stop-summary"]')
    await summary.filter({ hasText: 'Every stop long enough to count is coded (all plants, 2026-09-27 to 2026-10-26).' }).waitFor()
    // Data of earlier days arrives late (CEST, UTC+2, before the clocks went back):
    // M-C idle Tuesday 06:10–06:40 (30 min), M-B stopped Wednesday 09:00–09:20 (20 min).
    const late = []
    for (let ts = Date.parse('2026-10-20T05:59:30+02:00'); ts <= Date.parse('2026-10-20T08:00:00+02:00'); ts += STEP) {
      const idle = ts >= Date.parse('2026-10-20T06:10:00+02:00') && ts < Date.parse('2026-10-20T06:40:00+02:00')
      late.push({ machine_id: 'M-C', timestamp: new Date(ts).toISOString(), state: idle ? 'idle' : 'running', part_count: 0, program: 'O300' })
    }
    for (let ts = Date.parse('2026-10-21T05:59:30+02:00'); ts <= Date.parse('2026-10-21T10:00:00+02:00'); ts += STEP) {
      const stopped = ts >= Date.parse('2026-10-21T09:00:00+02:00') && ts < Date.parse('2026-10-21T09:20:00+02:00')
      late.push({ machine_id: 'M-B', timestamp: new Date(ts).toISOString(), state: stopped ? 'stopped' : 'running', program: 'O200' })
    }
    await ingest(t.url, late)
    await t.system.oee.refresh() // the refresh loop is off in tests
    await page.goto(`${t.url}/oee`)
    await summary.filter({ hasText: '2 stops not coded yet (all plants, 2026-09-27 to 2026-10-26): 50 min of downtime without a reason.' }).waitFor()
    const rows = page.locator('table.stops tbody tr')
    const cells = await rows.evaluateAll((els) => els.map((e) => [...e.querySelectorAll('td')].slice(1, 5).map((td) => (td as HTMLElement).innerText.trim())))
    assert.deepEqual(cells, [
      ['M-B', '2026-10-21 09:00–09:20', '20 min', 'Not coded yet'],
      ['M-C', '2026-10-20 06:10–06:40', '30 min', 'Not coded yet'],
    ])
    for (const box of await page.locator('table.stops input[type="checkbox"]').all()) await box.check()
    await page.getByRole('button', { name: 'Code 2 as Cleaning' }).click()
    await page.getByRole('status').filter({ hasText: 'Coded 2 stops as Cleaning.' }).waitFor()
    await summary.filter({ hasText: 'Every stop long enough to count is coded' }).waitFor()
    const codedC = (await api('/v1/machines/M-C/stops?date=2026-10-20')).stops as ApiStop[]
    const codedB = (await api('/v1/machines/M-B/stops?date=2026-10-21')).stops as ApiStop[]
    assert.deepEqual([...codedC, ...codedB].map((x) => [x.start, x.reason]), [
      [new Date(Date.parse('2026-10-20T06:10:00+02:00')).toISOString(), 'cleaning'],
      [new Date(Date.parse('2026-10-21T09:00:00+02:00')).toISOString(), 'cleaning'],
    ])
    assert.equal((await api(`/v1/stops?from=${FROM}&to=${TODAY}&coded=false`)).matching, 0)
  })

  it('offers the same figures as CSV and PDF with the page\'s query', async () => {
    await page.goto(`${t.url}/oee?plant=Plant+North&machine=M-A&days=7`)
    const csv = page.locator('a[data-export="csv"]')
    await csv.waitFor()
    const href = new URL(await csv.getAttribute('href') ?? '', t.url)
    assert.equal(href.pathname, '/v1/reports/oee.csv')
    assert.deepEqual(Object.fromEntries(href.searchParams), { from: '2026-10-20', to: TODAY, plant: 'Plant North', machine_id: 'M-A', group_by: 'machine' })
    assert.ok(await csv.getAttribute('download'))
    const pdfHref = await page.locator('a[data-export="pdf"]').getAttribute('href') ?? ''
    assert.match(pdfHref, /^\/v1\/reports\/oee\.pdf\?from=2026-10-20&to=2026-10-26&plant=Plant\+North&machine_id=M-A&group_by=machine$/)
    const pdf = await fetch(new URL(pdfHref, t.url))
    assert.equal(pdf.headers.get('content-type'), 'application/pdf')
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-')
  })

  it('says what to do when a period has no OEE', async () => {
    await page.goto(`${t.url}/oee?from=2026-10-01&to=2026-10-05`)
    await page.getByText('No OEE yet: no planned time in this period').waitFor()
    assert.match(await page.locator('main').innerText(), /Define shifts in oee\.yaml — see docs\/oee\.md/)
    assert.deepEqual(pageErrors, [])
  })
})
