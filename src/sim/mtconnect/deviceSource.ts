// What feeds a device's observations into the agent: the duty-cycle simulator or an SHDR
// recording. The agent pulls from it up to "now" whenever it needs current data, so a fake
// clock fully determines what the agent holds.
import type { DeviceModel } from './deviceModel.js'
import type { Observation } from './observation.js'
import { UNAVAILABLE } from './observation.js'

export interface DeviceSource {
  readonly model: DeviceModel
  /** The first observations, when the agent starts (time `now`). */
  start(now: number): Observation[]
  /** Every observation due up to `now`, in time order, each returned once. */
  advanceTo(now: number): Observation[]
  /** Switches the machine off (every item UNAVAILABLE) until powerOn. */
  powerOff(now: number): Observation[]
  powerOn(now: number): Observation[]
  readonly poweredOn: boolean
  /** The device's present values stamped `now`: what an adapter resends to a restarted agent. */
  snapshot(now: number): Observation[]
  /** Source-specific ground truth: the duty-cycle timeline, or replay progress. */
  describe(): unknown
}

/** Every data item of a device UNAVAILABLE: an agent's initial state, and a disconnected adapter's. */
export function unavailableObservations(model: DeviceModel, timestamp: number): Observation[] {
  return model.dataItems.map((d) =>
    d.category === 'CONDITION' ? { dataItemId: d.id, timestamp, value: '', level: 'UNAVAILABLE' as const } : { dataItemId: d.id, timestamp, value: UNAVAILABLE },
  )
}
