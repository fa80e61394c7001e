// The sink of collectors running inside the server: samples go through the same validation
// and group commit as HTTP ingest; machine events go to machine_events.
import type { CollectorPosition, StoredCollectorPosition } from '../domain/collectorPosition.js'
import { AppError } from '../domain/errors.js'
import type { MachineEvent } from '../domain/machineEvent.js'
import type { Db } from '../store/db.js'
import { loadCollectorPosition } from '../store/collectorPositions.js'
import { recordMachineEvent } from '../store/machineEvents.js'
import type { Ingest } from './ingest.js'
import type { CollectedSample, SampleSink, SinkOutcome } from './sampleSink.js'

export class IngestSink implements SampleSink {
  constructor(private readonly ingest: Ingest, private readonly db: Db) {}

  async write(samples: readonly CollectedSample[], position?: CollectorPosition): Promise<SinkOutcome> {
    try {
      const result = await this.ingest.ingestItems(samples, [], undefined, position ? [position] : [])
      return { accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected, errors: result.errors }
    } catch (err) {
      // Nothing valid is a final answer about these samples, not a reason to retry them.
      if (err instanceof AppError && err.code === 'no_valid_samples') {
        return { accepted: 0, duplicates: 0, rejected: samples.length, errors: err.details.length > 0 ? [...err.details] : [{ reason: err.message }] }
      }
      throw err
    }
  }

  async event(event: MachineEvent): Promise<void> {
    await recordMachineEvent(this.db, event)
  }

  position(machineId: string): Promise<StoredCollectorPosition | undefined> {
    return loadCollectorPosition(this.db, machineId)
  }
}
