// Real Chromium (Debian's `chromium`, installed by .ci/run) driven by playwright-core, and a
// fleet seeded through the public API, for the dashboard's tests, benchmark and screenshots.
import { type Browser, chromium } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
}

export interface SeededMachine {
  id: string
  plant: string
  model: string
}

const PLANTS = ['Plant North', 'Plant South', 'Plant East']
const MODELS = ['Haas VF-2', 'DMG Mori NLX 2500', 'Mazak Integrex i-200', 'Okuma Genos M560']
const STATES = ['running', 'running', 'idle', 'stopped', 'running'] as const

/** Machine `i` of a seeded fleet: its id, plant and model. */
export function seededMachine(i: number, prefix = 'WEB'): SeededMachine {
  return { id: `${prefix}-${String(i + 1).padStart(4, '0')}`, plant: PLANTS[i % PLANTS.length] as string, model: MODELS[i % MODELS.length] as string }
}

/**
 * Registers `n` machines (PUT /v1/machines/{id}) and sends each `samplesEach` samples a
 * second apart ending now (POST /v1/telemetry/ingest), as a gateway would.
 */
export async function seedFleet(url: string, n: number, options: { prefix?: string; samplesEach?: number; now?: number } = {}): Promise<SeededMachine[]> {
  const machines = Array.from({ length: n }, (_, i) => seededMachine(i, options.prefix))
  for (let i = 0; i < machines.length; i += 25) {
    await Promise.all(machines.slice(i, i + 25).map(async (m) => {
      const r = await fetch(`${url}/v1/machines/${m.id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ plant: m.plant, model: m.model }) })
      if (!r.ok) throw new Error(`registering ${m.id}: ${r.status} ${await r.text()}`)
    }))
  }
  const now = options.now ?? Date.now()
  const samplesEach = options.samplesEach ?? 1
  const samples = []
  for (let k = samplesEach - 1; k >= 0; k--) {
    for (const [i, m] of machines.entries()) {
      const state = STATES[i % STATES.length] as string
      samples.push({
        machine_id: m.id, timestamp: new Date(now - k * 1000).toISOString(), state,
        rpm: state === 'running' ? 4000 + (i % 7) * 500 + k : 0, feed_mm_min: state === 'running' ? 800 + (i % 5) * 100 : 0,
        program: `O${1000 + (i % 40)}`, part_count: 100 + i,
      })
    }
  }
  for (let i = 0; i < samples.length; i += 5000) await ingest(url, samples.slice(i, i + 5000))
  return machines
}

export async function ingest(url: string, samples: unknown[]): Promise<void> {
  const r = await fetch(`${url}/v1/telemetry/ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(samples) })
  const body = await r.text()
  if (!r.ok) throw new Error(`ingest answered ${r.status}: ${body}`)
  const result = JSON.parse(body) as { rejected: number }
  if (result.rejected > 0) throw new Error(`ingest rejected samples: ${body}`)
}
