// Where collectors deliver what they collect: inside the server, the ingest pipeline; in a
// standalone collector, a remote server's HTTP API. Collectors know nothing else of either.
import type { CollectorPosition, StoredCollectorPosition } from '../domain/collectorPosition.js'
import type { MachineEvent } from '../domain/machineEvent.js'
import type { MachineState } from '../domain/sample.js'

/** A sample in the ingest contract's JSON shape (what POST /v1/telemetry/ingest takes). */
export interface CollectedSample {
  machine_id: string
  timestamp: string
  rpm?: number
  feed_mm_min?: number
  state?: MachineState
  part_count?: number
  program?: string
  execution?: string
  mode?: string
  alarm?: string
  sequence?: number
  src: 'mtconnect' | 'opcua' | 'mqtt'
}

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
