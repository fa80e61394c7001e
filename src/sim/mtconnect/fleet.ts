// A simulated shop floor: names CNC-SIM-001… with a mix of real machine models, served either
// one agent per port (like machines with built-in agents) or all by one agent (like a shop-wide
// cppagent with one adapter per machine).
import type { Clock } from '../../domain/clock.js'
import { seededRandom } from '../seededRandom.js'
import type { SimAgent } from './agentRuntime.js'
import type { SchemaVersion } from './documents.js'
import type { DutyCycleSettings } from './dutyCycleSettings.js'
import type { FaultSettings } from './faults.js'
import { startSimAgent } from './simAgent.js'
import type { SimDeviceSpec } from './simulatedCnc.js'

interface MachineType {
  manufacturer: string
  model: string
  /** Lathes turn faster and feed slower per minute than machining centres do. */
  dutyCycle: Partial<DutyCycleSettings>
}

const MACHINE_TYPES: readonly MachineType[] = [
  { manufacturer: 'Haas', model: 'VF-2', dutyCycle: { spindleRpm: [2000, 8100], feedMmPerMin: [300, 2500] } },
  { manufacturer: 'DMG MORI', model: 'NLX 2500', dutyCycle: { spindleRpm: [800, 4000], feedMmPerMin: [100, 600] } },
  { manufacturer: 'Okuma', model: 'GENOS L250', dutyCycle: { spindleRpm: [600, 3800], feedMmPerMin: [80, 500] } },
  { manufacturer: 'Mazak', model: 'QTN-200', dutyCycle: { spindleRpm: [700, 4000], feedMmPerMin: [100, 700] } },
  { manufacturer: 'DMG MORI', model: 'DMU 50', dutyCycle: { spindleRpm: [3000, 14000], feedMmPerMin: [500, 4000] } },
  { manufacturer: 'Haas', model: 'ST-20', dutyCycle: { spindleRpm: [800, 4000], feedMmPerMin: [100, 600] } },
  { manufacturer: 'Mazak', model: 'VCN-530C', dutyCycle: { spindleRpm: [2000, 12000], feedMmPerMin: [400, 3500] } },
  { manufacturer: 'Okuma', model: 'MB-46VAE', dutyCycle: { spindleRpm: [1500, 15000], feedMmPerMin: [400, 4000] } },
  { manufacturer: 'Fanuc', model: 'ROBODRILL α-D21MiB5', dutyCycle: { spindleRpm: [4000, 24000], feedMmPerMin: [800, 6000], cycleSeconds: [15, 45] } },
  { manufacturer: 'Doosan', model: 'Lynx 2100', dutyCycle: { spindleRpm: [800, 4500], feedMmPerMin: [100, 700] } },
]

/** `n` machines named CNC-SIM-001…, of varied makes and models; the mix depends only on the seed. */
export function fleetDeviceSpecs(n: number, seed: number): SimDeviceSpec[] {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new Error(`the number of machines must be a whole number from 1 to 999, got ${n}`)
  const random = seededRandom(seed)
  const order = [...MACHINE_TYPES]
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[order[i], order[j]] = [order[j] as MachineType, order[i] as MachineType]
  }
  return Array.from({ length: n }, (_, i) => {
    const type = order[i % order.length] as MachineType
    const name = `CNC-SIM-${String(i + 1).padStart(3, '0')}`
    return { name, manufacturer: type.manufacturer, model: type.model, serialNumber: String(random.int(100000, 999999)), dutyCycle: { ...type.dutyCycle } }
  })
}

/** "5000-5009" → [5000, …, 5009]; "5000" → [5000]. */
export function parsePortRange(text: string): number[] {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text)
  const first = m ? Number(m[1]) : NaN
  const last = m?.[2] !== undefined ? Number(m[2]) : first
  if (!m || first < 1 || last > 65535 || last < first) throw new Error(`ports must be a port or a range like 5000-5009 (1-65535, first ≤ last), got "${text}"`)
  if (last - first >= 1000) throw new Error(`a port range holds at most 1000 ports, got ${last - first + 1}`)
  return Array.from({ length: last - first + 1 }, (_, i) => first + i)
}

export interface SimFleetOptions {
  host?: string
  seed?: number
  clock?: Clock
  bufferSize?: number
  schemaVersion?: SchemaVersion
  heartbeatMs?: number
  faults?: Partial<FaultSettings>
  /** Override the generated machines (default: fleetDeviceSpecs of the right size). */
  devices?: SimDeviceSpec[]
  /** When the machines were switched on (SimAgentOptions.switchedOnAt). */
  switchedOnAt?: number
}

export interface SimFleet {
  agents: SimAgent[]
  /** The agent URLs, one per agent. */
  urls: string[]
  close(): Promise<void>
}

/** One agent per port, one machine each (`--ports 5000-5009`). */
export async function startFleetOnPorts(ports: readonly number[], o: SimFleetOptions = {}): Promise<SimFleet> {
  const seed = o.seed ?? 1
  const specs = o.devices ?? fleetDeviceSpecs(ports.length, seed)
  if (specs.length !== ports.length) throw new Error(`${ports.length} ports need ${ports.length} machines, got ${specs.length}`)
  const agents: SimAgent[] = []
  try {
    for (const [i, port] of ports.entries()) {
      agents.push(await startSimAgent({ ...o, seed, port, devices: [specs[i] as SimDeviceSpec] }))
    }
  } catch (e) {
    await Promise.all(agents.map((a) => a.close()))
    throw e
  }
  return fleetOf(agents)
}

/** One agent serving `machines` machines in one sequence space (`--machines N`). */
export async function startFleetOnOneAgent(port: number, machines: number, o: SimFleetOptions = {}): Promise<SimFleet> {
  const seed = o.seed ?? 1
  const agent = await startSimAgent({ ...o, seed, port, devices: o.devices ?? fleetDeviceSpecs(machines, seed) })
  return fleetOf([agent])
}

function fleetOf(agents: SimAgent[]): SimFleet {
  return { agents, urls: agents.map((a) => a.url), close: async () => void (await Promise.all(agents.map((a) => a.close()))) }
}
