// Server driver: a PostgreSQL with the timescaledb extension, through a node-postgres pool.
// Bulk inserts stream rows with COPY into a temporary staging table, then move them with
// INSERT ... SELECT so that ON CONFLICT and RETURNING still apply.
// Exception: PGlite served over the wire protocol (`db serve`) aborts on COPY FROM STDIN
// (its WASM build hits `unreachable`), so against it the driver sends `unnest` arrays,
// exactly as the embedded driver does.
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { type BulkInsert, type Db, DbError, NUMERIC_TYPE_OIDS, parseNumeric, type Queryable, type QueryResult, insertSelectSql, quoteIdent, unnestInsert } from './db.js'

export interface ServerDbOptions {
  url: string
  poolSize?: number
  /** Statement timeout in ms; every I/O boundary has one. */
  statementTimeoutMs?: number
}

const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === NUMERIC_TYPE_OIDS.int8 || oid === NUMERIC_TYPE_OIDS.numeric) return parseNumeric
    return pg.types.getTypeParser(oid, format as 'text')
  },
}

export async function openServerDb(options: ServerDbOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    statement_timeout: options.statementTimeoutMs ?? 120_000,
    types,
  })
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {})
  const probe = await pool.query<{ version: string }>('SELECT version()').catch((err: Error) => {
    void pool.end()
    throw new DbError(`cannot connect to ${redact(options.url)}: ${err.message}`, (err as { code?: string }).code, 'SELECT version()', { cause: err })
  })
  const useCopy = !/emscripten/i.test(probe.rows[0]?.version ?? '')
  const db = wrap(pool, useCopy)
  return {
    engine: 'server',
    location: redact(options.url),
    ...db,
    async transaction(work) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await work(wrap(client, useCopy))
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

function wrap(target: pg.Pool | pg.PoolClient, useCopy: boolean): Queryable {
  const query = async <T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
    try {
      const result = await target.query(sql, params as unknown[] | undefined)
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length }
    } catch (err) {
      throw asDbError(err, sql)
    }
  }
  return {
    query,
    async exec(sql) {
      try {
        await target.query(sql) // a script: pg answers with one result per statement
      } catch (err) {
        throw asDbError(err, sql)
      }
    },
    async bulkInsert<T>(insert: BulkInsert) {
      if (!useCopy) {
        const { sql, params } = unnestInsert(insert)
        return query<T>(sql, params)
      }
      if (target instanceof pg.Pool) {
        const client = await target.connect()
        try {
          await client.query('BEGIN')
          const result = await copyThenInsert<T>(client, insert)
          await client.query('COMMIT')
          return result
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {})
          throw asDbError(err, `COPY into ${insert.table}`)
        } finally {
          client.release()
        }
      }
      try {
        return await copyThenInsert<T>(target, insert)
      } catch (err) {
        throw asDbError(err, `COPY into ${insert.table}`)
      }
    },
  }
}

/** Must run inside a transaction: the staging table empties itself on commit. */
async function copyThenInsert<T>(client: pg.PoolClient, insert: BulkInsert): Promise<QueryResult<T>> {
  const stage = quoteIdent(`stage_${insert.table}`)
  const names = insert.columns.map((c) => quoteIdent(c.name)).join(', ')
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS ${stage} ON COMMIT DELETE ROWS AS SELECT ${names} FROM ${quoteIdent(insert.table)} WITH NO DATA`,
  )
  await pipeline(Readable.from(copyLines(insert.rows)), client.query(copyFrom(`COPY ${stage} (${names}) FROM STDIN`)))
  const result = await client.query(insertSelectSql(insert, `SELECT ${names} FROM ${stage}`))
  await client.query(`TRUNCATE ${stage}`)
  return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 }
}

function* copyLines(rows: readonly (readonly unknown[])[]): Generator<string> {
  let chunk = ''
  for (const row of rows) {
    chunk += row.map(copyText).join('\t') + '\n'
    if (chunk.length > 64 * 1024) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk) yield chunk
}

/** COPY text format: \N is NULL; backslash, tab, newline and CR are escaped. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N'
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value)
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}

function asDbError(err: unknown, sql: string): DbError {
  if (err instanceof DbError) return err
  const e = err as { message?: string; code?: string }
  return new DbError(e.message ?? String(err), e.code, sql, { cause: err })
}

export function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgres://(unparsable url)'
  }
}
