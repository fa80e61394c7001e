// A simulated CNC as a device source: the device model of simDeviceModel driven by a DutyCycle.
import { deriveSeed } from '../seededRandom.js'
import type { DeviceSource } from './deviceSource.js'
import { DutyCycle, type PhaseSpan } from './dutyCycle.js'
import type { DutyCycleSettings } from './dutyCycleSettings.js'
import { buildSimDeviceModel, idPrefixFor } from './simDeviceModel.js'

export interface SimDeviceSpec {
  /** The device name, e.g. CNC-SIM-001 (also the path segment in /{device}/current). */
  name: string
  /** Default: derived from the name. */
  uuid?: string
  manufacturer?: string
  model?: string
  serialNumber?: string
  /** Duty-cycle knobs; anything left out takes DEFAULT_DUTY_CYCLE's value. */
  dutyCycle?: Partial<DutyCycleSettings>
}

export interface SimulatedCncTruth {
  kind: 'duty-cycle'
  poweredOn: boolean
  /** The phases the machine went through (cutting, feedHold, alarm...), oldest first. */
  timeline: readonly PhaseSpan[]
}

export function createSimulatedCnc(spec: SimDeviceSpec, agentSeed: number, startAt: number, idPrefix = idPrefixFor(spec.name)): DeviceSource {
  const manufacturer = spec.manufacturer ?? 'Haas'
  const model = spec.model ?? 'VF-2'
  const seed = deriveSeed(agentSeed, spec.name)
  const { model: deviceModel, ids } = buildSimDeviceModel({
    name: spec.name,
    uuid: spec.uuid ?? `sim-${spec.name}`,
    manufacturer,
    model,
    serialNumber: spec.serialNumber ?? String(100000 + (seed % 900000)),
    idPrefix,
  })
  const cycle = new DutyCycle(ids, seed, startAt, spec.dutyCycle)
  return {
    model: deviceModel,
    start: () => cycle.start(),
    advanceTo: (now) => cycle.advanceTo(now),
    powerOff: (now) => cycle.powerOff(now),
    powerOn: (now) => cycle.powerOn(now),
    get poweredOn() {
      return cycle.poweredOn
    },
    snapshot: (now) => cycle.snapshot(now),
    describe: (): SimulatedCncTruth => ({ kind: 'duty-cycle', poweredOn: cycle.poweredOn, timeline: cycle.timeline() }),
  }
}
