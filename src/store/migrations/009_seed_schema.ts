import { aggregateViews } from './002_aggregates.js'
import type { Migration } from './index.js'

// What the seed's schema.sql and oee_daily.sql name and ours lacked (docs/storage.md, "The
// seed's schema"): the aggregates' `sample_count` and `state_mode`, the index `idx_state`, and
// oee_daily's minutes and part counts; and stored utilization and TEEP as computed now. The aggregates are built again (a column cannot be
// added to a continuous aggregate); their refresh policies come back at start, and the first
// refresh materializes the retention window again.
export const v009SeedSchema: Migration = {
  version: 9,
  name: "the seed's columns: sample_count and state_mode in the aggregates, idx_state, oee_daily minutes and parts; utilization and TEEP over covered time",
  statements: [
    `DROP MATERIALIZED VIEW telemetry_1d`,
    `DROP MATERIALIZED VIEW telemetry_1h`,
    `DROP MATERIALIZED VIEW telemetry_5m`,
    ...aggregateViews({ sampleCount: 'sample_count', stateMode: true }),
    `CREATE INDEX idx_state ON telemetry (state, ts DESC) WHERE state <> 'idle'`,
    `ALTER TABLE oee_daily
       ADD COLUMN planned_time_min integer,
       ADD COLUMN operating_time_min integer,
       ADD COLUMN actual_parts integer,
       ADD COLUMN theoretical_parts integer,
       ALTER COLUMN good_parts DROP NOT NULL`,
    // The rows of earlier versions, as src/domain/oee/seedDaily.ts computes them from now on.
    `UPDATE oee_daily SET
       planned_time_min = round(planned_busy_s / 60),
       operating_time_min = round(coalesce((figures->>'operating_s')::float8, run_s) / 60),
       actual_parts = CASE WHEN (figures->>'parts_known')::boolean THEN total_parts END,
       good_parts = CASE WHEN (figures->>'parts_known')::boolean THEN good_parts END,
       theoretical_parts = CASE WHEN (figures->>'parts_known')::boolean AND performance_raw > 0 THEN round(total_parts / performance_raw) END`,
    `ALTER TABLE oee_daily ALTER COLUMN planned_time_min SET NOT NULL, ALTER COLUMN operating_time_min SET NOT NULL`,
    // Utilization and TEEP now leave time without data out of the calendar (figuresFromSums).
    ...['oee_daily', 'oee_shift'].map((table) => `UPDATE ${table} SET figures = figures || jsonb_build_object(
       'utilization', CASE WHEN c.covered > 0 THEN (figures->>'run_s')::float8 / c.covered END,
       'teep', CASE WHEN c.covered > 0 AND ${table}.oee IS NOT NULL
         THEN ${table}.oee * ((figures->>'planned_busy_s')::float8 - (figures->>'no_data_s')::float8) / c.covered END)
       FROM (SELECT machine_id AS m, date AS d, ${table === 'oee_shift' ? 'shift AS s, ' : ''}(figures->>'calendar_s')::float8 - (figures->>'no_data_s')::float8 AS covered FROM ${table}) c
      WHERE c.m = ${table}.machine_id AND c.d = ${table}.date${table === 'oee_shift' ? ' AND c.s = oee_shift.shift' : ''}`),
  ],
}
