// What follows the committed samples (alert evaluation, OEE; the live fleet is moved by ingest
// itself, in the transaction that stores them), named, so that
// one handler logs a failed evaluation with the consumer's name while the others go on.
import type { Sample } from './domain/sample.js'
import type { Ingest } from './ingest/ingest.js'
import type { Logger } from './logger.js'

export interface StoredSampleConsumer {
  /** Names the consumer in its error log: `${name}: ${message}`. */
  readonly name: string
  onSamples(samples: readonly Sample[]): void | Promise<void>
}

/** A consumer under a name of its own (the alert engine logs as "alert evaluation"). */
export function consumer(name: string, target: Pick<StoredSampleConsumer, 'onSamples'>): StoredSampleConsumer {
  return { name, onSamples: (samples) => target.onSamples(samples) }
}

/** Hands every committed batch to each consumer in turn; an evaluation runs on without holding up the ingest. */
export function followStoredSamples(ingest: Ingest, consumers: readonly StoredSampleConsumer[], log: Pick<Logger, 'warn'>): void {
  const failed = (name: string) => (err: Error) => log.warn({ err: err.message }, `${name}: ${err.message}`)
  // A consumer that throws (rather than rejects) is a bug, and surfaces as one in ingest.store.
  ingest.onStored((samples) => {
    for (const c of consumers) void c.onSamples(samples)?.catch(failed(c.name))
  })
}
