// PGlite has no background workers, so in embedded mode nobody runs TimescaleDB's policy
// jobs. This loop does: every tick it runs the jobs that are due (`CALL run_job(id)`) and
// records each run in job_runs, so that status can show last run, next run and failures.
import type { Logger } from '../logger.js'
import type { Clock } from '../domain/clock.js'
import type { Db } from './db.js'

export type JobRunnerLog = Pick<Logger, 'info' | 'error'>

export interface JobRun {
  jobId: number
  procName: string
  target: string | null
  succeeded: boolean
  error: string | null
  durationMs: number
}

// The run log keeps a week: enough to see a job that has been failing since the weekend.
const KEEP_RUNS_MS = 7 * 86_400_000
const PRUNE_EVERY_MS = 3_600_000

interface DueJob {
  job_id: number
  proc_name: string
  target: string | null
  due: boolean
}

export class EmbeddedJobRunner {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<JobRun[]> | undefined
  private stopped = false
  private lastPrune = 0

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: JobRunnerLog,
    private readonly tickMs = 5_000,
  ) {}

  start(): void {
    this.stopped = false
    const tick = () => {
      if (this.stopped) return
      void this.runDue().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.tickMs)
      })
    }
    this.timer = setTimeout(tick, this.tickMs)
  }

  async close(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running?.catch(() => {})
  }

  /** Runs every job whose schedule says it is due (all of them with `all`); one at a time. */
  runDue(options: { all?: boolean } = {}): Promise<JobRun[]> {
    const previous = this.running ?? Promise.resolve([])
    const next = previous.catch(() => []).then(() => this.runDueNow(options.all === true))
    this.running = next
    return next
  }

  private async runDueNow(all: boolean): Promise<JobRun[]> {
    const now = new Date(this.clock.now())
    // Refreshes are ordered 5m → 1h → 1d by job id (creation order), so each reads fresh input.
    const jobs = await this.db.query<DueJob>(
      `SELECT j.job_id, j.proc_name, coalesce(ca.view_name, j.hypertable_name) AS target,
              (last.finished_at IS NULL OR last.finished_at + j.schedule_interval <= $1) AS due
         FROM timescaledb_information.jobs j
         LEFT JOIN timescaledb_information.continuous_aggregates ca
           ON ca.materialization_hypertable_name = j.hypertable_name
         LEFT JOIN LATERAL (SELECT finished_at FROM job_runs r WHERE r.job_id = j.job_id
                             ORDER BY started_at DESC LIMIT 1) last ON true
        WHERE j.scheduled
        ORDER BY j.job_id`,
      [now],
    )
    const runs: JobRun[] = []
    for (const job of jobs.rows) {
      if (this.stopped && !all) break
      if (!all && !job.due) continue
      runs.push(await this.runOne(job))
    }
    if (now.getTime() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now.getTime()
      await this.db.query('DELETE FROM job_runs WHERE started_at < $1', [new Date(now.getTime() - KEEP_RUNS_MS)])
    }
    return runs
  }

  private async runOne(job: DueJob): Promise<JobRun> {
    const started = this.clock.now()
    let error: string | null = null
    try {
      await this.db.exec(`CALL run_job(${Number(job.job_id)})`)
    } catch (err) {
      error = (err as Error).message
    }
    const finished = this.clock.now()
    const run: JobRun = { jobId: job.job_id, procName: job.proc_name, target: job.target, succeeded: error === null, error, durationMs: finished - started }
    await this.db.query(
      `INSERT INTO job_runs (job_id, proc_name, target, started_at, finished_at, succeeded, error) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [job.job_id, job.proc_name, job.target, new Date(started), new Date(finished), run.succeeded, error],
    )
    if (error) this.log.error({ job: job.job_id, proc: job.proc_name, target: job.target, err: error }, `TimescaleDB job ${job.job_id} (${job.proc_name} on ${job.target ?? '-'}) failed: ${error}`)
    else this.log.info({ job: job.job_id, proc: job.proc_name, target: job.target, ms: run.durationMs }, 'TimescaleDB job ran')
    return run
  }
}
