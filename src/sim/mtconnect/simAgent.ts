// startSimAgent: an MTConnect agent serving simulated CNCs, each driven by a seeded duty cycle.
import { type Clock, systemClock } from '../../domain/clock.js'
import { type LaunchOptions, type SimAgent, launchAgent } from './agentRuntime.js'
import type { SchemaVersion } from './documents.js'
import type { FaultSettings } from './faults.js'
import { idPrefixFor } from './simDeviceModel.js'
import { type SimDeviceSpec, createSimulatedCnc } from './simulatedCnc.js'

export interface SimAgentOptions {
  /** Default 127.0.0.1. */
  host?: string
  /** 0 picks a free port. */
  port: number
  /** One agent may serve several devices, numbered in ONE shared sequence space like a real agent. */
  devices: SimDeviceSpec[]
  /** Same seed + same clock ⇒ same observations. Default 1. */
  seed?: number
  /** Ring buffer size (cppagent's BufferSize). Default 4096. */
  bufferSize?: number
  /** Schema of the documents: 2.7 (cppagent 2.6's default) or 2.5. */
  schemaVersion?: SchemaVersion
  /** Default heartbeat of streams, ms. Default 10000. */
  heartbeatMs?: number
  /** Drives observation timestamps and the duty cycle. Default: the system clock. */
  clock?: Clock
  faults?: Partial<FaultSettings>
  /** The Header's sender. Default cnc-telemetry-sim. */
  sender?: string
  /** Observations of ground truth kept per device (oldest dropped beyond it). Default 50000. */
  groundTruthLimit?: number
  /**
   * When the machines were switched on; default: when the agent starts. Earlier, they have
   * run through their day since (deterministically: simulatedHistory tells that history) and
   * the agent starts with what they show now.
   */
  switchedOnAt?: number
}

export const DEFAULT_BUFFER_SIZE = 4096
export const DEFAULT_HEARTBEAT_MS = 10_000

export async function startSimAgent(o: SimAgentOptions): Promise<SimAgent> {
  if (o.devices.length === 0) throw new Error('a simulated agent needs at least one device')
  const names = new Set<string>()
  for (const d of o.devices) {
    if (!d.name || /[/?#\s]/.test(d.name)) throw new Error(`device name must be non-empty without spaces, slashes, ? or #, got "${d.name}"`)
    if (names.has(d.name)) throw new Error(`device name "${d.name}" is used twice`)
    names.add(d.name)
  }
  const clock = o.clock ?? systemClock
  const seed = o.seed ?? 1
  const startedAt = clock.now()
  const prefixes = new Set<string>()
  const sources = o.devices.map((spec, i) => {
    let prefix = idPrefixFor(spec.name)
    if (prefixes.has(prefix)) prefix = `${prefix}_${i + 1}`
    prefixes.add(prefix)
    const cnc = createSimulatedCnc(spec, seed, o.switchedOnAt ?? startedAt, prefix)
    if (o.switchedOnAt !== undefined && o.switchedOnAt < startedAt) {
      cnc.start(o.switchedOnAt)
      cnc.advanceTo(startedAt) // the history before the agent: not in its buffer
    }
    return cnc
  })
  const launch: LaunchOptions = {
    sources,
    clock,
    startedAt,
    host: o.host ?? '127.0.0.1',
    port: o.port,
    bufferSize: o.bufferSize ?? DEFAULT_BUFFER_SIZE,
    schemaVersion: o.schemaVersion,
    heartbeatMs: o.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    faults: o.faults ?? {},
    seed,
    sender: o.sender,
    groundTruthLimit: o.groundTruthLimit,
  }
  return launchAgent(launch)
}
