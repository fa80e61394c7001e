// npm run bench:history -- [--machines 10] [--days 30] [--interval-s 10] [--data-dir DIR]
//
// Loads 30 days of 10 machines (one sample per 10 s) into the embedded database, refreshes
// the continuous aggregates, compresses chunks older than 7 days, then times the seed's
// 7-day telemetry_5m select and 30-day history reads through the HTTP API.
import { existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createServer } from 'node:net'
import { prepareDb } from '../src/app.js'
import { linkChain } from '../src/domain/heldState.js'
import type { MachineState, Sample } from '../src/domain/sample.js'
import type { Db } from '../src/store/db.js'
import { DEFAULT_POLICY } from '../src/store/policies.js'
import { applySample, emptyStatus } from '../src/domain/machineStatus.js'
import { type StoredRow, insertTelemetry, recordMachineStatuses } from '../src/store/telemetry.js'
import { DEFAULT_INGEST } from '../src/settings.js'
import { fmt, machineLine, progress, startServer, summarize } from './lib.js'

const { values: args } = parseArgs({
  options: {
    machines: { type: 'string', default: '10' },
    days: { type: 'string', default: '30' },
    'interval-s': { type: 'string', default: '10' },
    'data-dir': { type: 'string' },
    iterations: { type: 'string', default: '50' },
  },
})
const machines = Number(args.machines)
const days = Number(args.days)
const intervalMs = Number(args['interval-s']) * 1000
const iterations = Number(args.iterations)
const dataDir = args['data-dir'] ?? join(tmpdir(), `cnc-bench-history-${process.pid}`)
const keep = args['data-dir'] !== undefined
const quiet = { info: () => {}, warn: () => {}, error: (_o: object, m: string) => console.error(m) }
const machineId = (m: number) => `BENCH-${String(m + 1).padStart(3, '0')}`

/** A deterministic duty cycle: runs of running / idle / stopped lasting minutes. */
function* dutyCycle(seed: number, from: number, to: number): Generator<Sample> {
  let x = seed * 2654435761 >>> 0
  const random = () => ((x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32)
  let state: MachineState = 'idle'
  let until = from
  let parts = 0
  let program = 'O1000'
  for (let ts = from; ts < to; ts += intervalMs) {
    if (ts >= until) {
      const r = random()
      state = r < 0.65 ? 'running' : r < 0.9 ? 'idle' : 'stopped'
      until = ts + (2 + random() * (state === 'running' ? 40 : 15)) * 60_000
      if (state === 'running') program = `O${1000 + Math.floor(random() * 20)}`
    }
    if (state === 'running' && random() < 0.02) parts++
    yield {
      machine_id: machineId(seed), ts, src: 'http', state, program, part_count: parts,
      rpm: state === 'running' ? Math.round(3000 + random() * 5000) : 0,
      feed_mm_min: state === 'running' ? Math.round(400 + random() * 1600) : 0,
    }
  }
}

async function load(db: Db): Promise<void> {
  const to = Date.now() - 60_000
  const from = to - days * 86_400_000
  const total = Math.floor((to - from) / intervalMs) * machines
  const began = performance.now()
  let done = 0
  for (let m = 0; m < machines; m++) {
    let batch: Sample[] = []
    let last: ReturnType<typeof linkChain>['last']
    const flush = async () => {
      const linked = linkChain(last, batch, DEFAULT_INGEST.maxSampleGapMs)
      last = linked.last
      const rows: StoredRow[] = batch.map((sample, i) => ({ sample, span: linked.spans[i] as StoredRow['span'] }))
      const tail = batch[batch.length - 1] as Sample
      done += (await db.transaction(async (tx) => {
        const keys = await insertTelemetry(tx, rows)
        await recordMachineStatuses(tx, [{ status: applySample(emptyStatus(tail.machine_id), tail, Date.now()), lastSample: tail }])
        return keys
      })).size
      batch = []
      progress(`loading: ${fmt(done)} / ${fmt(total)} rows, ${fmt(done / ((performance.now() - began) / 1000))} rows/s`)
    }
    for (const sample of dutyCycle(m, from, to)) {
      batch.push(sample)
      if (batch.length === 20_000) await flush()
    }
    if (batch.length > 0) await flush()
  }
  process.stderr.write('\n')
  console.log(`loaded ${fmt(done)} rows in ${fmt((performance.now() - began) / 1000, 1)} s (${fmt(done / ((performance.now() - began) / 1000))} rows/s)`)
}

async function timed(label: string, work: () => Promise<void>): Promise<void> {
  const began = performance.now()
  await work()
  console.log(`${label}: ${fmt((performance.now() - began) / 1000, 1)} s`)
}

async function time(run: (i: number) => Promise<unknown>): Promise<ReturnType<typeof summarize>> {
  await run(0) // warm-up
  const times: number[] = []
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now()
    await run(i)
    times.push(performance.now() - t0)
  }
  return summarize(times)
}

if (!keep) rmSync(dataDir, { recursive: true, force: true })
const fresh = !existsSync(join(dataDir, 'pg'))
const db = await prepareDb({ kind: 'embedded', dataDir }, DEFAULT_POLICY, quiet)
const rows = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM telemetry')).rows[0]?.n ?? 0
if (fresh || rows === 0) {
  await load(db)
  await timed('refresh telemetry_5m, 1h, 1d', async () => {
    for (const view of ['telemetry_5m', 'telemetry_1h', 'telemetry_1d']) await db.exec(`CALL refresh_continuous_aggregate('${view}', NULL, now() - INTERVAL '5 minutes')`)
  })
  await timed('compress chunks older than 7 days', () =>
    db.exec(`SELECT compress_chunk(c, if_not_compressed => true) FROM show_chunks('telemetry', older_than => INTERVAL '7 days') c`))
} else {
  console.log(`reusing ${fmt(rows)} rows in ${dataDir}`)
}
const comp = (await db.query<{ before: number; after: number; chunks: number }>(
  `SELECT sum(before_compression_total_bytes)::float8 AS before, sum(after_compression_total_bytes)::float8 AS after,
          count(*)::int AS chunks FROM chunk_compression_stats('telemetry') WHERE compression_status = 'Compressed'`)).rows[0]
const SEED_SELECT = `SELECT * FROM telemetry_5m WHERE machine_id = $1 AND bucket > now() - INTERVAL '7 days'`
const seed = await time((i) => db.query(SEED_SELECT, [machineId(i % machines)]))
// What the seed's psql EXPLAIN ANALYZE reports: time inside PostgreSQL, without PGlite's
// JavaScript decoding of the 2,016 rows × 20 columns that the wall-clock figure includes.
const executor: number[] = []
await time(async (i) => {
  const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, FORMAT TEXT) ${SEED_SELECT}`, [machineId(i % machines)])
  const line = plan.rows.map((r) => r['QUERY PLAN']).find((l) => l.startsWith('Execution Time'))
  executor.push(Number(/([\d.]+) ms/.exec(line ?? '')?.[1]))
})
const seedExecutor = summarize(executor.slice(1))
await db.close()

const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const a = s.address()
    s.close(() => resolve(typeof a === 'object' && a ? a.port : 0))
  })
})
const server = await startServer(['--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir])
const read = async (i: number, range: number, resolution: string) => {
  const to = new Date().toISOString()
  const from = new Date(Date.now() - range).toISOString()
  const r = await fetch(`http://127.0.0.1:${port}/v1/machines/${machineId(i % machines)}/history?from=${from}&to=${to}&resolution=${resolution}`)
  if (r.status !== 200) throw new Error(`history answered ${r.status}: ${await r.text()}`)
  return (await r.json()) as { resolution: string; points: unknown[] }
}
let sample30, auto30, fine30, day
try {
  sample30 = await read(0, 30 * 86_400_000, 'auto')
  auto30 = await time((i) => read(i, 30 * 86_400_000, 'auto'))
  fine30 = await time((i) => read(i, 30 * 86_400_000, '5m'))
  day = await time((i) => read(i, 86_400_000, 'auto'))
} finally {
  await server.stop()
}
if (!keep) rmSync(dataDir, { recursive: true, force: true })

const ms = (s: ReturnType<typeof summarize>) => `p50 ${fmt(s.p50, 1)} ms   p95 ${fmt(s.p95, 1)} ms`
console.log(`\nhistory benchmark — ${machineLine()}`)
console.log(`  ${machines} machines × ${days} days at one sample per ${intervalMs / 1000} s, embedded database, ${iterations} iterations each`)
console.log(`  seed: telemetry_5m, one machine, 7 days, wall clock in process   ${ms(seed)}   (target p95 < 50 ms, seed < 200 ms)`)
console.log(`  the same, EXPLAIN ANALYZE execution time                ${ms(seedExecutor)}`)
console.log(`  30-day history, auto → ${sample30.resolution}, ${sample30.points.length} points (HTTP)   ${ms(auto30)}   (target < 100 ms, seed < 2 s)`)
console.log(`  30-day history, 5m resolution (HTTP)                ${ms(fine30)}`)
console.log(`  24-hour history, auto (HTTP)                         ${ms(day)}`)
if (comp && comp.before > 0) {
  console.log(`  compression      ${comp.chunks} chunks, ${fmt(comp.before / 2 ** 20, 1)} MiB → ${fmt(comp.after / 2 ** 20, 1)} MiB, ${fmt((1 - comp.after / comp.before) * 100, 1)} % saved   (target ≥ 90 %, seed 70 %)`)
}
