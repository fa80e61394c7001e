import type { Migration } from './index.js'

// Real-time continuous aggregates (materialized_only = false): a read combines the
// materialized buckets with the raw tail that is not materialized yet, so data just
// ingested shows at once. 1h is built on 5m and 1d on 1h; averages roll up from sums and
// counts, never by averaging averages.
const states = ['running', 'idle', 'stopped', 'offline'] as const

const topState = `CASE GREATEST(${states.map((s) => `sum(${s}_s)`).join(', ')})
      WHEN 0 THEN NULL
      ${states.map((s) => `WHEN sum(${s}_s) THEN '${s}'`).join('\n      ')}
    END`

/** Names of version 2; migration 9 took the seed's (`sample_count`, and `state_mode` in 5m). */
export interface AggregateColumns {
  sampleCount: 'samples' | 'sample_count'
  /** The seed's `MODE() WITHIN GROUP (ORDER BY state) AS state_mode` (schema.sql, G5). */
  stateMode: boolean
}

export function aggregateViews(columns: AggregateColumns): string[] {
  return [fiveMinutes(columns), rollup('telemetry_1h', '1 hour', 'telemetry_5m', columns), rollup('telemetry_1d', '1 day', 'telemetry_1h', columns)]
}

const fiveMinutes = ({ sampleCount, stateMode }: AggregateColumns) => `CREATE MATERIALIZED VIEW telemetry_5m
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT machine_id,
    time_bucket(INTERVAL '5 minutes', ts) AS bucket,
    count(*) AS ${sampleCount},${stateMode ? '\n    mode() WITHIN GROUP (ORDER BY state) AS state_mode,' : ''}
    avg(rpm) AS rpm_avg, min(rpm) AS rpm_min, max(rpm) AS rpm_max,
    sum(rpm) AS rpm_sum, count(rpm) AS rpm_n,
    avg(feed_mm_min) AS feed_avg, max(feed_mm_min) AS feed_max,
    sum(feed_mm_min) AS feed_sum, count(feed_mm_min) AS feed_n,
    ${states.map((s) => `coalesce(sum(held_s) FILTER (WHERE held_state = '${s}'), 0)::float8 AS ${s}_s`).join(',\n    ')},
    ${topState.replace(/sum\((\w+)_s\)/g, "coalesce(sum(held_s) FILTER (WHERE held_state = '$1'), 0)")} AS top_state,
    last(part_count, ts) FILTER (WHERE part_count IS NOT NULL) AS last_part_count,
    max(ts) AS last_ts
  FROM telemetry
  GROUP BY machine_id, bucket
  WITH NO DATA`

function rollup(name: string, width: string, source: string, { sampleCount }: AggregateColumns): string {
  return `CREATE MATERIALIZED VIEW ${name}
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT machine_id,
    time_bucket(INTERVAL '${width}', bucket) AS bucket,
    sum(${sampleCount})::bigint AS ${sampleCount},
    sum(rpm_sum) / nullif(sum(rpm_n), 0) AS rpm_avg, min(rpm_min) AS rpm_min, max(rpm_max) AS rpm_max,
    sum(rpm_sum) AS rpm_sum, sum(rpm_n)::bigint AS rpm_n,
    sum(feed_sum) / nullif(sum(feed_n), 0) AS feed_avg, max(feed_max) AS feed_max,
    sum(feed_sum) AS feed_sum, sum(feed_n)::bigint AS feed_n,
    ${states.map((s) => `sum(${s}_s)::float8 AS ${s}_s`).join(', ')},
    ${topState} AS top_state,
    last(last_part_count, bucket) FILTER (WHERE last_part_count IS NOT NULL) AS last_part_count,
    max(last_ts) AS last_ts
  FROM ${source}
  GROUP BY machine_id, 2
  WITH NO DATA`
}

export const v002Aggregates: Migration = {
  version: 2,
  name: 'continuous aggregates telemetry_5m, telemetry_1h, telemetry_1d',
  statements: aggregateViews({ sampleCount: 'samples', stateMode: false }),
}
