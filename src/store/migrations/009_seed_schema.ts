import { aggregateViews } from './002_aggregates.js'
import type { Migration } from './index.js'

// What the seed's schema.sql and oee_daily.sql name and ours lacked (docs/storage.md, "The
// seed's schema"): the aggregates' `sample_count` and `state_mode`, the index `idx_state`, and
// oee_daily's minutes and part counts. The aggregates are built again (a column cannot be
// added to a continuous aggregate); their refresh policies come back at start, and the first
// refresh materializes the retention window again.
export const v009SeedSchema: Migration = {
  version: 9,
  name: "the seed's columns: sample_count and state_mode in the aggregates, idx_state, oee_daily minutes and parts",
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
  ],
}
