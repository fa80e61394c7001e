// What the seed's SQL files (schema.sql, oee_daily.sql) name, read out of the files as they
// are: tables and their columns and CHECKs, indexes, policies, continuous aggregates and the
// columns they give. A reader of just those files' shapes, not of SQL in general.

export interface SeedColumn { name: string; type: string; check?: string; default?: string }
export interface SeedTable { name: string; columns: SeedColumn[]; primaryKey: string[] }
export interface SeedIndex { name: string; table: string; keys: string; where?: string }
export interface SeedPolicy { kind: string; target: string; args: string }
export interface SeedAggregate { name: string; columns: string[] }

export interface SeedSchema {
  tables: SeedTable[]
  hypertables: { table: string; column: string }[]
  indexes: SeedIndex[]
  policies: SeedPolicy[]
  aggregates: SeedAggregate[]
}

export function readSeedSql(...texts: string[]): SeedSchema {
  const sql = texts.map((t) => t.replace(/--[^\n]*/g, '')).join('\n')
  const schema: SeedSchema = { tables: [], hypertables: [], indexes: [], policies: [], aggregates: [] }
  for (const m of sql.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\);/g)) {
    const table: SeedTable = { name: m[1] as string, columns: [], primaryKey: [] }
    for (const part of splitTopLevel(m[2] as string)) {
      const pk = /^PRIMARY KEY \(([^)]*)\)$/.exec(part)
      if (pk) {
        table.primaryKey = (pk[1] as string).split(',').map((c) => c.trim())
        continue
      }
      const column = /^(\w+) ([A-Z ]+?)(?: NOT NULL)?(?: CHECK \((.*)\))?(?: DEFAULT (.*))?$/.exec(part)
      if (!column) throw new Error(`cannot read the column ${JSON.stringify(part)} of ${table.name}`)
      const c: SeedColumn = { name: column[1] as string, type: (column[2] as string).trim() }
      if (column[3]) c.check = column[3]
      if (column[4]) c.default = column[4]
      table.columns.push(c)
    }
    schema.tables.push(table)
  }
  for (const m of sql.matchAll(/create_hypertable\('(\w+)', '(\w+)'/g)) schema.hypertables.push({ table: m[1] as string, column: m[2] as string })
  for (const m of sql.matchAll(/CREATE INDEX (\w+) ON (\w+)\(([^)]*)\)(?: WHERE ([^;]*))?;/g)) {
    const index: SeedIndex = { name: m[1] as string, table: m[2] as string, keys: m[3] as string }
    if (m[4]) index.where = (m[4] as string).trim()
    schema.indexes.push(index)
  }
  for (const m of sql.matchAll(/SELECT (add_\w+_policy)\('(\w+)',([^;]*)\);/g)) {
    schema.policies.push({ kind: m[1] as string, target: m[2] as string, args: (m[3] as string).replace(/\s+/g, ' ').trim() })
  }
  for (const m of sql.matchAll(/CREATE MATERIALIZED VIEW (\w+)[\s\S]*?SELECT([\s\S]*?)\n\s*FROM/g)) {
    schema.aggregates.push({ name: m[1] as string, columns: splitTopLevel(m[2] as string).map(outputName) })
  }
  return schema
}

/** The name a select-list item gives its column: its alias, or the bare column it reads. */
function outputName(item: string): string {
  const alias = /\bAS (\w+)$/i.exec(item)
  if (alias) return alias[1] as string
  if (/^\w+$/.test(item)) return item
  throw new Error(`the select item ${JSON.stringify(item)} has no name`)
}

/** Splits on commas outside parentheses, trimming each part and folding its spaces. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const c of text) {
    if (c === '(') depth++
    if (c === ')') depth--
    if (c === ',' && depth === 0) {
      parts.push(current)
      current = ''
    } else current += c
  }
  parts.push(current)
  return parts.map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean)
}
