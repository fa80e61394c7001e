import type { Migration } from './index.js'

// Values no machine can have (SAMPLE_FIELDS in src/domain/sampleFields.ts: rpm ≤ 500,000, feed ≤
// 1,000,000 mm/min, part_count ≤ 10^12, machine ids with a letter or digit) were accepted
// before those bounds existed. One rpm of 1e308 overflows every sum over it: the aggregates'
// refresh failed on every run for every machine, and history at 5m/1h/1d answered 500. Such
// rows are moved to telemetry_quarantine, named and with their reason, and the machines'
// last sample forgets the value. The bounds are written out here as they were when this
// shipped: a migration is history and never changes.

const REASON = `concat_ws('; ',
  CASE WHEN rpm > 500000 THEN 'rpm ' || rpm || ' above 500,000' END,
  CASE WHEN feed_mm_min > 1000000 THEN 'feed_mm_min ' || feed_mm_min || ' above 1,000,000' END,
  CASE WHEN part_count > 1000000000000 THEN 'part_count ' || part_count || ' above 10^12' END,
  CASE WHEN machine_id !~ '[A-Za-z0-9]' THEN 'machine_id without a letter or digit' END)`
const OUT_OF_BOUNDS = `(rpm > 500000 OR feed_mm_min > 1000000 OR part_count > 1000000000000 OR machine_id !~ '[A-Za-z0-9]')`

export const v010Quarantine: Migration = {
  version: 10,
  name: 'telemetry_quarantine: stored samples outside the sample bounds moved out of telemetry',
  statements: [
    `CREATE TABLE telemetry_quarantine (
      machine_id     text NOT NULL,
      ts             timestamptz NOT NULL,
      sample         jsonb NOT NULL,
      reason         text NOT NULL,
      quarantined_at timestamptz NOT NULL DEFAULT now()
    )`,
    `INSERT INTO telemetry_quarantine (machine_id, ts, sample, reason)
       SELECT machine_id, ts, to_jsonb(t) - 'held_state' - 'held_s', ${REASON} FROM telemetry t WHERE ${OUT_OF_BOUNDS}`,
    `DELETE FROM telemetry WHERE ${OUT_OF_BOUNDS}`,
    `DELETE FROM telemetry_changes WHERE part_count > 1000000000000 OR machine_id !~ '[A-Za-z0-9]'`,
    ...[['rpm', 500000], ['feed_mm_min', 1000000], ['part_count', 1000000000000]].map(([field, max]) =>
      `UPDATE machines SET last_sample = last_sample - '${field}' WHERE jsonb_typeof(last_sample->'${field}') = 'number' AND (last_sample->>'${field}')::float8 > ${max}`),
  ],
}
