// What `storage status` and GET /v1/storage/status report: engine, TimescaleDB, the
// hypertable's size, chunks and compression, policies, aggregates and their jobs.
import type { Db, Queryable } from './db.js'

export interface StorageStatus {
  engine: Db['engine']
  location: string
  postgres: string
  timescaledb: string | null
  schema_version: number
  telemetry: {
    total_bytes: number
    approximate_rows: number
    chunks: number
    compressed_chunks: number
    oldest_chunk_start: string | null
    newest_chunk_end: string | null
    compression: { before_bytes: number; after_bytes: number; saved_percent: number | null }
  }
  aggregates: AggregateStatus[]
  jobs: JobStatus[]
}

export interface AggregateStatus {
  view: string
  real_time: boolean
  watermark: string | null
  total_bytes: number
  /** The watermark trails the newest raw sample by more than its refresh policy's end offset,
   * one bucket and three refresh intervals: the refresh job is not keeping up (or failing). */
  lagging: boolean
  lag_seconds: number | null
}

export interface JobStatus {
  job_id: number
  proc_name: string
  target: string | null
  schedule: string
  config: Record<string, unknown> | null
  last_run_started_at: string | null
  last_run_succeeded: boolean | null
  last_successful_finish: string | null
  next_run_at: string | null
  total_runs: number
  total_failures: number
  last_error: string | null
  /** Failed runs since the last successful one, and when the first of them started. */
  consecutive_failures: number
  failing_since: string | null
}

const iso = (d: Date | null | undefined) => (d instanceof Date && Number.isFinite(d.getTime()) ? d.toISOString() : null)

export async function storageStatus(db: Db): Promise<StorageStatus> {
  const one = async <T>(sql: string) => (await db.query<T>(sql)).rows[0] as T
  const schema = await one<{ migrated: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS migrated`)
  if (!schema.migrated) throw new Error(`the database at ${db.location} has no cnc-telemetry schema yet: \`cnc-telemetry migrate\` creates it, and so does \`cnc-telemetry serve\` at its start`)
  const versions = await one<{ pg: string; tsdb: string | null; schema: number | null }>(
    `SELECT version() AS pg,
            (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS tsdb,
            (SELECT max(version) FROM schema_migrations) AS schema`,
  )
  const chunks = await one<{ chunks: number; compressed: number; oldest: Date | null; newest: Date | null }>(
    `SELECT count(*)::int AS chunks, count(*) FILTER (WHERE is_compressed)::int AS compressed,
            min(range_start) AS oldest, max(range_end) AS newest
       FROM timescaledb_information.chunks WHERE hypertable_name = 'telemetry'`,
  )
  const size = await one<{ total: number | null; rows: number | null }>(
    `SELECT hypertable_size('telemetry')::float8 AS total, approximate_row_count('telemetry')::float8 AS rows`,
  )
  const compression = await one<{ before: number | null; after: number | null }>(
    `SELECT sum(before_compression_total_bytes)::float8 AS before, sum(after_compression_total_bytes)::float8 AS after
       FROM hypertable_compression_stats('telemetry')`,
  )
  const aggregates = await aggregateStatus(db)
  const before = compression.before ?? 0
  const after = compression.after ?? 0
  return {
    engine: db.engine,
    location: db.location,
    postgres: versions.pg.split(' on ')[0] ?? versions.pg,
    timescaledb: versions.tsdb,
    schema_version: versions.schema ?? 0,
    telemetry: {
      total_bytes: size.total ?? 0,
      approximate_rows: Math.max(0, size.rows ?? 0),
      chunks: chunks.chunks,
      compressed_chunks: chunks.compressed,
      oldest_chunk_start: iso(chunks.oldest),
      newest_chunk_end: iso(chunks.newest),
      compression: { before_bytes: before, after_bytes: after, saved_percent: before > 0 ? Math.round((1 - after / before) * 1000) / 10 : null },
    },
    aggregates,
    jobs: await jobStatus(db),
  }
}

/** The background jobs: run by our own scheduler in embedded mode, by TimescaleDB in server mode. */
export function jobStatus(db: Db): Promise<JobStatus[]> {
  return db.engine === 'embedded' ? embeddedJobs(db) : serverJobs(db)
}

export async function aggregateStatus(db: Db): Promise<AggregateStatus[]> {
  const aggregates = await db.query<{ view: string; real_time: boolean; watermark: Date | null; total: number | null; lag: number | null; lagging: boolean | null }>(
    `WITH newest AS (SELECT least(max(ts), now()) AS ts FROM telemetry)
     SELECT a.*, extract(epoch FROM n.ts - a.watermark)::float8 AS lag,
            a.watermark IS DISTINCT FROM NULL AND n.ts - a.watermark > a.allowed
              OR a.watermark IS NULL AND n.ts IS NOT NULL AND n.ts - a.allowed > (SELECT min(ts) FROM telemetry) AS lagging
       FROM (SELECT ca.view_name AS view, NOT ca.materialized_only AS real_time,
                    CASE WHEN w.wm > -210866803200000000 THEN _timescaledb_functions.to_timestamp(w.wm) END AS watermark,
                    hypertable_size(format('%I.%I', ca.materialization_hypertable_schema, ca.materialization_hypertable_name)::regclass)::float8 AS total,
                    -- The watermark is the end of the last whole bucket before now - end_offset, so it
                    -- trails by up to end_offset + one bucket (our policies set end_offset to one bucket).
                    2 * coalesce((j.config->>'end_offset')::interval, '0') + 3 * coalesce(j.schedule_interval, '1 hour') AS allowed
               FROM timescaledb_information.continuous_aggregates ca
               JOIN _timescaledb_catalog.continuous_agg c ON c.user_view_name = ca.view_name
               CROSS JOIN LATERAL (SELECT _timescaledb_functions.cagg_watermark(c.mat_hypertable_id) AS wm) w
               LEFT JOIN timescaledb_information.jobs j ON j.proc_name = 'policy_refresh_continuous_aggregate'
                     AND (j.config->>'mat_hypertable_id')::int = c.mat_hypertable_id) a
      CROSS JOIN newest n
      ORDER BY a.view`,
  )
  return aggregates.rows.map((a) => ({
    view: a.view, real_time: a.real_time, watermark: iso(a.watermark), total_bytes: a.total ?? 0,
    lagging: a.lagging === true, lag_seconds: a.lag === null ? null : Math.max(0, Math.round(a.lag)),
  }))
}

const JOBS = `SELECT j.job_id, j.proc_name, coalesce(ca.view_name, j.hypertable_name) AS target,
                     j.schedule_interval::text AS schedule, j.config
                FROM timescaledb_information.jobs j
                LEFT JOIN timescaledb_information.continuous_aggregates ca
                  ON ca.materialization_hypertable_name = j.hypertable_name`

/** Embedded mode: our own scheduler runs the jobs, and job_runs is its log. */
async function embeddedJobs(db: Db): Promise<JobStatus[]> {
  const rows = await db.query<JobStatus & { last_started: Date | null; last_ok: Date | null; next_run: Date | null; since: Date | null }>(
    `SELECT j.*, last.started_at AS last_started, last.succeeded AS last_run_succeeded, last.error AS last_error,
            ok.finished_at AS last_ok, streak.failures::int AS consecutive_failures, streak.since,
            coalesce(last.finished_at + s.schedule_interval, now()) AS next_run,
            coalesce(stats.runs, 0)::int AS total_runs, coalesce(stats.failures, 0)::int AS total_failures
       FROM (${JOBS}) j
       JOIN timescaledb_information.jobs s USING (job_id)
       LEFT JOIN LATERAL (SELECT started_at, finished_at, succeeded, error FROM job_runs r
                           WHERE r.job_id = j.job_id ORDER BY started_at DESC LIMIT 1) last ON true
       LEFT JOIN LATERAL (SELECT finished_at FROM job_runs r WHERE r.job_id = j.job_id AND succeeded
                           ORDER BY started_at DESC LIMIT 1) ok ON true
       LEFT JOIN LATERAL (SELECT count(*) AS runs, count(*) FILTER (WHERE NOT succeeded) AS failures
                            FROM job_runs r WHERE r.job_id = j.job_id) stats ON true
       LEFT JOIN LATERAL (SELECT count(*) AS failures, min(started_at) AS since FROM job_runs r
                           WHERE r.job_id = j.job_id AND NOT succeeded
                             AND r.started_at > coalesce((SELECT max(started_at) FROM job_runs o WHERE o.job_id = j.job_id AND o.succeeded), '-infinity')) streak ON true
      ORDER BY j.job_id`,
  )
  return rows.rows.map((r) => ({
    job_id: r.job_id, proc_name: r.proc_name, target: r.target, schedule: r.schedule, config: r.config,
    last_run_started_at: iso(r.last_started), last_run_succeeded: r.last_run_succeeded ?? null,
    last_successful_finish: iso(r.last_ok), next_run_at: iso(r.next_run),
    total_runs: r.total_runs, total_failures: r.total_failures, last_error: r.last_error ?? null,
    consecutive_failures: r.consecutive_failures ?? 0, failing_since: iso(r.since),
  }))
}

/** Server mode: TimescaleDB's background workers run the jobs and keep their statistics. */
async function serverJobs(db: Db): Promise<JobStatus[]> {
  const rows = await db.query<JobStatus & { started: Date | null; status: string | null; ok: Date | null; next: Date | null; since: Date | null }>(
    `SELECT j.*, st.last_run_started_at AS started, st.last_run_status AS status, st.last_successful_finish AS ok,
            st.next_start AS next, coalesce(st.total_runs, 0)::int AS total_runs, coalesce(st.total_failures, 0)::int AS total_failures,
            (SELECT err_message FROM timescaledb_information.job_errors e WHERE e.job_id = j.job_id ORDER BY finish_time DESC LIMIT 1) AS last_error,
            streak.failures::int AS consecutive_failures, streak.since
       FROM (${JOBS}) j LEFT JOIN timescaledb_information.job_stats st USING (job_id)
       LEFT JOIN LATERAL (SELECT count(*) AS failures, min(e.start_time) AS since FROM timescaledb_information.job_errors e
                           WHERE e.job_id = j.job_id AND e.start_time > coalesce(st.last_successful_finish, '-infinity')) streak ON true
      ORDER BY j.job_id`,
  )
  return rows.rows.map((r) => ({
    job_id: r.job_id, proc_name: r.proc_name, target: r.target, schedule: r.schedule, config: r.config,
    last_run_started_at: iso(r.started), last_run_succeeded: r.status === null ? null : r.status === 'Success',
    last_successful_finish: iso(r.ok), next_run_at: iso(r.next),
    total_runs: r.total_runs, total_failures: r.total_failures,
    // job_errors keeps errors of runs long past: only a failing last run has a current error.
    last_error: r.status === 'Failed' ? r.last_error ?? null : null,
    consecutive_failures: r.status === 'Failed' ? Math.max(1, r.consecutive_failures ?? 0) : 0,
    failing_since: r.status === 'Failed' ? iso(r.since) ?? iso(r.started) : null,
  }))
}

/** The newest embedded job run's id: a new one means the jobs' status may have changed. */
export async function lastJobRunId(db: Queryable): Promise<number | null> {
  return (await db.query<{ id: number | null }>('SELECT max(id)::float8 AS id FROM job_runs')).rows[0]?.id ?? null
}

/** Answers when the database answers a query at all. */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1')
}
