// Where each machine's collector stands, as ingest committed it with the samples
// (src/domain/collectorPosition.ts): a restarted collector asks for it to resume.
import type { StoredCollectorPosition } from '../domain/collectorPosition.js'
import { errors } from '../domain/errors.js'
import type { Queryable } from '../store/db.js'
import { loadCollectorPosition } from '../store/collectorPositions.js'

export interface CollectorPositions {
  /** The stored position of a machine's collector, or unknownCollectorPosition. */
  get(machineId: string): Promise<StoredCollectorPosition>
}

export function collectorPositions(db: Queryable): CollectorPositions {
  return {
    async get(machineId) {
      const position = await loadCollectorPosition(db, machineId)
      if (!position) throw errors.unknownCollectorPosition(machineId)
      return position
    },
  }
}
