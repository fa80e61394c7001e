// bench:ui — the dashboard in real Chromium against the real server (its own process):
//   - time to first render of the fleet page and to a fully populated grid, for 10, 500 and
//     1,000 machines (median of 3 cold loads, each in a fresh browser context);
//   - frame times while 1,000 machines each send a sample a second.
// Measured in the page with the Performance API (performance.now from navigation start,
// requestAnimationFrame intervals, long tasks). Loopback only.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser } from 'playwright-core'
import { freePort } from '../test/helpers/cli.js'
import { ingest, launchChromium, seedFleet, seededMachine } from '../test/helpers/browser.js'
import { fmt, machineLine, progress, startServer, summarize } from './lib.js'

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10,500,1000' }, seconds: { type: 'string', default: '15' }, loads: { type: 'string', default: '3' } } })
const sizes = values.sizes.split(',').map(Number)
const updateSeconds = Number(values.seconds)
const loads = Number(values.loads)

// Installed before the page's own scripts: notes when the first card and the full grid appear.
const PROBE = `(() => {
  const marks = {}
  window.__uiBench = marks
  const expected = Number(new URLSearchParams(location.search).get('expect'))
  const check = () => {
    if (marks.firstCard === undefined && document.querySelector('.card')) marks.firstCard = performance.now()
    const h1 = document.querySelector('.fleet-head h1')
    if (marks.populated === undefined && h1 && h1.textContent.includes(expected + ' of ' + expected + ' machines') && document.querySelector('.card')) {
      // The grid is in the DOM; it counts as shown once the next frame has been painted.
      const at = performance.now()
      requestAnimationFrame(() => setTimeout(() => { marks.populated = at; marks.populatedPainted = performance.now() }, 0))
      observer.disconnect()
    }
  }
  const observer = new MutationObserver(check)
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true, characterData: true }))
})()`

interface LoadFigures { fcp: number; firstCard: number; populated: number }

async function coldLoad(browser: Browser, url: string, n: number): Promise<LoadFigures> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
  await context.addInitScript(PROBE)
  const page = await context.newPage()
  await page.goto(`${url}/?expect=${n}`)
  await page.waitForFunction(() => (window as unknown as { __uiBench: { populatedPainted?: number } }).__uiBench.populatedPainted !== undefined, undefined, { timeout: 60_000 })
  const figures = await page.evaluate(() => {
    const marks = (window as unknown as { __uiBench: { firstCard: number; populatedPainted: number } }).__uiBench
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN
    return { fcp, firstCard: marks.firstCard, populated: marks.populatedPainted }
  })
  await context.close()
  return figures
}

async function frameTimes(browser: Browser, url: string, n: number, seconds: number) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
  const page = await context.newPage()
  await page.goto(url)
  await page.locator('.fleet-head h1', { hasText: `${n} of ${n} machines` }).waitFor({ timeout: 60_000 })
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __long: number[]; __stop: boolean }
    w.__frames = []
    w.__long = []
    w.__stop = false
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__long.push(e.duration) }).observe({ type: 'longtask' })
    let last = performance.now()
    const frame = (t: number) => {
      w.__frames.push(t - last)
      last = t
      if (!w.__stop) requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  })
  // Every machine sends one sample a second, spread over the second in ten batches, as
  // gateways would (the server commits them in groups and the stream coalesces them).
  const machines = Array.from({ length: n }, (_, i) => seededMachine(i))
  const end = Date.now() + seconds * 1000
  let tick = 0
  let sent = 0
  while (Date.now() < end) {
    const started = Date.now()
    const slice = machines.filter((_, i) => i % 10 === tick % 10)
    await ingest(url, slice.map((m, i) => ({ machine_id: m.id, timestamp: new Date(started).toISOString(), state: (tick + i) % 7 === 0 ? 'idle' : 'running', rpm: 3000 + ((tick * 37 + i) % 5000), feed_mm_min: 500 + (tick % 300), part_count: tick })))
    sent += slice.length
    tick++
    await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - started))))
  }
  const result = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __long: number[]; __stop: boolean }
    w.__stop = true
    return { frames: w.__frames.slice(1), long: w.__long }
  })
  await context.close()
  return { ...result, samplesPerSecond: sent / seconds }
}

const median = (xs: number[]) => summarize(xs).p50

/** Waits until the server is done with the seed's after-work (alert evaluation of every new machine). */
async function settled(url: string): Promise<void> {
  for (let quick = 0; quick < 5;) {
    const started = performance.now()
    await (await fetch(`${url}/v1/machines`)).arrayBuffer()
    quick = performance.now() - started < 50 ? quick + 1 : 0
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function main(): Promise<void> {
  const browser = await launchChromium()
  console.log(`bench:ui — ${machineLine()}, Chromium ${browser.version()} headless`)
  console.log('\n| machines | first contentful paint | first card | grid fully populated |')
  console.log('|---:|---:|---:|---:|')
  let updateUrl: string | undefined
  let stopUpdate: (() => Promise<void>) | undefined
  let updateDir: string | undefined
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'cnc-telemetry-bench-ui-'))
    const port = await freePort()
    const server = await startServer(['--host', '127.0.0.1', '--port', String(port), '--data-dir', dir, '--simulate', '0'])
    const url = `http://127.0.0.1:${port}`
    progress(`seeding ${n} machines`)
    await seedFleet(url, n)
    await settled(url)
    const runs: LoadFigures[] = []
    for (let i = 0; i < loads; i++) {
      progress(`${n} machines: load ${i + 1}/${loads}`)
      runs.push(await coldLoad(browser, url, n))
    }
    progress('')
    process.stderr.write('\r')
    console.log(`| ${fmt(n)} | ${fmt(median(runs.map((r) => r.fcp)))} ms | ${fmt(median(runs.map((r) => r.firstCard)))} ms | ${fmt(median(runs.map((r) => r.populated)))} ms |`)
    if (n === Math.max(...sizes)) {
      updateUrl = url
      stopUpdate = server.stop
      updateDir = dir
    } else {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  if (updateUrl && stopUpdate) {
    const n = Math.max(...sizes)
    progress(`${n} machines updating at 1 Hz for ${updateSeconds} s`)
    const r = await frameTimes(browser, updateUrl, n, updateSeconds)
    process.stderr.write('\r'.padEnd(80) + '\r')
    const f = summarize(r.frames)
    const over50 = r.frames.filter((x) => x > 50).length
    console.log(`\nframe times, ${fmt(n)} machines updating at 1 Hz (${fmt(r.samplesPerSecond)} samples/s ingested) for ${updateSeconds} s: ` +
      `${fmt(f.n)} frames, p50 ${fmt(f.p50, 1)} ms, p95 ${fmt(f.p95, 1)} ms, p99 ${fmt(f.p99, 1)} ms, max ${fmt(Math.max(...r.frames), 1)} ms; ` +
      `${over50} frames over 50 ms; ${r.long.length} long tasks (> 50 ms)${r.long.length ? `, longest ${fmt(Math.max(...r.long))} ms` : ''}`)
    await stopUpdate()
    if (updateDir) rmSync(updateDir, { recursive: true, force: true })
  }
  await browser.close()
}

await main()
