// A simulated CNC as a device source: the device model of simDeviceModel driven by a DutyCycle.
import { deriveSeed } from '../seededRandom.js'
import type { DeviceSource } from './deviceSource.js'
import { CUT_JITTER, DutyCycle, type PhaseSpan, drawPrograms, phaseStream } from './dutyCycle.js'
import { type DutyCycleSettings, resolveDutyCycle } from './dutyCycleSettings.js'
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
  /**
   * False: no adapter feeds this device, so every item stays UNAVAILABLE and it never sends
   * anything (a quiet device beside busy ones on one agent). Default true.
   */
  adapterConnected?: boolean
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
  const seed = deriveSeed(agentSeed, spec.name) // simulatedPrograms derives it alike
  const { model: deviceModel, ids } = buildSimDeviceModel({
    name: spec.name,
    uuid: spec.uuid ?? `sim-${spec.name}`,
    manufacturer,
    model,
    serialNumber: spec.serialNumber ?? String(100000 + (seed % 900000)),
    idPrefix,
  })
  const cycle = new DutyCycle(ids, seed, startAt, spec.dutyCycle)
  let started = false
  if (spec.adapterConnected === false) {
    // The agent boots every item UNAVAILABLE (AgentCore.boot); without an adapter that stays.
    return {
      model: deviceModel, start: () => [], advanceTo: () => [], powerOff: () => [], powerOn: () => [], poweredOn: false, snapshot: () => [],
      describe: () => ({ kind: 'no-adapter' }),
    }
  }
  return {
    model: deviceModel,
    // A machine already running when its agent starts (switched on before it) sends what it
    // shows now, as an adapter does when it connects.
    start: (now) => {
      if (started) return cycle.snapshot(now)
      started = true
      return cycle.start()
    },
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

/**
 * The NC programs the machine will run, each with its ideal cycle time: the fastest it cuts a
 * part (its parts take that to 6 % longer). What a process engineer would enter for a real
 * machine; here the simulator knows it.
 */
export function simulatedPrograms(spec: SimDeviceSpec, agentSeed: number): { program: string; idealCycleS: number }[] {
  const programs = drawPrograms(phaseStream(deriveSeed(agentSeed, spec.name)), resolveDutyCycle(spec.dutyCycle))
  return programs.map((p) => ({ program: p.name, idealCycleS: Math.round(p.cycleMs * (1 - CUT_JITTER)) / 1000 }))
}
