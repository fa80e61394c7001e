// Where collectors deliver what they collect: inside the server, the ingest pipeline; in a
// standalone collector, a remote server's HTTP API. Collectors know nothing else of either.
import type { CollectorPosition, StoredCollectorPosition } from '../domain/collectorPosition.js'
import type { MachineEvent } from '../domain/machineEvent.js'
import type { SampleJson, SampleSource } from '../domain/sample.js'

/** A sample as a collector delivers it: the contract's JSON shape (what POST /v1/telemetry/ingest takes). */
export type CollectedSample = SampleJson & { src: Exclude<SampleSource, 'http'> }

export interface SinkOutcome {
  accepted: number
  duplicates: number
  rejected: number
  /** Reasons for rejected items (index into the written batch, field, reason). */
  errors: { index?: number; field?: string; reason: string }[]
}

export interface SampleSink {
  /**
   * Resolves once the samples are durable; throws when they could not be stored (retry later).
   * `position`, where the collector stands once these samples are stored, is committed with them.
   */
  write(samples: readonly CollectedSample[], position?: CollectorPosition): Promise<SinkOutcome>
  event(event: MachineEvent): Promise<void>
  /** The position last committed for a machine: where a restarted collector resumes. */
  position(machineId: string): Promise<StoredCollectorPosition | undefined>
}
