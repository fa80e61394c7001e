// Folds MTConnect observations (one data item at a time) into contract samples (the whole
// machine at one instant): the latest value of every field is kept and one sample is emitted
// per distinct observation timestamp (ms, the contract's precision), all fields filled forward.
// Pure: no I/O, no clock.
import { type ExecutionStateTable, stateFromSignals } from '../../domain/machineState.js'
import type { MachineState } from '../../domain/sample.js'
import type { Observation } from './documents.js'
import type { ItemRoles } from './itemRoles.js'
import type { CollectedSample } from '../../ingest/sampleSink.js'

interface ActiveCondition { level: string; text: string; nativeCode?: string }

const UNAVAILABLE = 'UNAVAILABLE'
const MAX_ALARM = 1024

export class SampleFolder {
  private availability?: string
  private execution?: string
  private mode?: string
  private emergencyStop?: string
  /** Speed per spindle item: one, or each of the machine's with `rpm: fastest`. */
  private readonly spindleSpeeds = new Map<string, number | undefined>()
  private feed?: number
  private partCount?: number
  private program?: string
  /** condition item id → native code ('' when none) → active Warning/Fault. */
  private readonly conditions = new Map<string, Map<string, ActiveCondition>>()
  private observedAny = false
  /** Values that could not be used, e.g. a part count of "abc": shown in collector status. */
  readonly problems: string[] = []

  constructor(
    readonly machineId: string,
    private readonly roles: ItemRoles,
    private readonly executionStates: ExecutionStateTable,
  ) {}

  /** Applies observations (any order: they are applied by sequence) and returns the samples they make. */
  apply(observations: readonly Observation[]): CollectedSample[] {
    const snapshots = new Map<number, CollectedSample>()
    this.fold(observations, (ts, sequence) => snapshots.set(ts, this.snapshot(ts, sequence)))
    return [...snapshots.values()].sort((a, b) => a.timestamp.localeCompare(b.timestamp))
  }

  /**
   * Applies a /current document and returns the one sample it can vouch for: the machine at
   * its newest observation. /current holds only the latest value of each item, so a sample
   * at an older timestamp would show the items that changed since as unknown (a machine
   * without a state) or as they were before; the history before is /sample's to tell.
   */
  applyCurrent(observations: readonly Observation[]): CollectedSample | undefined {
    let newest: { ts: number; sequence: number } | undefined
    this.fold(observations, (ts, sequence) => { if (!newest || ts >= newest.ts) newest = { ts, sequence } })
    return newest && this.snapshot(newest.ts, newest.sequence)
  }

  /** Applies the observations by sequence; `applied` hears the time of each one mapped and readable. */
  private fold(observations: readonly Observation[], applied: (ts: number, sequence: number) => void): void {
    for (const o of [...observations].sort((a, b) => a.sequence - b.sequence)) {
      if (!this.applyOne(o)) continue
      this.observedAny = true
      const ts = parseObservationTime(o.timestamp)
      if (ts === undefined) this.note(`observation ${o.sequence} of ${o.dataItemId}: unreadable timestamp "${o.timestamp}"`)
      else applied(ts, o.sequence)
    }
  }

  /**
   * The machine as last known, stamped `ts` (the collector's keep-alive: MTConnect reports
   * changes only, and a quiet machine must not look like a machine without data).
   * Undefined before anything mapped was observed.
   */
  snapshotAt(ts: number): CollectedSample | undefined {
    return this.observedAny ? this.snapshot(ts) : undefined
  }

  /**
   * The machine went unreachable at `ts`: an offline sample without the stale spindle, feed and
   * alarms. The folded values stay: when the agent is back, its observations continue them.
   */
  offline(ts: number): CollectedSample {
    const { rpm: _rpm, feed_mm_min: _feed, alarm: _alarm, sequence: _seq, ...rest } = this.snapshot(ts)
    return { ...rest, state: 'offline' }
  }

  /** The state as the last applied observation left it. */
  get state(): MachineState | undefined {
    return this.derivedState()
  }

  private applyOne(o: Observation): boolean {
    if (o.category === 'CONDITION') {
      if (!this.roles.conditions.has(o.dataItemId)) return false
      this.applyCondition(o)
      return true
    }
    const field = this.roles.fields.get(o.dataItemId)
    if (field === undefined) return false
    // UNAVAILABLE means "unknown", never zero (MTCONNECT.md).
    const value = o.value === UNAVAILABLE ? undefined : o.value
    switch (field) {
      case 'availability': this.availability = o.value; break
      case 'execution': this.execution = o.value; break
      case 'mode': this.mode = value; break
      case 'emergency_stop': this.emergencyStop = value; break
      case 'program': this.program = value; break
      // Spindle direction is a separate item; some adapters sign the speed instead.
      case 'rpm': this.spindleSpeeds.set(o.dataItemId, this.number(o, value, (n) => Math.abs(n))); break
      case 'feed': this.feed = this.number(o, value, (n) => Math.abs(n) * this.roles.feedFactor); break
      case 'part_count': this.partCount = this.number(o, value, (n) => (Number.isSafeInteger(n) && n >= 0 ? n : undefined)); break
    }
    return true
  }

  private number(o: Observation, value: string | undefined, convert: (n: number) => number | undefined): number | undefined {
    if (value === undefined) return undefined
    const n = Number(value)
    const converted = value.trim() !== '' && Number.isFinite(n) ? convert(n) : undefined
    if (converted === undefined) this.note(`observation ${o.sequence} of ${o.dataItemId}: "${value}" is not a usable number`)
    return converted
  }

  // A condition item can hold several active conditions told apart by nativeCode; Normal
  // without a code clears them all, with a code only that one (MTConnect Part 3, Condition).
  private applyCondition(o: Observation): void {
    const active = this.conditions.get(o.dataItemId) ?? new Map<string, ActiveCondition>()
    this.conditions.set(o.dataItemId, active)
    const code = o.nativeCode ?? ''
    if (o.level === 'Normal' || o.level === 'Unavailable') {
      if (code === '' || o.level === 'Unavailable') active.clear()
      else active.delete(code)
      return
    }
    active.set(code, { level: o.level ?? 'Fault', text: o.value, nativeCode: o.nativeCode })
  }

  private activeConditions(): ActiveCondition[] {
    const all = [...this.conditions.values()].flatMap((m) => [...m.values()])
    return [...all.filter((c) => c.level === 'Fault'), ...all.filter((c) => c.level !== 'Fault')]
  }

  private derivedState(): MachineState | undefined {
    const faultActive = this.activeConditions().some((c) => c.level === 'Fault')
    return stateFromSignals({ availability: this.availability, execution: this.execution, emergencyStop: this.emergencyStop, faultActive }, this.executionStates)
  }

  private snapshot(ts: number, sequence?: number): CollectedSample {
    const sample: CollectedSample = { machine_id: this.machineId, timestamp: new Date(ts).toISOString(), src: 'mtconnect' }
    const state = this.derivedState()
    if (state !== undefined) sample.state = state
    const rpm = this.rpm()
    if (rpm !== undefined) sample.rpm = rpm
    if (this.feed !== undefined) sample.feed_mm_min = this.feed
    if (this.partCount !== undefined) sample.part_count = this.partCount
    if (this.program !== undefined) sample.program = this.program.slice(0, 256)
    if (this.execution !== undefined) sample.execution = this.execution.slice(0, 64)
    if (this.mode !== undefined) sample.mode = this.mode.slice(0, 64)
    const alarm = this.activeConditions().map((c) => `${c.level.toUpperCase()}${c.nativeCode ? ` ${c.nativeCode}` : ''}${c.text ? `: ${c.text}` : ''}`).join('; ')
    if (alarm) sample.alarm = alarm.slice(0, MAX_ALARM)
    if (sequence !== undefined) sample.sequence = sequence
    return sample
  }

  /** The fastest known spindle speed (the only one, unless `rpm: fastest` maps several); undefined when none is known. */
  private rpm(): number | undefined {
    let fastest: number | undefined
    for (const speed of this.spindleSpeeds.values()) if (speed !== undefined && (fastest === undefined || speed > fastest)) fastest = speed
    return fastest
  }

  private note(problem: string): void {
    this.problems.push(problem)
    if (this.problems.length > 20) this.problems.shift()
  }
}

/**
 * MTConnect timestamps are UTC with µs; some adapters (Mazak SHDR) omit the `Z`: read a
 * zone-less timestamp as UTC rather than as the collector's local time.
 */
export function parseObservationTime(text: string): number | undefined {
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`
  const ms = Date.parse(zoned)
  return Number.isFinite(ms) ? ms : undefined
}
