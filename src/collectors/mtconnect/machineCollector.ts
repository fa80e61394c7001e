// One machine's MTConnect collector: probe → current → sample from nextSequence, streaming
// preferred, polling when the agent does not stream. Lossless while the agent's buffer holds
// what we have not read; when it does not, the loss is measured and recorded as a data gap.
// Where it stands (the agent's instanceId and nextSequence) is committed with the samples, so
// a restarted collector resumes there. Independent per machine: its own HTTP connections,
// timeouts, backoff and sink calls.
import type { Logger } from '../../logger.js'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Clock } from '../../domain/clock.js'
import { DEFAULT_EXECUTION_STATES, type ExecutionStateTable } from '../../domain/machineState.js'
import type { CollectorPosition } from '../../domain/collectorPosition.js'
import type { MachineEvent } from '../../domain/machineEvent.js'
import type { CollectedSample, SampleSink } from '../../ingest/sampleSink.js'
import { AgentClient } from './agentClient.js'
import { BufferTurnover } from './bufferTurnover.js'
import { type CollectorStatus, initialStatus } from './collectorStatus.js'
import { type AgentDocument, type AgentError, type DeviceModel, DocumentError, type Header, type Observation, type QueryParameterRange } from './documents.js'
import { type ItemOverrides, chooseItemRoles } from './itemRoles.js'
import { SampleFolder } from './sampleFolder.js'

export interface MtconnectMachine {
  id: string
  agentUrl: string
  /** Device name (or uuid) on an agent that serves several; default: the agent's only device. */
  device?: string
  items?: ItemOverrides['items']
  feedUnits?: string
  executionStates?: ExecutionStateTable
}

export interface CollectorTuning {
  timeoutMs: number
  /** `interval` of the streaming sample request: the agent sends new data at most this often. */
  intervalMs: number
  /** `heartbeat` asked of the agent; twice this plus the timeout without a byte = dead stream. */
  heartbeatMs: number
  /** Observations per response (`count`). */
  count: number
  /** Polling period when the agent does not stream. */
  pollMs: number
  streaming: boolean
  backoffMinMs: number
  backoffMaxMs: number
  maxBodyBytes: number
  /** Re-stamp the last known state when nothing changed for this long (below --max-sample-gap). */
  keepAliveMs: number
  /** A machine clock further ahead of ours than this gets its timestamps corrected. */
  clockSkewToleranceMs: number
}

export const DEFAULT_TUNING: CollectorTuning = {
  timeoutMs: 10_000, intervalMs: 250, heartbeatMs: 10_000, count: 1000, pollMs: 1000, streaming: true,
  backoffMinMs: 500, backoffMaxMs: 30_000, maxBodyBytes: 32 * 1024 * 1024, keepAliveMs: 60_000, clockSkewToleranceMs: 60_000,
}

export type CollectorLog = Pick<Logger, 'info' | 'warn'>

/** An MTConnectError or a device-model problem: the agent answered, but not usefully. */
export class AgentProtocolError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AgentProtocolError'
  }
}

/** The agent restarted (new instanceId): start over from probe, without backoff. */
class AgentRestarted extends Error {}


export class MachineCollector {
  private readonly client: AgentClient
  private readonly abort = new AbortController()
  private readonly state: CollectorStatus
  private loop: Promise<void> | undefined
  private folder: SampleFolder | undefined
  private instanceId: string | undefined
  /** The agent's bufferSize from its last Header: `count` above it is refused (OUT_OF_RANGE). */
  private bufferSize: number | undefined
  private next: number | undefined
  private streamingUnsupported = false
  private failures = 0
  private unreachable = false
  /** The agent answered errors (not a network failure): shown as agent_error, recorded once. */
  private agentFailing = false
  /** Ids of this machine's data items: which observations of a shared sequence space are its own. */
  private deviceItems = new Set<string>()
  /** The stored position was consulted: done once per process, at the first session. */
  private positionConsulted = false
  /** Newest sample timestamp written (ms): where unseen time begins when data is lost. */
  private newestWritten: number | undefined
  /** `heartbeat` asked of the agent: under half the buffer's turnover (retuneHeartbeat). */
  private heartbeatMs: number
  private readonly turnover = new BufferTurnover()
  /** The /current sample, until the first /sample answer tells whether that millisecond had more (deliver). */
  private heldCurrent: CollectedSample | undefined
  /** Receive time of the last sample written (collector clock). */
  private lastSampleAt = 0
  private keepAliveTs: number | undefined

  constructor(
    readonly machine: MtconnectMachine,
    private readonly sink: SampleSink,
    private readonly clock: Clock,
    private readonly log: CollectorLog,
    private readonly tuning: CollectorTuning = DEFAULT_TUNING,
  ) {
    this.client = new AgentClient(machine.agentUrl, machine.device, { timeoutMs: tuning.timeoutMs, maxBodyBytes: tuning.maxBodyBytes })
    this.state = initialStatus(machine.id, machine.agentUrl, machine.device)
    this.heartbeatMs = tuning.heartbeatMs
  }

  start(): void {
    this.loop ??= this.run()
  }

  status(): CollectorStatus {
    return { ...this.state, warnings: [...this.state.warnings, ...(this.folder?.problems ?? [])] }
  }

  async close(): Promise<void> {
    this.abort.abort()
    await this.loop
    await this.client.close()
    this.state.connection = 'stopped'
  }

  private get closed(): boolean {
    return this.abort.signal.aborted
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      try {
        await this.session()
      } catch (err) {
        if (this.closed) break
        if (err instanceof AgentRestarted) continue
        await this.failed(err as Error)
        await this.pause(backoff(this.failures, this.tuning))
      }
    }
  }

  private async session(): Promise<void> {
    const probe = await this.client.get('probe', {}, this.abort.signal)
    if (probe.kind !== 'devices') throw protocolError('probe', probe)
    const device = this.chooseDevice(probe.devices)
    const roles = chooseItemRoles(device, { items: this.machine.items, feedUnits: this.machine.feedUnits })
    this.state.warnings = roles.warnings
    this.deviceItems = new Set(device.dataItems.map((i) => i.id))
    if (this.instanceId !== undefined && probe.header.instanceId !== this.instanceId) await this.agentRestarted(probe.header)
    if (probe.header.bufferSize !== undefined) this.bufferSize = probe.header.bufferSize
    // Same agent instance and a `next` to resume from: the folded values are those at `next`
    // and the buffer holds the rest, nothing to refetch. Otherwise resume where the stored
    // position says (first session of this process), or start from /current.
    let present = false
    if (this.next === undefined || !this.folder) {
      const executionStates = { ...DEFAULT_EXECUTION_STATES, ...this.machine.executionStates }
      this.folder = new SampleFolder(this.machine.id, roles, executionStates)
      const current = await this.client.get('current', {}, this.abort.signal)
      if (current.kind !== 'streams') throw protocolError('current', current)
      if (this.positionConsulted || !(await this.resumeFromStoredPosition(current))) {
        this.instanceId = current.header.instanceId
        this.holdCurrent(current.observations)
        this.advance(current.header, current.header.nextSequence ?? 0)
        present = true
      }
    }
    await this.connected()
    // Stamped now, the folded state must be the present one: after /current, not when the
    // buffer still holds what happened since (a resume, a reconnect), which would be written
    // as older samples behind a sample at now that claims the old state.
    if (present) await this.keepAlive(true)
    if (this.tuning.streaming && !this.streamingUnsupported) await this.streamSamples()
    else await this.pollSamples()
  }

  /**
   * After a restart of this process: the position committed with the last stored samples. The
   * same agent instance still holding it → resume there, nothing lost; holding only part of
   * what followed → a data gap for the part gone, resume at the oldest it holds; restarted
   * meanwhile → an agent_restart, what the old instance held is gone. False: start from /current.
   */
  private async resumeFromStoredPosition(current: Extract<AgentDocument, { kind: 'streams' }>): Promise<boolean> {
    const stored = await this.sink.position(this.machine.id)
    // Consulted once a decision is made: a request that fails on the way (the buffer moved
    // between two answers) leaves it to the next session to decide again, nothing recorded twice.
    if (!stored) {
      this.positionConsulted = true
      return false
    }
    const from = stored.next_sequence
    const first = current.header.firstSequence ?? 0
    const nextOfAgent = current.header.nextSequence ?? 0
    this.newestWritten = stored.last_sample_at ?? undefined
    if (current.header.instanceId !== stored.instance_id || from > nextOfAgent) {
      this.state.agent_restarts++
      this.log.warn({ machine_id: this.machine.id }, `${this.machine.id}: the agent restarted while the collector was stopped (instanceId ${stored.instance_id} → ${current.header.instanceId}); what it held then is gone`)
      await this.recordEvent('agent_restart', { previous_instance_id: stored.instance_id, instance_id: current.header.instanceId, last_sequence_read: from - 1, while_collector_stopped: true })
      this.positionConsulted = true
      await this.recordGap({ cause: 'agent_restart', from_sequence: from, to_sequence: null, lost_sequences: null })
      return false
    }
    this.instanceId = stored.instance_id
    if (from > first) {
      // The state at from − 1 was stored before the stop: fold it, write nothing.
      await this.foldStateAt(from - 1)
      this.positionConsulted = true
      this.advance(current.header, from)
      this.log.info({ machine_id: this.machine.id }, `${this.machine.id}: resumed at sequence ${from} of agent instance ${stored.instance_id}`)
      return true
    }
    // What lay before `first` is gone: the state at `first` (folded, as the state before it is
    // unknown) and collecting from `first` on, which writes that observation at its own time.
    await this.foldStateAt(first)
    this.positionConsulted = true
    await this.accountLoss(from, first, current, 'collector_stopped')
    this.advance(current.header, first)
    return true
  }

  /** Folds the state right after sequence `at` (/current?at=) without writing a sample. */
  private async foldStateAt(at: number): Promise<void> {
    const doc = await this.client.get('current', { at }, this.abort.signal)
    if (doc.kind !== 'streams') throw protocolError('current', doc)
    this.state.observations += doc.observations.length
    this.folder?.applyCurrent(doc.observations)
  }

  private chooseDevice(devices: DeviceModel[]): DeviceModel {
    const wanted = this.machine.device
    if (wanted !== undefined) {
      const found = devices.find((d) => d.name === wanted || d.uuid === wanted)
      if (!found) throw new AgentProtocolError(`the agent has no device "${wanted}"; it serves ${devices.map((d) => d.name).join(', ') || 'none'}`)
      return found
    }
    const [only, ...others] = devices
    if (!only) throw new AgentProtocolError('the agent serves no device')
    if (others.length > 0) throw new AgentProtocolError(`the agent serves ${devices.length} devices (${devices.map((d) => d.name).join(', ')}): set "device" for this machine in machines.yaml`)
    return only
  }

  private async streamSamples(): Promise<void> {
    this.state.connection = 'streaming'
    while (!this.closed) {
      const silenceMs = 2 * this.heartbeatMs + this.tuning.timeoutMs
      const query = { from: this.nextSequence(), count: this.sampleCount(), interval: this.tuning.intervalMs, heartbeat: this.heartbeatMs }
      const stream = this.client.stream(query, silenceMs, this.abort.signal)
      let result: IteratorResult<AgentDocument, boolean>
      let reopen = false
      try {
        do {
          result = await stream.next()
          if (!result.done) reopen = await this.handle(result.value)
        } while (!result.done && !reopen)
      } finally {
        // Closes the response on every way out (reopen, restart, error, close).
        await stream.return(true)
      }
      if (result.done && !result.value) {
        // The agent answered a single document: it does not stream (or refused `interval`).
        this.streamingUnsupported = true
        this.log.warn({ machine_id: this.machine.id }, `${this.machine.id}: the agent does not stream; polling every ${this.tuning.pollMs} ms`)
        return this.pollSamples()
      }
      // A stream the agent ended (it drops clients that fall behind) reopens from `next`.
    }
  }

  private async pollSamples(): Promise<void> {
    this.state.connection = 'polling'
    while (!this.closed) {
      const doc = await this.client.get('sample', { from: this.nextSequence(), count: this.sampleCount() }, this.abort.signal)
      const reopened = await this.handle(doc)
      const behind = doc.kind === 'streams' && (doc.header.lastSequence ?? 0) + 1 > this.nextSequence()
      if (!reopened && !behind) await this.pause(this.tuning.pollMs)
    }
  }

  /** Processes one response; true when the request must be reissued from a new `next`. */
  private async handle(doc: AgentDocument): Promise<boolean> {
    if (doc.kind === 'error') return this.agentError(doc)
    if (doc.kind !== 'streams') throw new AgentProtocolError(`sample: expected MTConnectStreams, got ${doc.kind}`)
    if (doc.header.instanceId !== this.instanceId) {
      await this.agentRestarted(doc.header)
      throw new AgentRestarted()
    }
    const from = this.nextSequence()
    const next = doc.header.nextSequence ?? from
    // Drop anything below the `from` we asked for (MTCONNECT.md, "More traps").
    await this.deliver(doc.observations.filter((o) => o.sequence >= from), next)
    this.advance(doc.header, next)
    this.failures = 0
    this.agentFailing = false
    await this.keepAlive(false)
    return this.retuneHeartbeat(doc.header)
  }

  /**
   * Streaming: keeps the heartbeat under half the time the agent's buffer takes to turn over
   * (bufferTurnover.ts). True when it changed enough to reopen the stream with it (lossless:
   * the new request starts at `next`).
   */
  private retuneHeartbeat(header: Header): boolean {
    if (header.lastSequence !== undefined) this.turnover.observe(header.lastSequence, this.clock.now())
    if (this.state.connection !== 'streaming') return false
    const wanted = this.turnover.heartbeatFor(this.bufferSize, this.tuning.heartbeatMs)
    if (wanted >= this.heartbeatMs * 0.75 && wanted <= this.heartbeatMs * 2) return false
    this.log.info({ machine_id: this.machine.id }, `${this.machine.id}: the agent's buffer turns over in ${Math.round((this.bufferSize ?? 0) / (this.turnover.rate ?? 1))} s; heartbeat ${this.heartbeatMs} → ${wanted} ms`)
    this.heartbeatMs = wanted
    return true
  }

  /**
   * An MTConnectError instead of data, acted on by its code and the range it gives (schema
   * 2.7's QueryParameter; older agents only say it in words). True: reissue the request.
   */
  private async agentError(doc: Extract<AgentDocument, { kind: 'error' }>): Promise<boolean> {
    const error = doc.errors.find((e) => e.code === 'OUT_OF_RANGE')
    if (!error) throw protocolError('sample', doc)
    const range = refusedRange(error)
    if (range?.name === 'count') {
      // cppagent refuses count above its bufferSize; learn it from the error, once.
      const max = range.maximum
      if (max !== undefined && max >= 1 && this.sampleCount() > max) {
        this.bufferSize = max
        this.log.warn({ machine_id: this.machine.id }, `${this.machine.id}: the agent takes count up to ${max}; asking that much`)
        return true
      }
      throw protocolError('sample', doc)
    }
    if (range?.name === 'from' && range.value !== undefined && range.maximum !== undefined && range.value > range.maximum) {
      // Past the agent's end: its sequences started over (a restart), whatever its instanceId says.
      await this.agentRestarted(doc.header ?? { instanceId: this.instanceId ?? '' }, 'from_above_next_sequence')
      throw new AgentRestarted()
    }
    await this.recoverFromOutOfRange()
    return true
  }

  /**
   * `from` fell out of the agent's buffer (a range below it, or no range: 1.x-2.5 agents, the
   * in-stream "fell too far behind"). Learn the buffer from /current, record what this device
   * lost, resume at the oldest sequence the agent holds.
   */
  private async recoverFromOutOfRange(): Promise<void> {
    const from = this.nextSequence()
    const current = await this.client.get('current', {}, this.abort.signal)
    if (current.kind !== 'streams') throw protocolError('current', current)
    if (current.header.instanceId !== this.instanceId) {
      await this.agentRestarted(current.header)
      throw new AgentRestarted()
    }
    const first = current.header.firstSequence ?? 0
    if (from > (current.header.nextSequence ?? 0)) {
      await this.agentRestarted(current.header, 'from_above_next_sequence')
      throw new AgentRestarted()
    }
    if (from >= first) return // held again: the buffer moved between the two answers
    await this.accountLoss(from, first, current, 'buffer_overflow')
    this.advance(current.header, first)
  }

  /**
   * Sequences [from, resume) are gone unread. On a shared sequence space they may all be other
   * devices' (a quiet machine beside a busy one): /current holds each item's latest
   * observation, so when none of this device's is at or after `from`, it lost nothing. Else a
   * data gap: the exact range of sequences, and how many of this device's items are known to
   * have changed in it.
   */
  private async accountLoss(from: number, resume: number, current: Extract<AgentDocument, { kind: 'streams' }>, cause: string): Promise<void> {
    const range = resume - from
    if (range <= 0) return
    const mine = current.observations.filter((o) => this.deviceItems.has(o.dataItemId))
    if (!mine.some((o) => o.sequence >= from)) {
      this.state.skipped_sequences += range
      this.log.info({ machine_id: this.machine.id, skipped: range }, `${this.machine.id}: sequences ${from}–${resume - 1} left the agent's buffer unread; none was this device's`)
      return
    }
    const changed = mine.filter((o) => o.sequence >= from && o.sequence < resume).length
    this.state.gaps++
    this.state.lost_sequences += range
    this.log.warn({ machine_id: this.machine.id, lost: range }, `${this.machine.id}: ${range} sequences lost (${from}–${resume - 1}), no longer in the agent's buffer`)
    await this.recordGap({ cause, from_sequence: from, to_sequence: resume - 1, lost_sequences: range, first_sequence: resume, buffer_size: current.header.bufferSize ?? null, items_changed_in_gap: changed })
  }

  /**
   * A data_gap event, and the time since the newest sample written marked as not seen: an
   * offline sample 1 ms after it, so that no state is held through the gap (OEE counts it as
   * no data).
   */
  private async recordGap(detail: Record<string, unknown>): Promise<void> {
    await this.recordEvent('data_gap', detail)
    if (this.newestWritten === undefined || !this.folder) return
    const unseen = this.folder.offline(this.newestWritten + 1)
    await this.write([unseen], undefined)
  }

  private async agentRestarted(header: Header, cause = 'new_instance_id'): Promise<void> {
    this.state.agent_restarts++
    this.log.warn({ machine_id: this.machine.id }, `${this.machine.id}: agent restarted (instanceId ${this.instanceId} → ${header.instanceId}${cause === 'new_instance_id' ? '' : `, ${cause}`}); probing again`)
    await this.recordEvent('agent_restart', { previous_instance_id: this.instanceId, instance_id: header.instanceId, last_sequence_read: this.next === undefined ? null : this.next - 1, cause })
    this.instanceId = undefined
    this.next = undefined
  }

  /**
   * A /sample document: a sample per instant observed; `next`: the sequence after them. The
   * /current sample still held goes with them, unless one of them is at its millisecond: the
   * agent may have had more observations at that instant than /current had seen, and the
   * first sample written at a millisecond is the one kept.
   */
  private async deliver(observations: Observation[], next: number): Promise<void> {
    if (!this.folder) return
    this.state.observations += observations.length
    const samples = observations.length > 0 ? this.folder.apply(observations) : []
    const held = this.heldCurrent
    this.heldCurrent = undefined
    if (held && !samples.some((s) => s.timestamp === held.timestamp)) samples.unshift(held)
    await this.store(samples, next)
  }

  /** A /current document: the machine at its newest observation, one sample, written with the first /sample answer. */
  private holdCurrent(observations: Observation[]): void {
    if (!this.folder || observations.length === 0) return
    this.state.observations += observations.length
    this.heldCurrent = this.folder.applyCurrent(observations)
  }

  private async store(samples: CollectedSample[], next: number | undefined): Promise<void> {
    if (samples.length === 0) return
    const receivedAt = this.clock.now()
    const newest = Date.parse(samples[samples.length - 1]?.timestamp ?? '')
    this.lastSampleAt = receivedAt
    const ahead = newest - receivedAt
    this.state.lag_ms = Math.max(0, -ahead)
    this.state.last_data_at = new Date(receivedAt).toISOString()
    if (ahead > this.tuning.clockSkewToleranceMs) {
      // The ingest refuses samples more than 5 min ahead: shift the batch to our time (order and
      // spacing kept) rather than lose it, and say so.
      if (this.state.clock_skew_ms === null) {
        await this.recordEvent('clock_skew', { ahead_ms: ahead, corrected: true })
        this.log.warn({ machine_id: this.machine.id, ahead_ms: ahead }, `${this.machine.id}: machine clock ${Math.round(ahead / 1000)} s ahead; timestamps corrected`)
      }
      this.state.clock_skew_ms = ahead
      for (const s of samples) s.timestamp = new Date(Date.parse(s.timestamp) - ahead).toISOString()
    } else {
      this.state.clock_skew_ms = null
    }
    // A keep-alive took this millisecond already: the observation's sample would be dropped as
    // a duplicate of it. One millisecond later keeps it (and its order).
    for (const s of samples) if (Date.parse(s.timestamp) === this.keepAliveTs) s.timestamp = new Date(this.keepAliveTs + 1).toISOString()
    await this.write(samples, this.positionAt(next))
  }

  /**
   * MTConnect reports changes only: a machine idle for an hour sends nothing. Without a sample
   * now and then its time would count as "no data" (gaps above --max-sample-gap), so while
   * connected the last known state is re-stamped at least every keepAliveMs.
   */
  private async keepAlive(force: boolean): Promise<void> {
    const now = this.clock.now()
    if (!force && now - this.lastSampleAt < this.tuning.keepAliveMs) return
    // The folded state is the present one only once everything the agent holds is read.
    if (!force && (this.state.sequence_lag ?? 0) > 0) return
    const sample = this.folder?.snapshotAt(now)
    if (!sample) return
    this.lastSampleAt = now
    this.keepAliveTs = now
    await this.write([sample], this.positionAt(this.next))
  }

  /** Where the collector stands once samples up to `next` are stored; committed with them. */
  private positionAt(next: number | undefined): CollectorPosition | undefined {
    if (next === undefined || this.instanceId === undefined) return undefined
    return { machine_id: this.machine.id, instance_id: this.instanceId, next_sequence: next }
  }

  /** Writes until the sink has the samples durable; the agent's buffer holds the rest meanwhile. */
  private async write(samples: CollectedSample[], position: CollectorPosition | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.sink.write(samples, position)
        for (const s of samples) this.newestWritten = Math.max(this.newestWritten ?? -Infinity, Date.parse(s.timestamp))
        this.state.samples_collected += outcome.accepted + outcome.duplicates
        this.state.samples_rejected += outcome.rejected
        const first = outcome.errors[0]
        if (first) this.noteError(`ingest rejected ${outcome.rejected} sample(s): ${first.field ? `${first.field} ` : ''}${first.reason}`)
        return
      } catch (err) {
        if (this.closed) throw err
        this.noteError(`ingest: ${(err as Error).message}`)
        await this.pause(backoff(attempt, this.tuning))
        if (this.closed) throw err
      }
    }
  }

  /** The configured count, never above the agent's buffer (cppagent: "'count' must be less than bufferSize + 1"). */
  private sampleCount(): number {
    return this.bufferSize === undefined ? this.tuning.count : Math.max(1, Math.min(this.tuning.count, this.bufferSize))
  }

  private advance(header: Header, next: number): void {
    this.next = next
    this.state.instance_id = header.instanceId
    this.state.next_sequence = next
    this.state.sequence_lag = header.lastSequence === undefined ? null : Math.max(0, header.lastSequence + 1 - next)
  }

  private nextSequence(): number {
    if (this.next === undefined) throw new AgentRestarted()
    return this.next
  }

  private async connected(): Promise<void> {
    if (this.unreachable) {
      this.unreachable = false
      await this.recordEvent('connection_restored', {})
      this.log.info({ machine_id: this.machine.id }, `${this.machine.id}: agent reachable again`)
    }
  }

  private async failed(err: Error): Promise<void> {
    this.failures++
    this.noteError(err.message)
    const answered = err instanceof AgentProtocolError || err instanceof DocumentError
    if (this.failures === 1) {
      // One dropped connection or garbled answer that goes away at once is not an outage.
      this.state.connection = answered ? 'agent_error' : 'reconnecting'
      if (!answered) this.state.reconnects++
      return
    }
    if (answered) return this.agentAnsweredBadly(err)
    this.state.connection = 'unreachable'
    if (this.unreachable) return
    this.unreachable = true
    this.log.warn({ machine_id: this.machine.id, err: err.message }, `${this.machine.id}: ${err.message}; marked offline`)
    await this.recordEvent('connection_lost', { error: err.message })
    await this.markOffline()
  }

  /**
   * The agent answers, but not with data (NO_DEVICE, INVALID_XPATH, a refused count, an
   * unreadable document): not a lost connection. Shown as agent_error with the agent's own
   * message, recorded once, retried with backoff; the machine is offline meanwhile (no data).
   */
  private async agentAnsweredBadly(err: Error): Promise<void> {
    this.state.connection = 'agent_error'
    if (this.agentFailing) return
    this.agentFailing = true
    this.log.warn({ machine_id: this.machine.id, err: err.message }, `${this.machine.id}: ${err.message}`)
    await this.recordEvent('agent_error', { error: err.message })
    await this.markOffline()
  }

  private async markOffline(): Promise<void> {
    const now = this.clock.now()
    const offline: CollectedSample = this.folder?.offline(now) ?? { machine_id: this.machine.id, timestamp: new Date(now).toISOString(), state: 'offline', src: 'mtconnect' }
    await this.write([offline], this.positionAt(this.next)).catch(() => undefined)
  }

  private noteError(message: string): void {
    this.state.last_error = { at: new Date(this.clock.now()).toISOString(), message }
  }

  private async recordEvent(kind: MachineEvent['kind'], detail: Record<string, unknown>): Promise<void> {
    try {
      await this.sink.event({ machine_id: this.machine.id, ts: this.clock.now(), kind, detail })
    } catch (err) {
      this.noteError(`recording ${kind}: ${(err as Error).message}`)
    }
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.abort.signal }).catch(() => undefined)
  }
}

/**
 * The refused parameter and its valid range: schema 2.7's QueryParameter, or read from the
 * message of older agents ("'count' must be less than 257", "'from' must be greater than 0").
 */
function refusedRange(error: AgentError): QueryParameterRange | undefined {
  if (error.queryParameter) return error.queryParameter
  const m = /'(\w+)' must be (greater|less) than (-?\d+)/.exec(error.text)
  if (!m) return undefined
  const bound = Number(m[3])
  return m[2] === 'less' ? { name: m[1] ?? '', minimum: undefined, maximum: bound - 1 } : { name: m[1] ?? '', minimum: bound + 1, maximum: undefined }
}

function protocolError(request: string, doc: AgentDocument): AgentProtocolError {
  if (doc.kind === 'error') return new AgentProtocolError(`${request}: the agent answered${doc.httpStatus ? ` HTTP ${doc.httpStatus}` : ''} ${doc.errors.map((e) => `${e.code}: ${e.text}`).join('; ')}`)
  return new AgentProtocolError(`${request}: unexpected ${doc.kind} document`)
}

/** Exponential backoff with jitter (half to full of the step), capped. */
export function backoff(failures: number, t: Pick<CollectorTuning, 'backoffMinMs' | 'backoffMaxMs'>): number {
  const step = Math.min(t.backoffMaxMs, t.backoffMinMs * 2 ** Math.max(0, failures - 1))
  return step / 2 + Math.random() * (step / 2)
}
