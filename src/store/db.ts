// The one interface every part of the system uses to reach PostgreSQL + TimescaleDB.
// Two drivers implement it: embedded (PGlite in-process) and server (node-postgres pool).

export interface QueryResult<T> {
  rows: T[]
  rowCount: number
}

export type PgType = 'text' | 'date' | 'timestamptz' | 'float8' | 'float4' | 'int8' | 'int4' | 'jsonb' | 'bool'

export interface BulkInsert {
  table: string
  columns: readonly { name: string; type: PgType }[]
  /** Row-major values, in `columns` order; null for SQL NULL. Dates as Date or ISO strings. */
  rows: readonly (readonly unknown[])[]
  /** Skip rows that violate a unique constraint instead of failing (idempotent writes). */
  onConflictDoNothing?: boolean
  /** SQL expression list for RETURNING, evaluated on the rows actually inserted. */
  returning?: string
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>
  bulkInsert<T = Record<string, unknown>>(insert: BulkInsert): Promise<QueryResult<T>>
}

export interface Db extends Queryable {
  readonly engine: 'embedded' | 'server'
  /** Where the data lives: the data directory, or the server URL without its password. */
  readonly location: string
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** node-postgres and PGlite both return int8/numeric as text by default; we want numbers. */
export const NUMERIC_TYPE_OIDS = { int8: 20, numeric: 1700 } as const

export function parseNumeric(value: string): number {
  return Number(value)
}

/** Column-major arrays for `unnest($1::text[], ...)`. */
export function toColumns(insert: BulkInsert): unknown[][] {
  const columns: unknown[][] = insert.columns.map(() => new Array(insert.rows.length))
  insert.rows.forEach((row, r) => {
    for (let c = 0; c < columns.length; c++) (columns[c] as unknown[])[r] = row[c] ?? null
  })
  return columns
}

/** INSERT ... SELECT FROM unnest($1::type[], ...): one statement, one parameter per column. */
export function unnestInsert(insert: BulkInsert): { sql: string; params: unknown[][] } {
  const source = `SELECT * FROM unnest(${insert.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})`
  return { sql: insertSelectSql(insert, source), params: toColumns(insert) }
}

export function insertSelectSql(insert: BulkInsert, source: string): string {
  const names = insert.columns.map((c) => quoteIdent(c.name)).join(', ')
  return `INSERT INTO ${quoteIdent(insert.table)} (${names}) ${source}` +
    (insert.onConflictDoNothing ? ' ON CONFLICT DO NOTHING' : '') +
    (insert.returning ? ` RETURNING ${insert.returning}` : '')
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** A database error with its SQLSTATE, message and the statement that failed. */
export class DbError extends Error {
  constructor(message: string, readonly code: string | undefined, readonly sql: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DbError'
  }
}
