// The agent without its HTTP: devices, one sequence space and ring buffer for all of them, the
// instance id, and the answers to probe/current/sample as documents or AgentRequestErrors with
// the status and message cppagent 2.6 gives (RestService::checkRange and friends).
import type { Clock } from '../../domain/clock.js'
import { AGENT_ITEMS, buildAgentDeviceModel } from './agentDevice.js'
import type { DeviceModel } from './deviceModel.js'
import { type DeviceSource, unavailableObservations } from './deviceSource.js'
import { type AgentError, DEFAULT_SCHEMA_VERSION, type HeaderFields, type SchemaVersion, type SequenceRange, StreamsWriter, devicesDocument, errorDocument } from './documents.js'
import type { Observation, StoredObservation } from './observation.js'
import { ObservationBuffer } from './observationBuffer.js'
import { XPathSyntaxError, selectDataItems } from './xpathFilter.js'

export class AgentRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The refused parameter and its valid range, which schema 2.7 documents carry. */
    readonly queryParameter?: AgentError['queryParameter'],
  ) {
    super(message)
    this.name = 'AgentRequestError'
  }
}

/** One observation the agent accepted, as a collector should have received it. */
export interface TruthObservation extends StoredObservation {
  instanceId: number
}

export interface AgentCoreOptions {
  sources: DeviceSource[]
  clock: Clock
  bufferSize: number
  sender: string
  agentUuid: string
  /** Ground truth kept per device, oldest dropped beyond it. Default 50000 (hours of a busy machine). */
  truthLimit?: number
  /** When the agent starts (default: the clock's now); sources should start at the same instant. */
  startedAt?: number
  /** The schema of its documents: 2.7 (cppagent 2.6's default) or 2.5. */
  schemaVersion?: SchemaVersion
}

export interface Selection {
  device?: string
  deviceType?: string
  path?: string
}

export interface SampleResult {
  xml: string
  /** Where the next request continues (the header's nextSequence). */
  end: number
  endOfBuffer: boolean
  observationCount: number
}

export class AgentCore {
  readonly agentDevice: DeviceModel
  readonly devices: DeviceModel[]
  readonly schemaVersion: SchemaVersion
  private readonly writer: StreamsWriter
  private readonly ownerOf = new Map<string, string>()
  private readonly truth = new Map<string, TruthObservation[]>()
  private readonly truthLimit: number
  private buffer: ObservationBuffer
  private modelChangeTime: number
  private instance: number
  private burstCounter = 0
  skewMs = 0

  constructor(private readonly o: AgentCoreOptions) {
    this.schemaVersion = o.schemaVersion ?? DEFAULT_SCHEMA_VERSION
    this.agentDevice = buildAgentDeviceModel(o.agentUuid, this.schemaVersion)
    this.devices = [this.agentDevice, ...o.sources.map((s) => s.model)]
    const ids = new Set<string>()
    for (const device of this.devices) {
      this.truth.set(device.name, [])
      for (const item of device.dataItems) {
        if (ids.has(item.id)) throw new Error(`data item id "${item.id}" is used twice in the agent; device names must give distinct ids`)
        ids.add(item.id)
        this.ownerOf.set(item.id, device.name)
      }
    }
    this.writer = new StreamsWriter(this.devices, this.schemaVersion)
    this.truthLimit = o.truthLimit ?? 50_000
    const now = o.startedAt ?? o.clock.now()
    this.instance = Math.floor(now / 1000)
    this.modelChangeTime = now
    this.buffer = new ObservationBuffer(o.bufferSize)
    this.boot(now, true)
  }

  get instanceId(): number {
    return this.instance
  }

  get bufferSize(): number {
    return this.buffer.capacity
  }

  sequences(): SequenceRange {
    this.pump()
    return { firstSequence: this.buffer.firstSequence, nextSequence: this.buffer.nextSequence, lastSequence: this.buffer.lastSequence }
  }

  header(): HeaderFields {
    return { creationTime: this.o.clock.now(), sender: this.o.sender, instanceId: this.instance, deviceModelChangeTime: this.modelChangeTime, bufferSize: this.buffer.capacity }
  }

  /** Pulls every source up to the clock's now; observations of all devices are numbered in time order. */
  pump(): void {
    const now = this.o.clock.now()
    const due = this.o.sources.flatMap((s) => s.advanceTo(now))
    due.sort((a, b) => a.timestamp - b.timestamp) // stable: a source's own order is kept
    this.appendAll(due)
  }

  findDevice(nameOrUuid: string): DeviceModel {
    const device = this.devices.find((d) => d.name === nameOrUuid || d.uuid === nameOrUuid)
    if (!device) throw new AgentRequestError(404, 'NO_DEVICE', `Could not find the device '${nameOrUuid}'`)
    return device
  }

  source(deviceName: string): DeviceSource {
    const source = this.o.sources.find((s) => s.model.name === deviceName || s.model.uuid === deviceName)
    if (!source) throw new Error(`no simulated device named "${deviceName}"; devices: ${this.o.sources.map((s) => s.model.name).join(', ')}`)
    return source
  }

  probe(selection: Selection): string {
    return devicesDocument(this.header(), this.selectDevices(selection), this.schemaVersion)
  }

  /** The MTConnectError document of a refused request, in the agent's schema. */
  errorDocument(e: AgentRequestError, where?: { request: string; uri: string }): string {
    return errorDocument(this.header(), [{ code: e.code, message: e.message, queryParameter: e.queryParameter, ...where }], this.schemaVersion)
  }

  current(selection: Selection, at?: number): string {
    this.pump()
    const filter = this.filterFor(selection)
    const first = this.buffer.firstSequence
    const next = this.buffer.nextSequence
    if (at !== undefined) checkRange('at', at, first - 1, next)
    const state = at === undefined ? this.buffer.latest() : this.buffer.stateAt(at)
    const observations = state.all().filter((o) => !filter || filter.has(o.dataItemId))
    // The header carries the live nextSequence even with at= (captured current_at.xml).
    return this.writer.document(this.header(), { nextSequence: next, firstSequence: first, lastSequence: next - 1 }, observations)
  }

  sample(selection: Selection, q: { from?: number; count: number; to?: number }): SampleResult {
    this.pump()
    const filter = this.filterFor(selection)
    const first = this.buffer.firstSequence
    const next = this.buffer.nextSequence
    if (q.from !== undefined) checkRange('from', q.from, first - 1, next + 1)
    if (q.to !== undefined) checkRange('to', q.to, q.from ?? first, next + 1)
    const countLimit = this.buffer.capacity + 1
    checkRange('count', q.count, q.to !== undefined ? 0 : -countLimit, countLimit, true)
    const matches = (o: StoredObservation | undefined): o is StoredObservation => o !== undefined && (!filter || filter.has(o.dataItemId))
    const picked: StoredObservation[] = []
    let end: number
    if (q.count > 0) {
      const stop = q.to ?? next
      let s = q.from ?? first
      for (; s < stop && picked.length < q.count; s++) {
        const o = this.buffer.get(s)
        if (matches(o)) picked.push(o)
      }
      end = s
    } else {
      // A negative count walks back from `from` (or the newest); cppagent then reports the
      // sequence before the oldest one returned as nextSequence (captured sample_negative_count.xml).
      let s = q.from ?? next - 1
      for (; s >= first && picked.length < -q.count; s--) {
        const o = this.buffer.get(s)
        if (matches(o)) picked.unshift(o)
      }
      end = s
    }
    const xml = this.writer.document(this.header(), { nextSequence: end, firstSequence: first, lastSequence: next - 1 }, picked)
    return { xml, end, endOfBuffer: end >= next, observationCount: picked.length }
  }

  /** Agent restart: new instanceId, sequences from 1, buffer emptied; machines that are on resend their state. */
  restart(): void {
    this.pump()
    const now = this.o.clock.now()
    this.instance = Math.max(this.instance + 1, Math.floor(now / 1000))
    this.modelChangeTime = now
    this.buffer = new ObservationBuffer(this.buffer.capacity)
    this.boot(now, false)
  }

  /** Buffer overflow on demand: `count` agent observations at once, enough to push slow clients out of the buffer. */
  burst(count: number): void {
    this.pump()
    const now = this.o.clock.now()
    const burst: Observation[] = []
    for (let i = 0; i < count; i++) burst.push({ dataItemId: AGENT_ITEMS.updateRate, timestamp: now, value: String(++this.burstCounter) })
    this.appendAll(burst, false)
  }

  powerOff(deviceName: string): void {
    this.pump()
    this.appendAll(this.source(deviceName).powerOff(this.o.clock.now()))
  }

  powerOn(deviceName: string): void {
    this.pump()
    this.appendAll(this.source(deviceName).powerOn(this.o.clock.now()))
  }

  groundTruth(deviceName: string): { device: string; observations: readonly TruthObservation[]; source: unknown } {
    this.pump()
    const device = this.findDevice(deviceName)
    const source = this.o.sources.find((s) => s.model === device)
    return { device: device.name, observations: this.truth.get(device.name) ?? [], source: source?.describe() }
  }

  private boot(now: number, firstBoot: boolean): void {
    const initial: Observation[] = []
    // cppagent starts every data item at UNAVAILABLE, then hears from its adapters.
    for (const device of this.devices) initial.push(...unavailableObservations(device, now))
    initial.push({ dataItemId: AGENT_ITEMS.avail, timestamp: now, value: 'AVAILABLE' })
    this.appendAll(initial, false)
    for (const source of this.o.sources) {
      if (firstBoot) this.appendAll(source.start(now))
      else if (source.poweredOn) this.appendAll(source.snapshot(now))
    }
  }

  private appendAll(observations: readonly Observation[], skewed = true): void {
    for (const o of observations) {
      const stored = this.buffer.append(skewed && this.skewMs !== 0 ? { ...o, timestamp: o.timestamp + this.skewMs } : o)
      if (!stored) continue
      const truth = this.truth.get(this.ownerOf.get(stored.dataItemId) ?? '')
      if (!truth) continue
      truth.push({ ...stored, instanceId: this.instance })
      if (truth.length > this.truthLimit) truth.splice(0, truth.length - this.truthLimit)
    }
  }

  private selectDevices(selection: Selection): DeviceModel[] {
    if (selection.device) return [this.findDevice(selection.device)]
    // deviceType=Agent keeps only the Agent; any other value only the real devices (cppagent 2.6).
    if (selection.deviceType) return this.devices.filter((d) => (selection.deviceType === 'Agent' ? d.kind === 'Agent' : d.kind === 'Device'))
    return this.devices
  }

  private filterFor(selection: Selection): Set<string> | undefined {
    if (!selection.device && !selection.deviceType && !selection.path) return undefined
    const devices = this.selectDevices(selection)
    if (!selection.path) return new Set(devices.flatMap((d) => d.dataItems.map((i) => i.id)))
    let selected: Set<string>
    try {
      selected = selectDataItems(selection.path, devices)
    } catch (e) {
      if (!(e instanceof XPathSyntaxError)) throw e
      throw new AgentRequestError(400, 'INVALID_XPATH', `The path could not be parsed. Invalid syntax: ${selection.path}`)
    }
    if (selected.size === 0) throw new AgentRequestError(400, 'INVALID_XPATH', `The path could not be parsed. Invalid syntax: ${selection.path}`)
    return selected
  }
}

/**
 * cppagent's RestService::checkRange: min and max are exclusive, the messages are its own; the
 * range it reports (schema 2.7's QueryParameter) is the inclusive one (captured schema2.7/).
 */
export function checkRange(param: string, value: number, min: number, max: number, notZero = false): void {
  let message: string | undefined
  if (value <= min) message = `'${param}' must be greater than ${min}`
  else if (value >= max) message = `'${param}' must be less than ${max}`
  else if (notZero && value === 0) message = `'${param}' must not be zero(0)`
  if (message) throw new AgentRequestError(400, 'OUT_OF_RANGE', message, { name: param, value, minimum: min + 1, maximum: max - 1 })
}
