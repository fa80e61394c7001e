// Everything the seed's schema.sql and oee_daily.sql name (../shared/seed, G5 and G8) is in our
// database: every column, CHECK, index, policy and aggregate column, read out of those files.
// Ours has more; where we differ on purpose, DIFFERENCES names it (docs/storage.md, "The
// seed's schema", says why), and a listed difference that no longer exists fails too.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Db } from '../src/store/db.js'
import { readSeed } from './helpers/seed.js'
import { type SeedColumn, readSeedSql } from './helpers/seedSql.js'
import { type TestSystem, postJson, startTestSystem } from './helpers/system.js'

const seed = readSeedSql(readSeed('schema.sql'), readSeed('oee_daily.sql'))

/** Where ours departs from the seed on purpose, keyed by what differs. */
const DIFFERENCES: Record<string, string> = {
  'telemetry.state CHECK': "also allows 'offline', our fourth state (no data: the agent or machine unreachable)",
  'telemetry.src DEFAULT': "'http': a sample posted to the API with no src came over HTTP; collectors set mtconnect themselves",
  'index idx_machine_ts': 'the primary key (machine_id, ts) is that index: a B-tree is read in both directions',
  'oee_daily PRIMARY KEY': 'the same columns, machine first: reads are per machine over a range of dates',
  'policy add_continuous_aggregate_policy telemetry_5m': 'refreshes every minute over the whole retention window, so late data reaches the aggregate (the seed: every 5 minutes over the last hour)',
}

/** Column types of ours that hold every value of the seed's type. */
const HOLDS: Record<string, string[]> = {
  TIMESTAMPTZ: ['timestamp with time zone'],
  TEXT: ['text'],
  'DOUBLE PRECISION': ['double precision'],
  FLOAT: ['double precision'],
  BIGINT: ['bigint'],
  INT: ['integer', 'bigint'],
  DATE: ['date'],
}

describe("the seed's schema (schema.sql, oee_daily.sql) in our database", () => {
  let t: TestSystem
  let db: Db
  const differences = new Set<string>()
  const differ = (what: string) => {
    assert.ok(DIFFERENCES[what], `${what} differs from the seed and is not listed as a deliberate difference`)
    differences.add(what)
  }
  const columnsOf = async (table: string) => new Map((await db.query<{ column_name: string; data_type: string; column_default: string | null }>(
    'SELECT column_name, data_type, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table])).rows
    .map((c) => [c.column_name, c]))

  before(async () => {
    t = await startTestSystem()
    db = t.system.db
  })
  after(() => t.close())

  it('has every table and column it names, of a type that holds its values, and the defaults it gives', async () => {
    assert.deepEqual(seed.tables.map((x) => x.name), ['telemetry', 'oee_daily'])
    for (const table of seed.tables) {
      const ours = await columnsOf(table.name)
      for (const c of table.columns) {
        const mine = ours.get(c.name)
        assert.ok(mine, `${table.name}.${c.name} is missing`)
        assert.ok(HOLDS[c.type]?.includes(mine.data_type), `${table.name}.${c.name}: ${mine.data_type} does not hold ${c.type}`)
        if (c.default !== undefined && c.default.toLowerCase() !== 'now()' && mine.column_default !== `${c.default}::text`) differ(`${table.name}.${c.name} DEFAULT`)
        if (c.default?.toLowerCase() === 'now()') assert.equal(mine.column_default, 'now()', `${table.name}.${c.name} DEFAULT`)
      }
    }
  })

  it('refuses what its CHECKs refuse and keeps what they allow', async () => {
    const telemetry = seed.tables.find((x) => x.name === 'telemetry')
    const checked = telemetry?.columns.filter((c): c is SeedColumn & { check: string } => c.check !== undefined) ?? []
    assert.deepEqual(checked.map((c) => c.name), ['rpm', 'feed_mm_min', 'state'])
    const insert = (column: string, value: unknown) => db.query(`INSERT INTO telemetry (machine_id, ts, ${column}) VALUES ('SCHEMA-CHECK', now() - random() * INTERVAL '1 hour', $1)`, [value])
    for (const c of checked) {
      const range = /^\w+ >= 0$/.test(c.check)
      const allowed = range ? [0, 4500] : [...c.check.matchAll(/'(\w+)'/g)].map((m) => m[1])
      for (const value of allowed) await insert(c.name, value)
      const refused = range ? [-1] : ['cutting', 'offline']
      for (const value of refused) {
        const refusedByUs = await insert(c.name, value).then(() => false, (err: Error) => /check constraint/.test(err.message))
        if (!refusedByUs) differ(`telemetry.${c.name} CHECK`)
      }
    }
  })

  it('makes telemetry a hypertable on the column it names, with every index it names', async () => {
    const dims = await db.query<{ hypertable_name: string; column_name: string }>('SELECT hypertable_name, column_name FROM timescaledb_information.dimensions')
    for (const h of seed.hypertables) assert.ok(dims.rows.some((d) => d.hypertable_name === h.table && d.column_name === h.column), `${h.table} on ${h.column}`)
    const indexes = (await db.query<{ indexname: string; indexdef: string }>("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'telemetry'")).rows
    const keysOf = (def: string) => /USING btree \((.*?)\)( WHERE|$)/.exec(def)?.[1]
    const whereOf = (def: string) => / WHERE \((.*)\)$/.exec(def)?.[1]?.replace(/::text/g, '')
    for (const index of seed.indexes) {
      const same = indexes.find((i) => i.indexname === index.name)
      if (same) {
        assert.equal(keysOf(same.indexdef), index.keys, index.name)
        assert.equal(whereOf(same.indexdef), index.where?.replace('!=', '<>'), index.name)
        continue
      }
      // The same key in another direction reads the same rows: a B-tree is walked both ways.
      const sameKey = indexes.find((i) => keysOf(i.indexdef)?.replace(/ DESC/g, '') === index.keys.replace(/ DESC/g, '') && whereOf(i.indexdef) === undefined)
      assert.ok(sameKey && index.where === undefined, `index ${index.name} (${index.keys}) is missing`)
      differ(`index ${index.name}`)
    }
    const oeeKey = seed.tables.find((x) => x.name === 'oee_daily')?.primaryKey ?? []
    const pk = (await db.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'oee_daily' AND indexname = 'oee_daily_pkey'")).rows[0]?.indexdef
    const ourKey = keysOf(pk ?? '')?.split(', ') ?? []
    assert.deepEqual([...ourKey].sort(), [...oeeKey].sort(), 'oee_daily is keyed by the same columns')
    if (ourKey.join() !== oeeKey.join()) differ('oee_daily PRIMARY KEY')
  })

  it('has every policy it names', async () => {
    const jobs = (await db.query<{ proc_name: string; target: string; config: Record<string, string> }>(
      `SELECT j.proc_name, coalesce(ca.view_name, j.hypertable_name) AS target, j.config FROM timescaledb_information.jobs j
         LEFT JOIN timescaledb_information.continuous_aggregates ca ON ca.materialization_hypertable_name = j.hypertable_name`)).rows
    assert.deepEqual(seed.policies.map((p) => p.kind), ['add_retention_policy', 'add_continuous_aggregate_policy'])
    for (const p of seed.policies) {
      const job = jobs.find((j) => j.proc_name === p.kind.replace(/^add_/, 'policy_').replace('continuous_aggregate_policy', 'refresh_continuous_aggregate').replace(/_policy$/, '') && j.target === p.target)
      assert.ok(job, `${p.kind} on ${p.target}`)
      if (p.kind === 'add_retention_policy') {
        const seedWindow = /^INTERVAL '([^']+)'$/.exec(p.args)?.[1] ?? assert.fail(`cannot read ${p.args}`)
        const same = await db.query<{ same: boolean }>('SELECT $1::interval = $2::interval AS same', [job.config.drop_after, seedWindow])
        assert.equal(same.rows[0]?.same, true, `retention ${job.config.drop_after}, the seed's ${seedWindow}`)
      } else differ(`policy ${p.kind} ${p.target}`)
    }
  })

  it('gives every aggregate column it names, and runs its queries on telemetry, telemetry_5m and telemetry_1h', async () => {
    assert.deepEqual(seed.aggregates.map((a) => a.name), ['telemetry_5m', 'telemetry_1h'])
    for (const a of seed.aggregates) {
      const ours = await columnsOf(a.name)
      for (const c of a.columns) assert.ok(ours.has(c), `${a.name}.${c} is missing`)
    }
    const now = Date.now()
    const samples = [['running', 4500], ['running', 4600], ['idle', 0], ['stopped', 0], ['running', 4700]].map(([state, rpm], i) =>
      ({ machine_id: 'CNC-SIM-001', timestamp: new Date(now - 60_000 + i * 1000).toISOString(), rpm, feed_mm_min: rpm === 0 ? 0 : 1400, state }))
    assert.equal((await postJson(`${t.url}/v1/telemetry/ingest`, samples)).status, 200)
    // G5's query, as validation-g5.sh sends it through psql.
    const g5 = /psql -c "(.*)"/.exec(readSeed('validation-g5.sh'))?.[1] ?? assert.fail('no psql in validation-g5.sh')
    const plan = await db.query<{ 'QUERY PLAN': string }>(g5)
    assert.match(plan.rows.map((r) => r['QUERY PLAN']).join('\n'), /Execution Time/)
    const five = await db.query<{ sample_count: number; state_mode: string; rpm_max: number }>(
      "SELECT sum(sample_count)::int AS sample_count, max(rpm_max) AS rpm_max, mode() WITHIN GROUP (ORDER BY state_mode) AS state_mode FROM telemetry_5m WHERE machine_id = 'CNC-SIM-001'")
    assert.deepEqual(five.rows[0], { sample_count: 5, rpm_max: 4700, state_mode: 'running' })
    const hour = await db.query<{ sample_count: number; rpm_avg: number; feed_avg: number }>(
      "SELECT sum(sample_count)::int AS sample_count, max(rpm_avg) AS rpm_avg, max(feed_avg) AS feed_avg FROM telemetry_1h WHERE machine_id = 'CNC-SIM-001'")
    assert.equal(hour.rows[0]?.sample_count, 5)
    // G7's query, as validation-g7.sh sends it.
    const g7 = /psql -c "(.*)"/.exec(readSeed('validation-g7.sh'))?.[1] ?? assert.fail('no psql in validation-g7.sh')
    const counts = await db.query<{ machine_id: string; count: number }>(g7)
    assert.deepEqual(counts.rows.find((r) => r.machine_id === 'CNC-SIM-001')?.count, 5)
  })

  it('lists no deliberate difference that is not one', () => {
    assert.deepEqual([...differences].sort(), Object.keys(DIFFERENCES).sort())
  })
})
