// Applies the versioned migrations that are not yet recorded; safe to run again and again.
import type { Db } from './db.js'
import { MIGRATIONS, type Migration } from './migrations/index.js'

export interface MigrationReport {
  applied: { version: number; name: string }[]
  current: number
}

// Any constant will do: it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_KEY = 7_201_394

export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`)
  const applied: MigrationReport['applied'] = []
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await db.transaction(async (tx) => {
      // Two servers starting together on one database: the second waits, then skips.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version])
      if (seen.rows.length > 0) return false
      for (const statement of migration.statements) {
        try {
          await tx.exec(statement)
        } catch (err) {
          throw new Error(`migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}\n  in: ${statement.split('\n')[0]}`, { cause: err })
        }
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name])
      return true
    })
    if (done) applied.push({ version: migration.version, name: migration.name })
  }
  const current = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')
  return { applied, current: current.rows[0]?.v ?? 0 }
}
