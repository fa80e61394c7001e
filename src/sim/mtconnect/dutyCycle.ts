// A simulated machine's day as a deterministic, clock-driven state machine: jobs of a few parts
// (Execution ACTIVE while cutting, PROGRAM_COMPLETED while unloading), changeovers in MANUAL,
// feed holds, alarms (Fault + STOPPED), e-stops, power cycles (everything UNAVAILABLE).
//
// Pure: no timers, no I/O. `advanceTo(t)` returns every observation due up to t. Phase
// decisions and sample noise come from two seeded streams and are drawn in time order, so the
// output depends only on (seed, start time, the times at which it is asked) — and not even on
// the latter: asking at 10 s then 20 s gives the same observations as asking at 20 s once.
import { type Random, seededRandom, deriveSeed } from '../seededRandom.js'
import { type ConditionLevel, type Observation, UNAVAILABLE } from './observation.js'
import type { SimItemIds } from './simDeviceModel.js'
import { type DutyCycleSettings, type Range, resolveDutyCycle } from './dutyCycleSettings.js'

export type SimPhase = 'idle' | 'changeover' | 'cutting' | 'loading' | 'feedHold' | 'alarm' | 'estop' | 'powerOff' | 'forcedOff'

/** One stretch of the ground-truth timeline: from `start` until the next span's start. */
export interface PhaseSpan {
  start: number
  phase: SimPhase
  execution: string
  program: string
  partCount: number
  alarm?: string
}

/** An NC program the simulated machine runs: a part takes cycleMs ± CUT_JITTER to cut. */
export interface SimProgram {
  name: string
  cycleMs: number
  rpm: number
  feedMmPerMin: number
  load: number
}

/** A part's cutting time varies by this share either way around its program's cycle. */
export const CUT_JITTER = 0.03

/** The machine's programs: the first draws of its phase stream (DutyCycle and simulatedPrograms draw them alike). */
export function drawPrograms(decide: Random, s: DutyCycleSettings): SimProgram[] {
  return Array.from({ length: decide.int(3, 6) }, () => ({
    name: `O${decide.int(1000, 9999)}`,
    cycleMs: Math.max(1, Math.round(decide.between(s.cycleSeconds[0], s.cycleSeconds[1]) * 1000)),
    rpm: Math.round(decide.between(...s.spindleRpm) / 50) * 50,
    feedMmPerMin: Math.round(decide.between(...s.feedMmPerMin) / 10) * 10,
    load: decide.int(20, 70),
  }))
}

/** The phase stream of a machine with this seed (its programs come first). */
export function phaseStream(seed: number): Random {
  return seededRandom(deriveSeed(seed, 'phases'))
}

interface AlarmSpec {
  item: 'system' | 'logic' | 'motion'
  nativeCode: string
  text: string
  nativeSeverity?: string
  qualifier?: string
}

// Texts after real Fanuc/Okuma/Haas alarm lists, so an alarm panel looks familiar.
const FAULTS: readonly AlarmSpec[] = [
  { item: 'system', nativeCode: 'SV0401', text: 'SERVO V-READY OFF', nativeSeverity: '1' },
  { item: 'logic', nativeCode: '2011', text: 'SPINDLE LOAD TOO HIGH', nativeSeverity: '2', qualifier: 'HIGH' },
  { item: 'motion', nativeCode: 'OT0500', text: 'OVER TRAVEL +X', nativeSeverity: '1', qualifier: 'HIGH' },
  { item: 'system', nativeCode: '1023', text: 'COOLANT PRESSURE LOW', nativeSeverity: '2', qualifier: 'LOW' },
  { item: 'logic', nativeCode: 'PS0010', text: 'IMPROPER G-CODE', nativeSeverity: '1' },
]
const WARNINGS: readonly AlarmSpec[] = [
  { item: 'system', nativeCode: '3002', text: 'LUBRICATION OIL LEVEL LOW', nativeSeverity: '3', qualifier: 'LOW' },
  { item: 'logic', nativeCode: '4100', text: 'TOOL LIFE NEAR LIMIT', nativeSeverity: '3' },
]

type Interruption = 'feedHold' | 'alarm' | 'estop' | 'warning'
const MAX_SPANS = 10_000

export class DutyCycle {
  readonly settings: DutyCycleSettings
  private readonly decide: Random
  private readonly noise: Random
  private readonly values = new Map<string, Observation>()
  private readonly spans: PhaseSpan[] = []
  private readonly programs: SimProgram[]
  private program: SimProgram
  private out: Observation[] = []
  private phase: SimPhase = 'forcedOff'
  private phaseEndsAt = Infinity
  private nextTickAt = Infinity
  private partCount: number
  private partsLeft = 0
  private cutLeftMs = 0
  private interruption: { whenLeftMs: number; kind: Interruption } | undefined
  private alarm: AlarmSpec | undefined
  private warning: AlarmSpec | undefined

  constructor(
    private readonly ids: SimItemIds,
    seed: number,
    private readonly startAt: number,
    settings: Partial<DutyCycleSettings> = {},
    private readonly tickMs = 1000,
  ) {
    this.settings = resolveDutyCycle(settings)
    this.decide = phaseStream(seed)
    this.noise = seededRandom(deriveSeed(seed, 'noise'))
    this.programs = drawPrograms(this.decide, this.settings)
    this.program = this.programs[0] as SimProgram
    this.partCount = this.decide.int(0, 200)
  }

  /** The machine is switched on when the agent starts: the first observations, at the start time. */
  start(): Observation[] {
    this.bootAt(this.startAt)
    return this.drain()
  }

  advanceTo(now: number): Observation[] {
    for (;;) {
      const tickDue = this.phase === 'cutting' || this.phase === 'feedHold' ? this.nextTickAt : Infinity
      const due = Math.min(this.phaseEndsAt, tickDue)
      if (due > now) break
      if (this.phaseEndsAt <= tickDue) this.endPhase(this.phaseEndsAt)
      else {
        this.tick(tickDue)
        this.nextTickAt = tickDue + this.tickMs
      }
    }
    return this.drain()
  }

  /** Power switched off from outside (a fault): stays off until powerOn. */
  powerOff(now: number): Observation[] {
    this.advanceTo(now)
    if (this.phase !== 'forcedOff') this.switchOffAt(now, 'forcedOff', Infinity)
    return this.drain()
  }

  powerOn(now: number): Observation[] {
    this.advanceTo(now)
    if (this.phase === 'forcedOff' || this.phase === 'powerOff') this.bootAt(now)
    return this.drain()
  }

  get poweredOn(): boolean {
    return this.phase !== 'forcedOff' && this.phase !== 'powerOff'
  }

  /** The present value of every data item, stamped `now`: what an adapter sends when an agent (re)connects. */
  snapshot(now: number): Observation[] {
    return [...this.values.values()].map((o) => ({ ...o, timestamp: now }))
  }

  timeline(): readonly PhaseSpan[] {
    return this.spans
  }

  private drain(): Observation[] {
    const out = this.out
    this.out = []
    return out
  }

  private seconds(range: Range): number {
    return Math.max(1, Math.round(this.decide.between(range[0], range[1]) * 1000))
  }

  private enter(phase: SimPhase, t: number, durationMs: number): void {
    this.phase = phase
    this.phaseEndsAt = t + durationMs
    const execution = this.values.get(this.ids.execution)?.value ?? UNAVAILABLE
    this.spans.push({ start: t, phase, execution, program: this.program.name, partCount: this.partCount, ...(this.alarm ? { alarm: this.alarm.text } : {}) })
    if (this.spans.length > MAX_SPANS) this.spans.shift()
  }

  private set(id: string, value: string, t: number): void {
    const previous = this.values.get(id)
    if (previous && previous.level === undefined && previous.value === value) return
    const o: Observation = { dataItemId: id, timestamp: t, value }
    this.values.set(id, o)
    this.out.push(o)
  }

  private setCondition(id: string, level: ConditionLevel, t: number, alarm?: AlarmSpec): void {
    const previous = this.values.get(id)
    if (previous && previous.level === level && previous.nativeCode === alarm?.nativeCode) return
    const o: Observation = { dataItemId: id, timestamp: t, value: alarm?.text ?? '', level }
    if (alarm) Object.assign(o, { nativeCode: alarm.nativeCode, nativeSeverity: alarm.nativeSeverity, qualifier: alarm.qualifier })
    for (const key of ['nativeSeverity', 'qualifier'] as const) if (o[key] === undefined) delete o[key]
    this.values.set(id, o)
    this.out.push(o)
  }

  private stopMotion(t: number): void {
    this.set(this.ids.spindleSpeed, '0', t)
    this.set(this.ids.feed, '0', t)
    this.set(this.ids.spindleLoad, '0', t)
  }

  private bootAt(t: number): void {
    const ids = this.ids
    this.set(ids.avail, 'AVAILABLE', t)
    this.set(ids.estop, 'ARMED', t)
    this.set(ids.mode, 'AUTOMATIC', t)
    this.set(ids.execution, 'READY', t)
    this.set(ids.program, this.program.name, t)
    this.set(ids.partCount, String(this.partCount), t)
    this.set(ids.feedOverride, '100', t)
    this.stopMotion(t)
    for (const id of [ids.system, ids.logic, ids.motion]) this.setCondition(id, 'NORMAL', t)
    this.alarm = undefined
    this.warning = undefined
    this.enter('idle', t, this.seconds(this.settings.bootIdleSeconds))
  }

  private switchOffAt(t: number, phase: 'powerOff' | 'forcedOff', durationMs: number): void {
    // An agent whose adapter goes away marks every data item of the device UNAVAILABLE.
    for (const id of Object.values(this.ids)) {
      if ([this.ids.system, this.ids.logic, this.ids.motion].includes(id)) this.setCondition(id, 'UNAVAILABLE', t)
      else this.set(id, UNAVAILABLE, t)
    }
    this.enter(phase, t, durationMs)
  }

  private endPhase(t: number): void {
    switch (this.phase) {
      case 'idle':
      case 'changeover':
        return this.startJob(t)
      case 'cutting':
        return this.endCut(t)
      case 'loading':
        if (this.partsLeft > 0) return this.startPart(t)
        return this.endJob(t)
      case 'feedHold':
        return this.cut(t)
      case 'alarm':
        if (this.alarm) this.setCondition(this.ids[this.alarm.item], 'NORMAL', t)
        this.alarm = undefined
        this.set(this.ids.execution, 'READY', t)
        return this.enter('loading', t, this.seconds(this.settings.loadSeconds))
      case 'estop':
        this.set(this.ids.estop, 'ARMED', t)
        this.set(this.ids.execution, 'READY', t)
        return this.enter('loading', t, this.seconds(this.settings.loadSeconds))
      case 'powerOff':
        return this.bootAt(t)
      case 'forcedOff':
        return
    }
  }

  private startJob(t: number): void {
    this.program = this.decide.pick(this.programs)
    this.partsLeft = this.decide.int(this.settings.partsPerJob[0], this.settings.partsPerJob[1])
    if (this.decide.chance(this.settings.partCountResetChance)) this.partCount = 0
    this.set(this.ids.program, this.program.name, t)
    this.set(this.ids.partCount, String(this.partCount), t)
    this.set(this.ids.mode, 'AUTOMATIC', t)
    this.startPart(t)
  }

  private startPart(t: number): void {
    const s = this.settings
    this.cutLeftMs = Math.max(1, Math.round(this.program.cycleMs * this.decide.between(1 - CUT_JITTER, 1 + CUT_JITTER)))
    const roll = this.decide.next()
    const where = this.decide.between(0.1, 0.9)
    const thresholds: [Interruption, number][] = [['feedHold', s.feedHoldChance], ['alarm', s.alarmChance], ['estop', s.estopChance], ['warning', s.warningChance]]
    let acc = 0
    this.interruption = undefined
    for (const [kind, chance] of thresholds) {
      acc += chance
      if (roll < acc) {
        this.interruption = { kind, whenLeftMs: Math.round(this.cutLeftMs * where) }
        break
      }
    }
    this.cut(t)
  }

  private cut(t: number): void {
    this.set(this.ids.execution, 'ACTIVE', t)
    this.enter('cutting', t, Math.max(1, this.cutLeftMs - (this.interruption?.whenLeftMs ?? 0)))
    this.tick(t)
    this.nextTickAt = this.startAt + (Math.floor((t - this.startAt) / this.tickMs) + 1) * this.tickMs
  }

  private endCut(t: number): void {
    const interruption = this.interruption
    this.interruption = undefined
    if (!interruption) return this.completePart(t)
    this.cutLeftMs = interruption.whenLeftMs
    const s = this.settings
    switch (interruption.kind) {
      case 'feedHold':
        // Fanuc's reference adapter reports holds as INTERRUPTED, most others as FEED_HOLD.
        this.set(this.ids.execution, this.decide.chance(0.25) ? 'INTERRUPTED' : 'FEED_HOLD', t)
        this.set(this.ids.feed, '0', t)
        return this.enter('feedHold', t, this.seconds(s.feedHoldSeconds))
      case 'alarm':
        this.alarm = this.decide.pick(FAULTS)
        this.setCondition(this.ids[this.alarm.item], 'FAULT', t, this.alarm)
        this.set(this.ids.execution, 'STOPPED', t)
        this.stopMotion(t)
        return this.enter('alarm', t, this.seconds(s.alarmSeconds))
      case 'estop':
        this.set(this.ids.estop, 'TRIGGERED', t)
        this.set(this.ids.execution, 'STOPPED', t)
        this.stopMotion(t)
        return this.enter('estop', t, this.seconds(s.estopSeconds))
      case 'warning':
        this.warning = this.decide.pick(WARNINGS)
        this.setCondition(this.ids[this.warning.item], 'WARNING', t, this.warning)
        return this.cut(t)
    }
  }

  private completePart(t: number): void {
    this.partCount++
    this.partsLeft--
    this.set(this.ids.partCount, String(this.partCount), t)
    this.set(this.ids.execution, 'PROGRAM_COMPLETED', t)
    this.stopMotion(t)
    if (this.warning) this.setCondition(this.ids[this.warning.item], 'NORMAL', t)
    this.warning = undefined
    this.enter('loading', t, this.seconds(this.settings.loadSeconds))
  }

  private endJob(t: number): void {
    const s = this.settings
    if (this.decide.chance(s.powerOffChance)) return this.switchOffAt(t, 'powerOff', this.seconds(s.powerOffSeconds))
    this.set(this.ids.execution, 'READY', t)
    this.set(this.ids.mode, 'MANUAL', t)
    this.enter('changeover', t, this.seconds(s.changeoverSeconds))
  }

  /** About once a second while the spindle turns: values with noise, reported only when changed. */
  private tick(t: number): void {
    const [a, b, c] = [this.noise.next(), this.noise.next(), this.noise.next()]
    const rpm = Math.round(this.program.rpm * (1 + (a - 0.5) * 0.02))
    this.set(this.ids.spindleSpeed, String(rpm), t)
    if (this.phase === 'cutting') {
      const feedMmPerSecond = (this.program.feedMmPerMin / 60) * (1 + (b - 0.5) * 0.06)
      this.set(this.ids.feed, String(Math.round(feedMmPerSecond * 100) / 100), t)
      this.set(this.ids.spindleLoad, String(Math.max(1, Math.min(100, Math.round(this.program.load + (c - 0.5) * 10)))), t)
    } else {
      this.set(this.ids.spindleLoad, String(Math.round(3 + c * 4)), t)
    }
  }
}
