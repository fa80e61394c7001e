// npm run screenshots: the dashboard's pages as docs/screenshots/*.png, taken in Chromium from
// the real server running 10 simulated machines (`serve --simulate 10`) with one alert rule.
// Not a benchmark: it lives here because it drives the real system the same way bench:ui does.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { freePort } from '../test/helpers/cli.js'
import { launchChromium } from '../test/helpers/browser.js'
import { startServer } from './lib.js'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '120' } } })
const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))

const receiver = createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(200).end('ok')) })
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const address = receiver.address()
const hook = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`

const dir = mkdtempSync(join(tmpdir(), 'cnc-telemetry-screenshots-'))
writeFileSync(join(dir, 'alerts.yaml'), `rules:
  - name: spindle_overspeed
    description: spindle above 12,000 rpm
    machine_id: "CNC-SIM-*"
    condition: rpm > 12000 AND state == 'running'
    severity: warning
    resolve_after_seconds: 600
    channels:
      - type: webhook
        url: ${hook}
`)
const port = await freePort()
const url = `http://127.0.0.1:${port}`
const started = Date.now()
const server = await startServer(['--host', '127.0.0.1', '--port', String(port), '--data-dir', join(dir, 'data'), '--simulate', '10', '--alerts', join(dir, 'alerts.yaml')])
const browser = await launchChromium()
try {
  console.error(`server on ${url}; letting the simulated machines run ${values.seconds} s`)
  await new Promise((r) => setTimeout(r, Number(values.seconds) * 1000))
  mkdirSync(OUT, { recursive: true })
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } })
  const shoot = async (name: string, path: string, ready: string) => {
    await page.goto(`${url}${path}`)
    await page.locator(ready).first().waitFor()
    await page.waitForTimeout(1500)
    await page.screenshot({ path: join(OUT, `${name}.png`) })
    console.log(`docs/screenshots/${name}.png  ${path}`)
  }
  await shoot('fleet', '/', '.card')
  const now = Date.now()
  // The whole life of this server so far: drag-to-zoom writes the same from/to into the URL.
  await shoot('machine', `/machines/CNC-SIM-002?range=1h&from=${started}&to=${now}`, '.charts canvas')
  await shoot('alerts', '/alerts', 'h1')
  await shoot('wall', '/wall', '.tile')
  await page.emulateMedia({ colorScheme: 'dark' })
  await shoot('fleet-dark', '/?sort=attention', '.card')
  const tablet = await browser.newPage({ viewport: { width: 820, height: 1180 }, colorScheme: 'light' })
  await tablet.goto(`${url}/machines/CNC-SIM-001`)
  await tablet.locator('.charts canvas').first().waitFor()
  await tablet.waitForTimeout(1500)
  await tablet.screenshot({ path: join(OUT, 'machine-tablet.png') })
  console.log('docs/screenshots/machine-tablet.png  /machines/CNC-SIM-001 (tablet, 820×1180)')
} finally {
  await browser.close()
  await server.stop()
  await new Promise((resolve) => receiver.close(resolve))
  rmSync(dir, { recursive: true, force: true })
}
