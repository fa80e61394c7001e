import type { StorageStatus } from '../store/status.js'

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

export function printStatus(s: StorageStatus & { ingest?: unknown }): void {
  const t = s.telemetry
  const lines = [
    `engine         ${s.engine} (${s.location})`,
    `postgres       ${s.postgres}`,
    `timescaledb    ${s.timescaledb ?? 'NOT INSTALLED'}`,
    `schema         version ${s.schema_version}`,
    `telemetry      ${mb(t.total_bytes)}, ~${Math.round(t.approximate_rows)} rows, ${t.chunks} chunks (${t.compressed_chunks} compressed)` +
      (t.oldest_chunk_start ? `, ${t.oldest_chunk_start} → ${t.newest_chunk_end}` : ''),
    `compression    ${t.compression.before_bytes > 0 ? `${mb(t.compression.before_bytes)} → ${mb(t.compression.after_bytes)} (${t.compression.saved_percent}% saved)` : 'no compressed chunks yet'}`,
    '',
    'aggregates',
    ...s.aggregates.map((a) => `  ${a.view.padEnd(14)} ${a.real_time ? 'real-time' : 'materialized only'}, watermark ${a.watermark ?? 'none (not refreshed yet)'}, ${mb(a.total_bytes)}` +
      (a.lagging ? `, LAGGING ${a.lag_seconds === null ? '(nothing materialized)' : `${Math.round(a.lag_seconds / 60)} min behind the newest data`}` : '')),
    '',
    'jobs',
    ...s.jobs.map((j) => {
      const last = j.last_run_started_at ? `last ${j.last_run_started_at} ${j.last_run_succeeded ? 'ok' : 'FAILED'}` : 'never run'
      const failing = j.last_run_succeeded === false
        ? `, FAILING ${j.consecutive_failures} time(s) in a row since ${j.failing_since ?? '?'}: ${j.last_error ?? 'no error text'}` : ''
      const failures = j.total_failures > 0 ? `, ${j.total_failures} failure(s) in all${failing}` : failing
      return `  ${String(j.job_id).padEnd(5)} ${j.proc_name.padEnd(36)} ${(j.target ?? '-').padEnd(14)} every ${j.schedule}; ${last}; next ${j.next_run_at ?? '-'}; ${j.total_runs} run(s)${failures}`
    }),
  ]
  console.log(lines.join('\n'))
}
