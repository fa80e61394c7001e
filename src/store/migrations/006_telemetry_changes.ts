import type { Migration } from './index.js'

// The change points of telemetry (src/domain/changePoints.ts): the samples at which the
// held state, part count, Execution or program changed, written with the samples. OEE reads
// a machine-day from these (hundreds of rows) instead of the raw samples (86,400 at 1 Hz),
// and they outlive the raw retention, so that a reason coded or scrap entered for an old
// shift can still be recomputed. Telemetry stored before this table existed is converted
// once, by the migration.

/**
 * The same derivation as changePoints() in SQL, over all of telemetry (converts what was
 * stored before this table existed; tests compare the two). A carried value is the last
 * non-null one, found through the running count of non-null values (one group per value).
 */
export const CHANGES_FROM_TELEMETRY = `SELECT machine_id, ts, span_start, key, pc, ex, pg FROM (
       SELECT *, lag(key) OVER w AS p_key, lag(pc) OVER w AS p_pc, lag(ex) OVER w AS p_ex, lag(pg) OVER w AS p_pg, row_number() OVER w AS n
         FROM (
           SELECT machine_id, ts, lag(ts) OVER m AS span_start,
                  CASE WHEN held_s IS NULL THEN NULL ELSE held_state END AS key,
                  first_value(part_count) OVER (PARTITION BY machine_id, g_pc ORDER BY ts) AS pc,
                  first_value(execution) OVER (PARTITION BY machine_id, g_ex ORDER BY ts) AS ex,
                  first_value(program) OVER (PARTITION BY machine_id, g_pg ORDER BY ts) AS pg
             FROM (SELECT machine_id, ts, held_state, held_s, part_count, execution, program,
                          count(part_count) OVER m AS g_pc, count(execution) OVER m AS g_ex, count(program) OVER m AS g_pg
                     FROM telemetry WINDOW m AS (PARTITION BY machine_id ORDER BY ts)) counted
           WINDOW m AS (PARTITION BY machine_id ORDER BY ts)) carried
       WINDOW w AS (PARTITION BY machine_id ORDER BY ts)) compared
      WHERE CASE WHEN n = 1 THEN key IS NOT NULL OR pc IS NOT NULL OR ex IS NOT NULL OR pg IS NOT NULL
                 ELSE key IS DISTINCT FROM p_key OR pc IS DISTINCT FROM p_pc OR ex IS DISTINCT FROM p_ex OR pg IS DISTINCT FROM p_pg END`

export const v006TelemetryChanges: Migration = {
  version: 6,
  name: 'telemetry change points',
  statements: [
    `CREATE TABLE telemetry_changes (
      machine_id text NOT NULL,
      ts         timestamptz NOT NULL,
      -- the previous sample's time: the span ending at ts began there (null: first sample)
      span_start timestamptz,
      -- the state of that span; null when there is none (a hole in the data)
      held_state text CHECK (held_state IN ('running', 'idle', 'stopped', 'offline')),
      -- the last values known at ts (carried over samples that did not report them)
      part_count bigint,
      execution  text,
      program    text,
      PRIMARY KEY (machine_id, ts)
    )`,
    `SELECT create_hypertable('telemetry_changes', by_range('ts', INTERVAL '30 days'), create_default_indexes => false)`,
    `INSERT INTO telemetry_changes (machine_id, ts, span_start, held_state, part_count, execution, program) ${CHANGES_FROM_TELEMETRY}`,
  ],
}
