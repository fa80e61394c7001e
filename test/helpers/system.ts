// Starts the whole system on a free loopback port for a test, on one of the database drivers:
// - embedded: PGlite in this process, in a fresh temporary data directory;
// - server:   the server driver (node-postgres) against an embedded database that the test
//             serves over the PostgreSQL wire protocol;
// - external: the server driver against TEST_DATABASE_URL (a real TimescaleDB), when set.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningSystem, startSystem } from '../../src/app.js'
import type { Clock } from '../../src/domain/clock.js'
import { type Settings, defaultSettings } from '../../src/settings.js'
import { openEmbeddedDb } from '../../src/store/embedded.js'
import { serveWireProtocol } from '../../src/store/wireServer.js'

export type Driver = 'embedded' | 'server' | 'external'

/** The drivers this run can test: external only when TEST_DATABASE_URL is set. */
export const DRIVERS: Driver[] = process.env.TEST_DATABASE_URL ? ['embedded', 'server', 'external'] : ['embedded', 'server']

export interface TestSystem {
  url: string
  system: RunningSystem
  dataDir: string
  close(): Promise<void>
}

export function tempDir(prefix = 'cnc-telemetry-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export async function startTestSystem(driver: Driver = 'embedded', options: { clock?: Clock; tune?: (s: Settings) => void } = {}): Promise<TestSystem> {
  const dataDir = tempDir()
  const settings = defaultSettings()
  settings.host = '127.0.0.1'
  settings.port = 0
  settings.jobTickMs = 3_600_000 // tests run jobs explicitly
  let cleanup = async () => {}
  if (driver === 'embedded') {
    settings.database = { kind: 'embedded', dataDir }
  } else if (driver === 'server') {
    const served = await openEmbeddedDb(dataDir)
    const wire = await serveWireProtocol(served.pglite, '127.0.0.1', 0)
    // A wire-served PGlite has one connection at a time: a pool of one.
    settings.database = { kind: 'server', url: wire.url, poolSize: 1 }
    cleanup = async () => {
      await wire.close()
      await served.close()
    }
  } else {
    const url = process.env.TEST_DATABASE_URL
    if (!url) throw new Error('TEST_DATABASE_URL is not set')
    settings.database = { kind: 'server', url }
  }
  options.tune?.(settings)
  const system = await startSystem(settings, { clock: options.clock, logger: false })
  const address = system.api.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    system,
    dataDir,
    async close() {
      await system.close()
      await cleanup()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A machine id no other test (or earlier run against an external database) uses. */
export function uniqueMachineId(prefix = 'T'): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return sendJson('POST', url, body, headers)
}

export async function sendJson(method: 'POST' | 'PUT', url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(url, { method, headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = text
  }
  return { status: response.status, headers: response.headers, body: json as Record<string, unknown> & { [k: string]: any } } // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are inspected freely
}

export async function getJson(url: string) {
  const response = await fetch(url)
  return { status: response.status, body: (await response.json()) as any } // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are inspected freely
}

export const isoAgo = (ms: number, now = Date.now()) => new Date(now - ms).toISOString()

/** Polls `probe` until it returns something truthy (which it returns), or fails naming `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
