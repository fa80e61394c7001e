// Assembles a running agent from device sources: core + HTTP server + faults + the /sim control
// endpoints. Both the duty-cycle simulator and the SHDR replay start through here.
import type { Clock } from '../../domain/clock.js'
import { AgentCore, type TruthObservation } from './agentCore.js'
import { AgentHttpServer, type ControlReply } from './agentHttpServer.js'
import type { DeviceSource } from './deviceSource.js'
import type { SchemaVersion, SequenceRange } from './documents.js'
import { ACCEPTED_FAULT_FIELDS, type FaultSettings, FaultRequestError, FaultState, parseFaultRequest } from './faults.js'

export interface GroundTruth {
  device: string
  /** Every observation the agent accepted for this device (after duplicate filtering), with sequence and instanceId. */
  observations: readonly TruthObservation[]
  /** The source's own record: the duty-cycle timeline or the replay's progress. */
  source: unknown
}

export interface FaultStatus extends FaultSettings {
  poweredOff: string[]
  instanceId: number
}

export interface FaultControl {
  status(): FaultStatus
  set(patch: Partial<FaultSettings>): FaultStatus
  /** All settings back to no faults (powered-off devices stay off). */
  reset(): FaultStatus
  /** Agent restart: new instanceId, sequences from 1, buffer emptied, every connection dropped. */
  restart(): void
  /** Appends `count` observations at once: clients slower than that fall out of the buffer. */
  burst(count: number): void
  powerOff(device: string): void
  powerOn(device: string): void
  /** Validates and applies a POST /sim/faults body; throws FaultRequestError naming the bad field. */
  apply(body: unknown): FaultStatus
}

export interface SimAgent {
  readonly url: string
  readonly host: string
  readonly port: number
  /** Changes on restart. */
  readonly instanceId: number
  readonly bufferSize: number
  readonly devices: readonly string[]
  readonly faults: FaultControl
  /** The buffer's sequence numbers after generating everything due by the clock's now. */
  sequences(): SequenceRange
  /** Generates everything due by the clock's now (requests do this themselves). */
  pump(): void
  groundTruth(device: string): GroundTruth
  close(): Promise<void>
}

export interface LaunchOptions {
  sources: DeviceSource[]
  clock: Clock
  startedAt: number
  host: string
  port: number
  bufferSize: number
  schemaVersion?: SchemaVersion
  heartbeatMs: number
  faults: Partial<FaultSettings>
  seed: number
  sender?: string
  groundTruthLimit?: number
}

export async function launchAgent(o: LaunchOptions): Promise<SimAgent> {
  if (!Number.isInteger(o.bufferSize) || o.bufferSize < 1 || o.bufferSize > 1_048_576) throw new Error(`bufferSize must be a whole number from 1 to 1048576, got ${o.bufferSize}`)
  if (!Number.isInteger(o.heartbeatMs) || o.heartbeatMs < 2) throw new Error(`heartbeatMs must be a whole number of milliseconds above 1, got ${o.heartbeatMs}`)
  const core = new AgentCore({ sources: o.sources, clock: o.clock, bufferSize: o.bufferSize, schemaVersion: o.schemaVersion, sender: o.sender ?? 'cnc-telemetry-sim', agentUuid: agentUuid(o.seed, o.port), startedAt: o.startedAt, truthLimit: o.groundTruthLimit })
  const state = new FaultState(o.faults, o.seed)
  core.skewMs = state.settings.clockSkewMs
  const names = o.sources.map((s) => s.model.name)
  // The server is created last (it needs the control handler); until then nothing is connected.
  const connections = { drop: () => {} }

  const faults: FaultControl = {
    status: () => ({ ...state.settings, poweredOff: o.sources.filter((s) => !s.poweredOn).map((s) => s.model.name), instanceId: core.instanceId }),
    set(patch) {
      core.pump() // what is already due keeps the skew it was generated under
      state.set(patch)
      core.skewMs = state.settings.clockSkewMs
      return faults.status()
    },
    reset() {
      core.pump()
      state.reset()
      core.skewMs = 0
      return faults.status()
    },
    restart() {
      core.restart()
      connections.drop()
    },
    burst: (count) => core.burst(count),
    powerOff: (device) => core.powerOff(device),
    powerOn: (device) => core.powerOn(device),
    apply(body) {
      const request = parseFaultRequest(body, names)
      if (request.reset) faults.reset()
      faults.set(request.settings)
      for (const d of request.powerOff) core.powerOff(d)
      for (const d of request.powerOn) core.powerOn(d)
      if (request.burst > 0) core.burst(request.burst)
      if (request.restart) core.restart() // connections are dropped by the caller once it has answered
      return faults.status()
    },
  }

  const control = (method: string, path: string[], query: URLSearchParams, body: string): ControlReply => {
    const endpoint = path.join('/')
    if (endpoint === 'faults' && method === 'GET') return { status: 200, json: faults.status() }
    if (endpoint === 'faults' && method === 'POST') {
      let parsed: unknown
      try {
        parsed = body.trim() === '' ? {} : JSON.parse(body)
      } catch (e) {
        return { status: 400, json: { error: 'SIM_INVALID_JSON', message: `the body is not valid JSON: ${(e as Error).message}; send an object with any of: ${ACCEPTED_FAULT_FIELDS.join(', ')}` } }
      }
      try {
        const restart = typeof parsed === 'object' && parsed !== null && (parsed as Record<string, unknown>).restart === true
        return { status: 200, json: faults.apply(parsed), after: restart ? () => connections.drop() : undefined }
      } catch (e) {
        if (e instanceof FaultRequestError) return { status: 400, json: { error: e.code, message: e.message } }
        throw e
      }
    }
    if (endpoint === 'status' && method === 'GET') return { status: 200, json: { instanceId: core.instanceId, bufferSize: core.bufferSize, ...core.sequences(), devices: o.sources.map((s) => ({ name: s.model.name, uuid: s.model.uuid, poweredOn: s.poweredOn })), faults: faults.status() } }
    if (path[0] === 'truth' && path.length === 2 && method === 'GET') {
      const device = path[1] as string
      if (!names.includes(device)) return { status: 404, json: { error: 'SIM_NO_DEVICE', message: `no device named "${device}"; devices: ${names.join(', ')}` } }
      // ?since=N: the current instance's observations from sequence N on; at most the last 10000.
      const since = query.get('since')
      const truth = core.groundTruth(device)
      const observations = since === null ? truth.observations : truth.observations.filter((t) => t.instanceId === core.instanceId && t.sequence >= Number(since))
      return { status: 200, json: { ...truth, observations: observations.slice(-10_000) } }
    }
    return { status: 404, json: { error: 'SIM_NOT_FOUND', message: `no control endpoint ${method} /sim/${endpoint}; try GET or POST /sim/faults, GET /sim/status, GET /sim/truth/{device}` } }
  }

  const running = await AgentHttpServer.listen({ core, faults: state, host: o.host, port: o.port, heartbeatMs: o.heartbeatMs, control })
  connections.drop = () => running.dropConnections()
  const shownHost = o.host.includes(':') ? `[${o.host}]` : o.host
  return {
    url: `http://${shownHost}:${running.port}`,
    host: o.host,
    port: running.port,
    get instanceId() {
      return core.instanceId
    },
    bufferSize: o.bufferSize,
    devices: names,
    faults,
    sequences: () => core.sequences(),
    pump: () => core.pump(),
    groundTruth: (device) => core.groundTruth(device),
    close: () => running.close(),
  }
}

/** A stable agent uuid (cppagent derives its own from the host and port). */
function agentUuid(seed: number, port: number): string {
  const hex = ((seed >>> 0) ^ Math.imul(port + 1, 0x9e3779b1)) >>> 0
  return `${hex.toString(16).padStart(8, '0')}-5157-4d00-8000-000000000000`
}
