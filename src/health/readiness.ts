// What /readyz answers. Not ready (503) when this server cannot take data: the last ingest
// batch failed and none committed since, the disk of the embedded data directory is nearly
// full, or the database does not answer. The first two are checked without a query, so a
// database that answers SELECT 1 but refuses every write still reads as not ready.
// Degraded (200) when it takes data but a background job fails or an aggregate lags: writes
// are safe (raw telemetry is stored and queries read it in real time), so a load balancer
// must not take the server out of rotation for it, but an operator must see it.
import type { Db } from '../store/db.js'
import type { GroupCommitStats } from '../ingest/groupCommit.js'
import { aggregateStatus, jobStatus, lastJobRunId, ping } from '../store/status.js'
import { diskSpace } from './diskSpace.js'

export interface ReadinessProblem {
  reason: 'writes_failing' | 'disk_nearly_full' | 'database_unavailable' | 'job_failing' | 'aggregate_lagging' | 'status_unavailable'
  message: string
  [key: string]: unknown
}

export interface Readiness {
  ready: boolean
  status: 'ready' | 'degraded' | 'not_ready'
  engine: Db['engine']
  problems: ReadinessProblem[]
  ingest: GroupCommitStats
}

export interface ReadinessDeps {
  db: Db
  ingestStats: () => GroupCommitStats
  /** Embedded mode: the data directory whose disk is checked; server mode has none. */
  dataDir?: string
  minFreeDiskBytes: number
  timeoutMs?: number
}

const MB = 1024 * 1024

/**
 * /readyz as a probe that load balancers and every dashboard tab call every few seconds. The
 * jobs' and aggregates' status takes a few hundred milliseconds of the (embedded: the only)
 * database connection, so it is read again only when a job ran since (a new job_runs row) or
 * after `backgroundTtlMs`; writes, disk and SELECT 1 are judged at every call.
 */
export function readinessProbe(deps: ReadinessDeps, backgroundTtlMs = 30_000): () => Promise<Readiness> {
  let cached: { at: number; lastRun: number | null; problems: ReadinessProblem[] } | undefined
  const background = async (timeoutMs: number): Promise<ReadinessProblem[]> => {
    const lastRun = deps.db.engine === 'embedded' ? await lastJobRunId(deps.db) : null
    if (cached && cached.lastRun === lastRun && Date.now() - cached.at < backgroundTtlMs) return cached.problems
    const problems = await backgroundProblems(deps.db, timeoutMs)
    cached = { at: Date.now(), lastRun, problems }
    return problems
  }
  return () => readiness(deps, background)
}

async function readiness(deps: ReadinessDeps, background: (timeoutMs: number) => Promise<ReadinessProblem[]>): Promise<Readiness> {
  const ingest = deps.ingestStats()
  const blocking: ReadinessProblem[] = []
  const failing = writesFailing(ingest)
  if (failing) blocking.push(failing)
  if (deps.dataDir !== undefined) {
    const disk = await diskProblem(deps.dataDir, deps.minFreeDiskBytes)
    if (disk) blocking.push(disk)
  }
  const timeoutMs = deps.timeoutMs ?? 5_000
  try {
    await withTimeout(ping(deps.db), timeoutMs)
  } catch (err) {
    blocking.push({ reason: 'database_unavailable', message: `the database does not answer: ${(err as Error).message}` })
    return { ready: false, status: 'not_ready', engine: deps.db.engine, problems: blocking, ingest }
  }
  const degraded = await background(timeoutMs)
  const problems = [...blocking, ...degraded]
  const status = blocking.length > 0 ? 'not_ready' : degraded.length > 0 ? 'degraded' : 'ready'
  return { ready: blocking.length === 0, status, engine: deps.db.engine, problems, ingest }
}

function writesFailing(ingest: GroupCommitStats): ReadinessProblem | undefined {
  if (ingest.lastFailureAt === null) return undefined
  if (ingest.lastSuccessAt !== null && ingest.lastSuccessAt > ingest.lastFailureAt) return undefined
  return {
    reason: 'writes_failing',
    message: `the last write to the database failed (${ingest.lastFailureMessage ?? 'unknown error'}) and none has succeeded since`,
    last_failure_at: ingest.lastFailureAt, last_failure_message: ingest.lastFailureMessage, last_success_at: ingest.lastSuccessAt,
    failed_batches: ingest.failedBatches,
  }
}

async function diskProblem(dataDir: string, minFreeBytes: number): Promise<ReadinessProblem | undefined> {
  try {
    const disk = await diskSpace(dataDir)
    if (disk.freeBytes >= minFreeBytes) return undefined
    return {
      reason: 'disk_nearly_full',
      message: `the disk holding ${dataDir} has ${Math.floor(disk.freeBytes / MB)} MB free, less than the ${Math.floor(minFreeBytes / MB)} MB required (--min-free-disk-mb)`,
      free_bytes: disk.freeBytes, total_bytes: disk.totalBytes, min_free_bytes: minFreeBytes,
    }
  } catch (err) {
    return { reason: 'disk_nearly_full', message: `cannot read the free space of ${dataDir}: ${(err as Error).message}` }
  }
}

async function backgroundProblems(db: Db, timeoutMs: number): Promise<ReadinessProblem[]> {
  try {
    const [jobs, aggregates] = await withTimeout(Promise.all([jobStatus(db), aggregateStatus(db)]), timeoutMs)
    const problems: ReadinessProblem[] = []
    for (const j of jobs) {
      if (j.last_run_succeeded !== false) continue
      problems.push({
        reason: 'job_failing',
        message: `job ${j.job_id} (${j.proc_name} on ${j.target ?? '-'}) has failed ${j.consecutive_failures} time(s) in a row since ${j.failing_since ?? 'unknown'}: ${j.last_error ?? 'no error text'}`,
        job_id: j.job_id, proc_name: j.proc_name, target: j.target, last_error: j.last_error,
        consecutive_failures: j.consecutive_failures, failing_since: j.failing_since,
      })
    }
    for (const a of aggregates) {
      if (!a.lagging) continue
      problems.push({
        reason: 'aggregate_lagging',
        message: `${a.view} is ${a.lag_seconds === null ? 'not materialized' : `${Math.round(a.lag_seconds / 60)} min behind the newest data`}: its refresh job is not keeping up`,
        view: a.view, watermark: a.watermark, lag_seconds: a.lag_seconds,
      })
    }
    return problems
  } catch (err) {
    return [{ reason: 'status_unavailable', message: `cannot read the jobs' status: ${(err as Error).message}` }]
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
