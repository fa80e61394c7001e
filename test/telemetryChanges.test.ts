// The change points OEE reads (telemetry_changes) stay exactly what the stored samples
// imply, however the samples arrive: in order, late (inside a stored span, before the first
// sample), duplicated, across holes in the data, with values missing. Each seeded timeline
// is sent through the real ingest API in shuffled batches; the table is then compared with
// the SQL derivation from all of telemetry (the migration's), and the spans OEE reads with
// spans merged from the raw samples.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { StateSpan } from '../src/domain/oee/oeeForWindow.js'
import { seededRandom } from '../src/sim/seededRandom.js'
import { CHANGES_FROM_TELEMETRY } from '../src/store/migrations/006_telemetry_changes.js'
import { loadTelemetryInputs } from '../src/store/oee.js'
import { type TestSystem, postJson, startTestSystem, uniqueMachineId } from './helpers/system.js'

const STATES = ['running', 'idle', 'stopped', 'offline'] as const

/** A machine's timeline: mostly 5 s samples, some holes longer than the 5 min sample gap, values now and then missing. */
function timeline(machineId: string, seed: number, start: number, n: number): Record<string, unknown>[] {
  const rng = seededRandom(seed)
  const random = () => rng.next()
  const samples: Record<string, unknown>[] = []
  let ts = start
  let state: string = 'running'
  let parts = 0
  let program = 'O100'
  for (let i = 0; i < n; i++) {
    ts += random() < 0.03 ? 400_000 + Math.floor(random() * 200_000) : 5_000
    if (random() < 0.08) state = STATES[Math.floor(random() * STATES.length)] as string
    if (random() < 0.02) program = `O${100 + Math.floor(random() * 5)}`
    if (state === 'running' && random() < 0.2) parts += 1
    if (random() < 0.01) parts = 0 // a counter reset
    const s: Record<string, unknown> = { machine_id: machineId, timestamp: new Date(ts).toISOString() }
    if (random() > 0.1) s.state = state
    if (random() > 0.2) s.part_count = parts
    if (random() > 0.3) s.program = program
    if (random() > 0.3) s.execution = state === 'running' ? 'ACTIVE' : random() < 0.5 ? 'READY' : 'PROGRAM_COMPLETED'
    samples.push(s)
  }
  return samples
}

/** Delivery order: batches of up to 40 in order, a tenth of the samples held back and sent late, some sent twice. */
function deliveries(samples: Record<string, unknown>[], seed: number): Record<string, unknown>[][] {
  const rng = seededRandom(seed)
  const random = () => rng.next()
  const onTime: Record<string, unknown>[] = []
  const held: Record<string, unknown>[] = []
  for (const s of samples) (random() < 0.1 ? held : onTime).push(s)
  const batches: Record<string, unknown>[][] = []
  for (let i = 0; i < onTime.length;) {
    const size = 1 + Math.floor(random() * 40)
    batches.push(onTime.slice(i, i + size))
    i += size
    // Late ones go out between in-order batches, a few at a time, in any order.
    if (held.length > 0 && random() < 0.3) batches.push(held.splice(0, 1 + Math.floor(random() * 4)).sort(() => random() - 0.5))
    if (random() < 0.1) batches.push([samples[Math.floor(random() * samples.length)] as Record<string, unknown>])
  }
  if (held.length > 0) batches.push(held)
  return batches
}

/** Spans merged from the raw samples' held state, the reference the change points must reproduce. */
function spansFromSamples(rows: { ts: number; held_state: StateSpan['state'] | null; held_s: number | null }[], window: { start: number; end: number }): StateSpan[] {
  const spans: StateSpan[] = []
  for (const r of rows) {
    if (r.held_s === null || r.held_state === null) continue
    const start = r.ts - Math.round(r.held_s * 1000)
    const last = spans[spans.length - 1]
    if (last && last.state === r.held_state && last.end === start) last.end = r.ts
    else spans.push({ state: r.held_state, start, end: r.ts })
  }
  return spans.map((s) => ({ ...s, start: Math.max(s.start, window.start), end: Math.min(s.end, window.end) })).filter((s) => s.end > s.start)
}

describe('telemetry change points', () => {
  let t: TestSystem
  before(async () => {
    t = await startTestSystem('embedded')
  })
  after(async () => t.close())

  for (const seed of [1, 2, 3, 4]) {
    it(`match the samples stored, whatever the arrival order (seed ${seed})`, async () => {
      const machineId = uniqueMachineId(`CHG${seed}`)
      const start = Date.now() - 24 * 3_600_000
      const samples = timeline(machineId, seed, start, 1_200)
      for (const batch of deliveries(samples, seed * 7919)) {
        const r = await postJson(`${t.url}/v1/telemetry/ingest`, batch)
        assert.equal(r.status, 200, JSON.stringify(r.body))
      }
      const stored = await t.system.db.query<{ n: number }>('SELECT count(*)::int AS n FROM telemetry WHERE machine_id = $1', [machineId])
      assert.equal(stored.rows[0]?.n, samples.length)

      const columns = `machine_id, (extract(epoch FROM ts) * 1000)::float8 AS ts, (extract(epoch FROM span_start) * 1000)::float8 AS span_start`
      const written = await t.system.db.query(
        `SELECT ${columns}, held_state AS key, part_count::int AS pc, execution AS ex, program AS pg FROM telemetry_changes WHERE machine_id = $1 ORDER BY ts`, [machineId])
      const derived = await t.system.db.query(
        `SELECT ${columns}, key, pc::int AS pc, ex, pg FROM (${CHANGES_FROM_TELEMETRY}) d WHERE machine_id = $1 ORDER BY ts`, [machineId])
      assert.ok(derived.rows.length > 50, `the timeline has change points (${derived.rows.length})`)
      assert.deepEqual(written.rows, derived.rows)

      const raw = await t.system.db.query<{ ts: number; held_state: StateSpan['state'] | null; held_s: number | null }>(
        `SELECT (extract(epoch FROM ts) * 1000)::float8 AS ts, held_state, held_s::float8 AS held_s FROM telemetry WHERE machine_id = $1 ORDER BY ts`, [machineId])
      const last = (raw.rows[raw.rows.length - 1] as { ts: number }).ts
      for (const window of [{ start, end: last + 1 }, { start: start + 3_600_000, end: start + 2 * 3_600_000 }]) {
        const inputs = await loadTelemetryInputs(t.system.db, machineId, window, window, last)
        assert.deepEqual(inputs.spans, spansFromSamples(raw.rows, window))
      }
    })
  }
})
