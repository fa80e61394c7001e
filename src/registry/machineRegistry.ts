// The machine registry: which machines exist, where they are and how they are reached, and
// their event log (data gaps, agent restarts, connection changes). The API reads and writes
// machines through this interface only.
import { errors } from '../domain/errors.js'
import type { MachineEvent } from '../domain/machineEvent.js'
import { endpointProblem } from '../domain/machineEndpoint.js'
import type { SampleSource } from '../domain/sample.js'
import type { LiveFleet } from '../live/liveFleet.js'
import type { Queryable } from '../store/db.js'
import { listMachineEvents, recordMachineEvent } from '../store/machineEvents.js'
import { type MachineRegistration, type MachineRow, getMachine, listMachines, listPlants, registerMachine } from '../store/machines.js'

/** A registered machine with its latest state and sample. */
export type Machine = MachineRow

/** A registry entry as written: the store's registration, with a protocol the product speaks. */
export type MachineEntry = MachineRegistration & { protocol: SampleSource }

export interface MachineRegistry {
  list(): Promise<Machine[]>
  /** The machine, or unknownMachine. */
  get(id: string): Promise<Machine>
  /** Every plant a registered machine belongs to. */
  plants(): Promise<string[]>
  /** Registers a machine or updates its entry (its telemetry is not touched); refuses an endpoint its protocol cannot reach. */
  register(entry: MachineEntry): Promise<void>
  recordEvent(event: MachineEvent): Promise<void>
  /** A machine's events, newest first. */
  events(machineId: string, limit: number): Promise<MachineEvent[]>
}

/** `fleet` learns of every registration, so that what the fleet shows follows the registry. */
export function machineRegistry(db: Queryable, fleet: Pick<LiveFleet, 'registered'>): MachineRegistry {
  return {
    list: () => listMachines(db),
    async get(id) {
      const machine = await getMachine(db, id)
      if (!machine) throw errors.unknownMachine(id)
      return machine
    },
    plants: () => listPlants(db),
    async register(entry) {
      const problem = entry.endpoint === undefined ? undefined : endpointProblem(entry.protocol, entry.endpoint)
      if (problem) throw errors.invalidRequest([{ field: 'endpoint', reason: problem }])
      await registerMachine(db, entry)
      fleet.registered(entry)
    },
    recordEvent: (event) => recordMachineEvent(db, event),
    events: (machineId, limit) => listMachineEvents(db, machineId, limit),
  }
}
