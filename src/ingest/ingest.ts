// The ingest pipeline every sample producer goes through (HTTP, collectors, MQTT):
// validate fast, hand valid samples to group commit, answer once they are durable.
import type { Clock } from '../domain/clock.js'
import type { CollectorPosition } from '../domain/collectorPosition.js'
import { AppError, errors, type ErrorDetail } from '../domain/errors.js'
import { MAX_FUTURE_MS, type Sample, validateSample } from '../domain/sample.js'
import { DbError } from '../store/db.js'
import { ClosedError, type GroupCommit, QueueFullError } from './groupCommit.js'

export interface IngestResult {
  accepted: number
  duplicates: number
  rejected: number
  errors: ErrorDetail[]
  /** True when more errors existed than are listed. */
  errors_truncated?: boolean
}

const MAX_LISTED_ERRORS = 1000

export type StoredListener = (samples: readonly Sample[]) => void

export class Ingest {
  private readonly listeners: StoredListener[] = []

  constructor(
    private readonly groupCommit: GroupCommit,
    private readonly clock: Clock,
    private readonly retentionMs: number,
  ) {}

  /**
   * Validates decoded items and stores the valid ones. Items already known to be bad (e.g.
   * unparsable NDJSON lines) come in `known` and are reported with the others.
   */
  async ingestItems(items: readonly unknown[], known: readonly ErrorDetail[] = [], src?: Sample['src'], positions: readonly CollectorPosition[] = []): Promise<IngestResult> {
    if (items.length === 0) throw errors.emptyBatch()
    const window = { now: this.clock.now(), retentionMs: this.retentionMs, maxFutureMs: MAX_FUTURE_MS }
    const bad = new Set(known.map((e) => e.index))
    const details: ErrorDetail[] = [...known]
    const valid: Sample[] = []
    items.forEach((item, index) => {
      if (bad.has(index)) return
      const check = validateSample(item, index, window)
      if (check.ok) {
        if (src && (item as { src?: unknown }).src === undefined) check.sample.src = src
        valid.push(check.sample)
      } else {
        bad.add(index)
        details.push(...check.errors)
      }
    })
    details.sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    const listed = details.slice(0, MAX_LISTED_ERRORS)
    if (valid.length === 0) throw errors.noValidSamples(listed, items.length)
    const outcome = await this.store(valid, positions)
    const result: IngestResult = { ...outcome, rejected: bad.size, errors: listed }
    if (details.length > listed.length) result.errors_truncated = true
    return result
  }

  /** Called with every batch of samples once committed (the alert engine listens). */
  onStored(listener: StoredListener): void {
    this.listeners.push(listener)
  }

  /** Stores samples that are already valid (collectors build them); resolves when committed. */
  async store(samples: readonly Sample[], positions: readonly CollectorPosition[] = []) {
    const outcome = await this.groupCommit.submit(samples, positions).catch((err: unknown) => {
      if (err instanceof QueueFullError) throw errors.overloaded(err.queuedRows)
      if (err instanceof ClosedError) throw errors.shuttingDown()
      if (err instanceof DbError) throw errors.databaseUnavailable(err.message)
      if (err instanceof AppError) throw err
      throw errors.databaseUnavailable((err as Error).message)
    })
    for (const listener of this.listeners) listener(samples)
    return outcome
  }

}
