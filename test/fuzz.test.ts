// Property-based bad input against every route the OpenAPI document lists (fast-check):
// hostile path and query parameters and JSON bodies, asserting no 500, a server that still
// answers, and no change to stored data from a refused request; and the ingest path with good
// and bad items mixed, asserting every good item is stored. Seeded and bounded: a failure
// prints FUZZ_SEED=<n>, and `FUZZ_SEED=<n> node --test dist/test/fuzz.test.js` replays it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import { textProblem } from '../src/domain/text.js'
import { type TestSystem, getJson, postJson, startTestSystem } from './helpers/system.js'

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2_147_483_647
const RUNS = Number(process.env.FUZZ_RUNS ?? 400)
const TIME_LIMIT_MS = 60_000
const MACHINE = 'FUZZ-1'

// What tends to break a server: text the database refuses, numbers beyond every type,
// dates that do not exist, ids that name nothing, structure where a scalar belongs.
const hostileText = fc.oneof(
  fc.constantFrom('', '\u0000', 'a\u0000b', '\ud800', 'a\udc00', '..', '.', '-', '%00', '%', '%zz', ' ', '\n', '*', '?', '__proto__', 'constructor',
    '99999999999999999999', '1e30', '-1', '0', 'NaN', 'Infinity', '2026-02-30', '0000-01-01', '9999-12-31', '+275760-09-13T00:00:00.000Z',
    '2026-06-01T11:59:60Z', 'x'.repeat(5000), '🔥', 'true', 'null', '[]', '{}', MACHINE, 'all-day'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
)
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    hostileText, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom(1e308, -1e308, 2 ** 53, 1e12, -0),
    fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(hostileText, tie('value'), { maxKeys: 3 })),
})).value
const FIELDS = ['machine_id', 'timestamp', 'rpm', 'feed_mm_min', 'state', 'part_count', 'program', 'execution', 'mode', 'alarm', 'sequence', 'src',
  'plant', 'model', 'vendor', 'protocol', 'endpoint', 'kind', 'detail', 'rule', 'ends_at', 'minutes', 'comment', 'by', 'start', 'end', 'reason',
  'note', 'date', 'shift', 'scrap', 'rework', 'ts', 'time_zone', 'locale', 'shifts', 'holidays', 'exceptions', 'planned_downtime']
const hostileBody = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), hostileText), hostileValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom('', '{', '{"a":1,"a":2}', '[', 'null', '\u0000', '{"machine_id":"\\u0000"}', '{"__proto__":{"x":1}}'),
)

/**
 * Percent-encoding that keeps what encodeURIComponent refuses: a lone surrogate goes out as
 * its three bytes (WTF-8, %ED%A0%80), which is how a hostile client sends one.
 */
function percentEncode(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2))
      i++
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    } else out += encodeURIComponent(text[i] as string)
  }
  return out
}

interface Operation { method: string; path: string; query: string[]; pathParams: string[] }

/** Routes that never end (SSE) or only serve the documentation. */
const SKIP = new Set(['/v1/stream'])

async function operations(url: string): Promise<Operation[]> {
  const doc = (await getJson(`${url}/docs/json`)).body as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> }
  return Object.entries(doc.paths).filter(([path]) => !SKIP.has(path)).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({
    method: method.toUpperCase(), path,
    query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
  })))
}

/** Rows of every table a request may change: a refused request must leave all of them as they were. */
async function storedDigest(t: TestSystem): Promise<string> {
  const tables = ['telemetry', 'machines', 'machine_events', 'alert_silences', 'alerts', 'downtime_codes', 'quality_entries', 'plant_calendars']
  const existing = await t.system.db.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_name = ANY($1)`, [tables])
  const parts: string[] = []
  for (const { name } of existing.rows.sort((a, b) => a.name.localeCompare(b.name))) {
    const r = await t.system.db.query<{ d: string | null }>(`SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') AS d FROM ${name} x`)
    parts.push(`${name}=${r.rows[0]?.d}`)
  }
  return parts.join(' ')
}

describe(`fuzzing every route (FUZZ_SEED=${SEED})`, () => {
  let t: TestSystem
  let ops: Operation[]
  before(async () => {
    t = await startTestSystem('embedded')
    await postJson(`${t.url}/v1/telemetry/ingest`, Array.from({ length: 30 }, (_, i) => ({
      machine_id: MACHINE, timestamp: new Date(Date.now() - (30 - i) * 60_000).toISOString(), rpm: 1000 + i, state: i % 5 ? 'running' : 'stopped', part_count: i,
    })))
    ops = await operations(t.url)
    assert.ok(ops.length >= 30, `the OpenAPI document lists ${ops.length} operations`)
    console.log(`fuzz seed ${SEED}: ${ops.length} operations, ${RUNS} runs`)
  })
  after(() => t.close())

  it('answers every hostile request without a 500, and a refused request stores nothing', async () => {
    const served = new Map<string, number>()
    const request = fc.record({
      op: fc.nat({ max: 1000 }),
      pathValues: fc.array(hostileText, { minLength: 2, maxLength: 2 }),
      query: fc.array(fc.tuple(fc.nat({ max: 10 }), hostileText), { maxLength: 4 }),
      body: fc.option(hostileBody, { nil: undefined }),
    })
    await fc.assert(fc.asyncProperty(request, async ({ op: pick, pathValues, query, body }) => {
      const op = ops[pick % ops.length] as Operation
      let k = 0
      const path = op.path.replace(/\{[^}]+\}/g, () => percentEncode(pathValues[k++] ?? ''))
      const search = query.filter(() => op.query.length > 0).map(([i, v]) => `${op.query[i % op.query.length]}=${percentEncode(v)}`).join('&')
      const mutating = op.method !== 'GET'
      const before = mutating ? await storedDigest(t) : ''
      const response = await fetch(`${t.url}${path}${search ? `?${search}` : ''}`, {
        method: op.method, body: mutating ? body : undefined, headers: mutating && body !== undefined ? { 'content-type': 'application/json' } : {},
      })
      const text = await response.text()
      served.set(`${op.method} ${op.path}`, (served.get(`${op.method} ${op.path}`) ?? 0) + 1)
      assert.ok(response.status < 500, `${op.method} ${path}?${search} body ${body?.slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`)
      assert.ok(!/\bat [\w.<>]+ \(.*:\d+:\d+\)/.test(text), `a stack in the answer of ${op.method} ${path}`)
      if (mutating && response.status >= 400) assert.equal(await storedDigest(t), before, `${op.method} ${path} was refused (${response.status}) but changed stored data`)
    }), { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false })
    assert.equal((await getJson(`${t.url}/healthz`)).status, 200, 'the server still answers')
    assert.ok(served.size >= ops.length / 2, `reached ${served.size} of ${ops.length} operations`)
  })

  it('stores every good sample of a batch mixed with bad ones, and refuses each bad one', async () => {
    const now = Date.now()
    let n = 0
    let sent = 0
    const good = fc.record({ rpm: fc.double({ min: 0, max: 500_000, noNaN: true }), state: fc.constantFrom('running', 'idle', 'stopped', 'offline'), program: fc.string({ maxLength: 20 }).filter((s) => textProblem(s) === undefined) })
      .map((v) => ({ machine_id: `FZ-GOOD-${SEED % 1000}`, timestamp: new Date(now - 3_600_000 + n++ * 7).toISOString(), ...v }))
    const bad = fc.oneof(
      fc.record({ machine_id: hostileText, timestamp: hostileText }),
      fc.tuple(good, fc.constantFrom<[string, unknown]>(['rpm', 1e308], ['rpm', -1], ['feed_mm_min', 2.5e6], ['part_count', 1.5], ['program', 'a\u0000b'],
        ['alarm', '\ud800'], ['state', 'RUNNING'], ['timestamp', '2026-02-30T00:00:00Z'], ['machine_id', '..'], ['rmp', 1]))
        .map(([g, [field, value]]) => ({ ...g, [field]: value })),
      hostileValue,
    )
    const batch = fc.array(fc.oneof(good.map((g) => ({ good: true, item: g as unknown })), bad.map((b) => ({ good: false, item: b }))), { minLength: 1, maxLength: 40 })
    await fc.assert(fc.asyncProperty(batch, async (items) => {
      const r = await postJson(`${t.url}/v1/telemetry/ingest`, JSON.stringify(items.map((i) => i.item)))
      assert.ok(r.status < 500, `${r.status} ${JSON.stringify(r.body).slice(0, 300)}`)
      const goods = items.filter((i) => i.good).length
      sent += goods
      if (goods === 0) return
      assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300))
      assert.equal(r.body.accepted, goods, `${goods} good items, ${r.body.accepted} accepted: ${JSON.stringify(r.body.errors).slice(0, 300)}`)
      for (const e of r.body.errors as { index: number }[]) assert.equal(items[e.index]?.good, false, `good item ${e.index} refused: ${JSON.stringify(e)}`)
    }), { seed: SEED, numRuns: Math.ceil(RUNS / 4), interruptAfterTimeLimit: TIME_LIMIT_MS / 2, markInterruptAsFailure: false })
    const stored = await t.system.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM telemetry WHERE machine_id = $1`, [`FZ-GOOD-${SEED % 1000}`])
    assert.equal(stored.rows[0]?.n, sent, 'every good sample sent is stored, each once')
  })
})
