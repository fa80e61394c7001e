// npm run bench:ingest -- [--seconds 20] [--clients 16] [--batch 500] [--machines 96]
//
// Many concurrent clients post batches over HTTP to the real server (its own process, the
// embedded database) for a fixed time; then, in the same run, the same engine's raw insert
// rate without HTTP. Prints points/s, acknowledgement latency and the ratio.
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createServer } from 'node:net'
import { openEmbeddedDb } from '../src/store/embedded.js'
import { migrate } from '../src/store/migrate.js'
import { type StoredRow, insertTelemetry } from '../src/store/telemetry.js'
import { fmt, machineLine, progress, startServer, summarize } from './lib.js'

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    clients: { type: 'string', default: '16' },
    batch: { type: 'string', default: '500' },
    machines: { type: 'string', default: '96' },
  },
})
const seconds = Number(args.seconds)
const clients = Number(args.clients)
const batch = Number(args.batch)
const machines = Math.max(clients, Number(args.machines))

const STATES = ['running', 'idle', 'stopped'] as const
const start = Date.now() - 3_600_000

/** Each machine belongs to one client (as a gateway owns its machines) and moves forward in time. */
function makeBatch(client: number, counters: number[]): object[] {
  const own = Array.from({ length: Math.ceil(machines / clients) }, (_, i) => client + i * clients).filter((m) => m < machines)
  return Array.from({ length: batch }, (_, i) => {
    const m = own[i % own.length] as number
    const k = ++counters[m]!
    return {
      machine_id: `BENCH-${String(m + 1).padStart(3, '0')}`,
      timestamp: new Date(start + k * 20).toISOString(),
      rpm: 2000 + (k % 4000), feed_mm_min: 500 + (k % 900), state: STATES[Math.floor(k / 500) % 3], part_count: Math.floor(k / 300),
    }
  })
}

async function httpRun(): Promise<{ points: number; rate: number; latency: ReturnType<typeof summarize>; stored: number }> {
  const dataDir = join(tmpdir(), `cnc-bench-ingest-${process.pid}`)
  rmSync(dataDir, { recursive: true, force: true })
  const port = await freePort()
  const server = await startServer(['--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir])
  const url = `http://127.0.0.1:${port}/v1/telemetry/ingest`
  const counters = new Array<number>(machines).fill(0)
  const latencies: number[] = []
  let points = 0
  const began = performance.now()
  const end = began + seconds * 1000
  const ticker = setInterval(() => progress(`HTTP: ${fmt(points / ((performance.now() - began) / 1000))} points/s, ${fmt(points)} acknowledged`), 1000)
  const load = Promise.all(Array.from({ length: clients }, async (_, c) => {
    while (performance.now() < end) {
      const body = JSON.stringify(makeBatch(c, counters))
      const t0 = performance.now()
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      const result = (await response.json()) as { accepted?: number; message?: string }
      if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${result.message}`)
      latencies.push(performance.now() - t0)
      points += result.accepted ?? 0
    }
  }))
  try {
    await load
  } finally {
    clearInterval(ticker)
    await server.stop()
  }
  const elapsed = (performance.now() - began) / 1000
  process.stderr.write('\n')
  const db = await openEmbeddedDb(dataDir)
  const stored = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM telemetry')).rows[0]?.n ?? 0
  await db.close()
  rmSync(dataDir, { recursive: true, force: true })
  return { points, rate: points / elapsed, latency: summarize(latencies), stored }
}

/**
 * The same rows, straight into the same engine: one transaction per 10,000-row unnest insert.
 * Only the inserts are timed, not the making of the rows.
 */
async function rawRun(): Promise<number> {
  const dataDir = join(tmpdir(), `cnc-bench-raw-${process.pid}`)
  rmSync(dataDir, { recursive: true, force: true })
  const db = await openEmbeddedDb(dataDir)
  await migrate(db)
  const counters = new Array<number>(machines).fill(0)
  let rows = 0
  let insertMs = 0
  const end = performance.now() + Math.min(seconds, 15) * 1000
  while (performance.now() < end) {
    const samples: StoredRow[] = []
    for (let c = 0; samples.length < 10_000; c = (c + 1) % clients) {
      for (const s of makeBatch(c, counters) as { machine_id: string; timestamp: string; rpm: number; feed_mm_min: number; state: 'running'; part_count: number }[]) {
        samples.push({ sample: { ...s, ts: Date.parse(s.timestamp), src: 'http' }, span: { held_state: s.state, held_s: 0.02 } })
      }
    }
    const t0 = performance.now()
    rows += (await db.transaction((tx) => insertTelemetry(tx, samples))).size
    insertMs += performance.now() - t0
    progress(`raw: ${fmt(rows / (insertMs / 1000))} rows/s`)
  }
  process.stderr.write('\n')
  await db.close()
  rmSync(dataDir, { recursive: true, force: true })
  return rows / (insertMs / 1000)
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address()
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

const http = await httpRun()
const raw = await rawRun()
console.log(`\ningest benchmark — ${machineLine()}`)
console.log(`  ${clients} clients × ${batch}-sample JSON batches, ${machines} machines, ${seconds} s, embedded database, server in its own process`)
console.log(`  HTTP ingest      ${fmt(http.rate)} points/s   (${fmt(http.points)} acknowledged, ${fmt(http.stored)} stored${http.stored === http.points ? '' : '  MISMATCH'})`)
console.log(`  ack latency      p50 ${fmt(http.latency.p50)} ms   p95 ${fmt(http.latency.p95)} ms   p99 ${fmt(http.latency.p99)} ms   (${http.latency.n} requests)`)
console.log(`  raw insert       ${fmt(raw)} rows/s   (same engine, unnest, 10,000-row transactions, no HTTP)`)
console.log(`  HTTP / raw       ${fmt((http.rate / raw) * 100)} %   (target ≥ 50 %; target ≥ 30,000 points/s; seed 5,000 points/min)`)
