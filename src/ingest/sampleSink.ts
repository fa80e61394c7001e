// Where collectors deliver what they collect: inside the server, the ingest pipeline; in a
// standalone collector, a remote server's HTTP API. Collectors know nothing else of either.
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
  /** Resolves once the samples are durable; throws when they could not be stored (retry later). */
  write(samples: readonly CollectedSample[]): Promise<SinkOutcome>
  event(event: MachineEvent): Promise<void>
}
