// Group commit: requests that arrive while a write is in flight are gathered into the next
// batch, written in one transaction, and each request is answered only after its batch
// committed. Under light load a request is written at once; under heavy load batches grow
// (up to maxBatchRows), which is what keeps the database near its bulk insert rate.
import type { CollectorPosition } from '../domain/collectorPosition.js'
import type { Sample } from '../domain/sample.js'
import { sampleKey } from '../store/telemetry.js'

export interface GroupCommitOptions {
  maxBatchRows: number
  /** Rows waiting beyond this are refused (backpressure) instead of queued without bound. */
  maxQueueRows: number
}

export interface WriteOutcome {
  accepted: number
  duplicates: number
}

/** Writes samples and the collector positions they reach in one transaction; returns the keys that were new. */
export type BatchWriter = (samples: readonly Sample[], positions: readonly CollectorPosition[]) => Promise<Set<string>>

interface Pending {
  samples: readonly Sample[]
  positions: readonly CollectorPosition[]
  resolve: (outcome: WriteOutcome) => void
  reject: (err: unknown) => void
}

export class QueueFullError extends Error {
  constructor(readonly queuedRows: number) {
    super(`ingest queue is full (${queuedRows} samples waiting)`)
  }
}

export class ClosedError extends Error {
  constructor() {
    super('ingest is shutting down')
  }
}

export interface GroupCommitStats {
  batches: number
  rows: number
  queuedRows: number
  lastBatchRows: number
  lastBatchMs: number
  failedBatches: number
  /** When the last batch committed, and when and why the last one failed (ISO, or null): /readyz reads these. */
  lastSuccessAt: string | null
  lastFailureAt: string | null
  lastFailureMessage: string | null
}

export class GroupCommit {
  private queue: Pending[] = []
  private queuedRows = 0
  private writing: Promise<void> | undefined
  private closed = false
  readonly stats: GroupCommitStats = { batches: 0, rows: 0, queuedRows: 0, lastBatchRows: 0, lastBatchMs: 0, failedBatches: 0, lastSuccessAt: null, lastFailureAt: null, lastFailureMessage: null }

  constructor(
    private readonly write: BatchWriter,
    private readonly options: GroupCommitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** `positions`: where the collectors that read these samples stand, committed with them. */
  submit(samples: readonly Sample[], positions: readonly CollectorPosition[] = []): Promise<WriteOutcome> {
    if (this.closed) return Promise.reject(new ClosedError())
    if (samples.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 })
    if (this.queuedRows > 0 && this.queuedRows + samples.length > this.options.maxQueueRows) {
      return Promise.reject(new QueueFullError(this.queuedRows))
    }
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.queue.push({ samples, positions, resolve, reject })
      this.queuedRows += samples.length
      this.stats.queuedRows = this.queuedRows
      if (!this.writing) this.writing = this.drain()
    })
  }

  /** Stops taking requests and waits until everything queued is written. */
  async close(): Promise<void> {
    this.closed = true
    await this.writing
  }

  private async drain(): Promise<void> {
    // Let requests that arrived in the same turn of the event loop join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve))
    while (this.queue.length > 0) {
      const batch = this.takeBatch()
      await this.writeBatch(batch)
    }
    this.writing = undefined
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = []
    let rows = 0
    while (this.queue.length > 0) {
      const next = this.queue[0] as Pending
      if (batch.length > 0 && rows + next.samples.length > this.options.maxBatchRows) break
      batch.push(next)
      rows += next.samples.length
      this.queue.shift()
    }
    this.queuedRows -= rows
    this.stats.queuedRows = this.queuedRows
    return batch
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    // The first occurrence of a key in the batch is written; later ones are duplicates.
    const owners = new Map<string, Pending>()
    const unique: Sample[] = []
    // In queue order: where a machine has several, the last one is saved (saveCollectorPositions).
    const positions: CollectorPosition[] = []
    for (const pending of batch) {
      positions.push(...pending.positions)
      for (const sample of pending.samples) {
        const key = sampleKey(sample.machine_id, sample.ts)
        if (owners.has(key)) continue
        owners.set(key, pending)
        unique.push(sample)
      }
    }
    const started = performance.now()
    let inserted: Set<string>
    try {
      inserted = await this.write(unique, positions)
    } catch (err) {
      this.stats.failedBatches++
      this.stats.lastFailureAt = new Date(this.now()).toISOString()
      this.stats.lastFailureMessage = (err as Error).message
      for (const pending of batch) pending.reject(err)
      return
    }
    this.stats.batches++
    this.stats.lastSuccessAt = new Date(this.now()).toISOString()
    this.stats.rows += inserted.size
    this.stats.lastBatchRows = unique.length
    this.stats.lastBatchMs = performance.now() - started
    const accepted = new Map<Pending, number>()
    for (const key of inserted) {
      const owner = owners.get(key)
      if (owner) accepted.set(owner, (accepted.get(owner) ?? 0) + 1)
    }
    for (const pending of batch) {
      const count = accepted.get(pending) ?? 0
      pending.resolve({ accepted: count, duplicates: pending.samples.length - count })
    }
  }
}
