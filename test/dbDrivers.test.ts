// The Db interface contract, run against every driver: embedded PGlite, the server driver
// against PGlite over the wire protocol (unnest inserts), and the server driver against the
// machine's native PostgreSQL (COPY inserts), as MQTT.js runs one suite against each Store.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import type { Db } from '../src/store/db.js'
import { openEmbeddedDb } from '../src/store/embedded.js'
import { openServerDb } from '../src/store/server.js'
import { serveWireProtocol } from '../src/store/wireServer.js'
import { tempDir } from './helpers/system.js'

const NATIVE_URL = process.env.TEST_NATIVE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

type Opened = { db: Db; close: () => Promise<void> }
const drivers: Record<string, () => Promise<Opened>> = {
  embedded: async () => {
    const dir = tempDir()
    const db = await openEmbeddedDb(dir)
    return { db, close: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }) } }
  },
  'server over the wire protocol': async () => {
    const dir = tempDir()
    const served = await openEmbeddedDb(dir)
    const wire = await serveWireProtocol(served.pglite, '127.0.0.1', 0)
    const db = await openServerDb({ url: wire.url, poolSize: 1 })
    return { db, close: async () => { await db.close(); await wire.close(); await served.close(); rmSync(dir, { recursive: true, force: true }) } }
  },
  'server on native PostgreSQL (COPY)': async () => {
    const db = await openServerDb({ url: NATIVE_URL, poolSize: 4 })
    return { db, close: () => db.close() }
  },
}

for (const [name, open] of Object.entries(drivers)) {
  describe(`Db driver: ${name}`, () => {
    let opened: Opened | undefined
    let skip = ''
    const table = `driver_contract_${process.pid}`
    before(async () => {
      try {
        opened = await open()
      } catch (err) {
        // Only the native server is optional (a machine without PostgreSQL on 5432).
        if (!name.startsWith('server on native')) throw err
        skip = `no PostgreSQL at ${NATIVE_URL}: ${(err as Error).message}`
        return
      }
      await opened.db.exec(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (k text, ts timestamptz, n int8, x float8, note text, PRIMARY KEY (k, ts))`)
    })
    after(async () => {
      await opened?.db.exec(`DROP TABLE IF EXISTS ${table}`)
      await opened?.close()
    })
    const db = () => (opened as Opened).db

    it('returns numbers for int8 and numeric, and Dates for timestamptz', async (t) => {
      if (skip) return t.skip(skip)
      const r = await db().query<{ a: number; b: number; c: Date }>(`SELECT 9007199254740991::int8 AS a, 1.5::numeric AS b, '2026-01-01T00:00:00Z'::timestamptz AS c`)
      assert.deepEqual(r.rows[0], { a: 9007199254740991, b: 1.5, c: new Date('2026-01-01T00:00:00Z') })
    })

    it('bulk inserts with escaping, skips conflicts and returns only inserted rows', async (t) => {
      if (skip) return t.skip(skip)
      const ts = '2026-01-01T00:00:00.123Z'
      const columns = [{ name: 'k', type: 'text' }, { name: 'ts', type: 'timestamptz' }, { name: 'n', type: 'int8' }, { name: 'x', type: 'float8' }, { name: 'note', type: 'text' }] as const
      const rows = [['a', ts, 1, 0.5, 'tab\there\nnewline \\ backslash'], ['b', ts, null, null, null], ['c', ts, 3, 3.25, 'ünïcode ✓']]
      const first = await db().transaction((tx) => tx.bulkInsert<{ k: string }>({ table, columns, rows, onConflictDoNothing: true, returning: 'k' }))
      assert.deepEqual(first.rows.map((r) => r.k).sort(), ['a', 'b', 'c'])
      const again = await db().transaction((tx) => tx.bulkInsert<{ k: string }>({ table, columns, rows: [...rows, ['d', ts, 4, 4, 'new']], onConflictDoNothing: true, returning: 'k' }))
      assert.deepEqual(again.rows.map((r) => r.k), ['d'])
      const stored = await db().query<{ k: string; n: number | null; note: string | null; ts: Date }>(`SELECT k, n, note, ts FROM ${table} ORDER BY k`)
      assert.equal(stored.rows[0]?.note, 'tab\there\nnewline \\ backslash')
      assert.equal(stored.rows[1]?.n, null)
      assert.equal(stored.rows[2]?.note, 'ünïcode ✓')
      assert.equal(stored.rows[0]?.ts.toISOString(), ts)
    })

    it('rolls a failed transaction back completely', async (t) => {
      if (skip) return t.skip(skip)
      await assert.rejects(db().transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (k, ts) VALUES ('rollback', now())`)
        await tx.query('SELECT 1/0')
      }), /division by zero/)
      const r = await db().query(`SELECT 1 FROM ${table} WHERE k = 'rollback'`)
      assert.equal(r.rows.length, 0)
      assert.equal((await db().query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one, 1, 'the connection is usable afterwards')
    })

    it('reports a failing statement with its SQLSTATE and text', async (t) => {
      if (skip) return t.skip(skip)
      await assert.rejects(db().query('SELECT * FROM no_such_table'), (err: Error & { code?: string; sql?: string }) => {
        assert.equal(err.code, '42P01')
        assert.equal(err.sql, 'SELECT * FROM no_such_table')
        return true
      })
    })
  })
}
