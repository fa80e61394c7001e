// node dist/bench/decodeBody.js
//
// The cost of turning an ingest body into items (decodeBody: UTF-8, JSON or NDJSON, and the
// checks on top of JSON.parse), without HTTP or the database: the ingest bench cannot see a
// few milliseconds per request behind the database's commit.
import { decodeBody } from '../src/ingest/decodeBody.js'
import { fmt, machineLine } from './lib.js'

const start = Date.UTC(2026, 5, 1)
const sample = (i: number) => ({
  machine_id: `BENCH-${String(i % 96).padStart(3, '0')}`, timestamp: new Date(start + i * 20).toISOString(),
  rpm: 2000 + (i % 4000), feed_mm_min: 500 + (i % 900), state: 'running', part_count: Math.floor(i / 300), program: 'O1234',
})
const samples = (n: number) => Array.from({ length: n }, (_, i) => sample(i))

const cases: { name: string; body: Buffer; type: string }[] = [
  { name: 'JSON array, 500 samples', body: Buffer.from(JSON.stringify(samples(500))), type: 'application/json' },
  { name: 'JSON array, 100,000 samples', body: Buffer.from(JSON.stringify(samples(100_000))), type: 'application/json' },
  { name: 'NDJSON, 10,000 lines', body: Buffer.from(samples(10_000).map((s) => JSON.stringify(s)).join('\n')), type: 'application/x-ndjson' },
  { name: 'JSON array, 500 samples with \\u escapes', body: Buffer.from(JSON.stringify(samples(500).map((s) => ({ ...s, alarm: 'Überlast' })), (_k, v: unknown) => v).replace(/Ü/g, '\\u00dc')), type: 'application/json' },
]

/** What decodeBody did before it checked UTF-8 and repeated keys: toString (U+FFFD for bad bytes) and JSON.parse. */
function baseline(body: Buffer, type: string): unknown {
  const text = body.toString('utf8')
  if (type === 'application/x-ndjson') return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown)
  return JSON.parse(text)
}

function msPerBody(decode: () => unknown, size: number): number {
  const rounds = Math.max(5, Math.round(50e6 / size))
  for (let i = 0; i < 3; i++) decode() // warm up
  const t0 = performance.now()
  for (let i = 0; i < rounds; i++) decode()
  return (performance.now() - t0) / rounds
}

console.log(`decodeBody benchmark — ${machineLine()}`)
console.log(`  ${''.padEnd(42)} ${'size'.padStart(11)}  ${'toString+JSON.parse'.padStart(20)}  ${'decodeBody'.padStart(20)}`)
for (const c of cases) {
  const before = msPerBody(() => baseline(c.body, c.type), c.body.length)
  const now = msPerBody(() => decodeBody(c.body, c.type), c.body.length)
  const cell = (ms: number) => `${fmt(ms, 3)} ms ${fmt(c.body.length / 2 ** 20 / (ms / 1000), 0).padStart(4)} MiB/s`.padStart(20)
  console.log(`  ${c.name.padEnd(42)} ${fmt(c.body.length / 1024, 0).padStart(7)} KiB  ${cell(before)}  ${cell(now)}  (+${fmt((now / before - 1) * 100, 0)} %)`)
}
