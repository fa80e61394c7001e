// Replays an SHDR recording as a device source, re-stamped to the present: the first line plays
// when the agent starts, each later line at (its recorded offset / speed), with the timestamp
// of that moment — real 2022 stamps would be rejected by an ingest that refuses old data.
import { readFile } from 'node:fs/promises'
import { type Clock, systemClock } from '../../domain/clock.js'
import { type SimAgent, launchAgent } from './agentRuntime.js'
import { type DeviceModel, dataItemByKey } from './deviceModel.js'
import { type DeviceSource, unavailableObservations } from './deviceSource.js'
import { deviceModelFromXml } from './devicesXml.js'
import type { SchemaVersion } from './documents.js'
import type { FaultSettings } from './faults.js'
import type { Observation } from './observation.js'
import { type ShdrLine, parseShdr, readShdrFields, replayOffsets } from './shdr.js'
import { DEFAULT_BUFFER_SIZE, DEFAULT_HEARTBEAT_MS } from './simAgent.js'
import { nativeToUnits } from './unitConversion.js'

export interface ReplaySettings {
  /** 1 = real time, 10 = ten times faster. */
  speed: number
  /** Start over after the last line. */
  loop?: boolean
  /** Recorded pauses longer than this are shortened to it (see replayOffsets). Default 10000. */
  maxGapMs?: number
}

export interface ReplayTruth {
  kind: 'shdr-replay'
  poweredOn: boolean
  speed: number
  loop: boolean
  /** Lines of the recording (asset commands excluded). */
  lineCount: number
  /** Lines played so far, counting loops. */
  linesPlayed: number
  /** 0 for the first pass over the file. */
  iteration: number
  finished: boolean
  /** Recorded time of one pass, after pauses are shortened; divide by speed for replay time. */
  recordedDurationMs: number
  /** When the current pass started (epoch ms). */
  passStartedAt: number
  /** Keys in the file that the device model does not know; ignored like cppagent does. */
  unknownKeys: string[]
}

interface PlannedLine {
  line: ShdrLine
  offsetMs: number
  observations: Omit<Observation, 'timestamp'>[]
}

// A short pause between passes, so the last and first line of two passes do not share a time.
const LOOP_GAP_MS = 1000

export function createShdrReplay(model: DeviceModel, shdrText: string, startAt: number, settings: ReplaySettings): DeviceSource {
  if (!(settings.speed > 0) || !Number.isFinite(settings.speed)) throw new Error(`replay speed must be a number above 0, got ${settings.speed}`)
  const lookup = dataItemByKey(model)
  const converters = new Map(model.dataItems.map((d) => [d.id, d.category === 'SAMPLE' ? nativeToUnits(d) : undefined]))
  const { lines } = parseShdr(shdrText)
  if (lines.length === 0) throw new Error('the SHDR recording holds no data lines')
  const offsets = replayOffsets(lines, settings.maxGapMs ?? 10_000)
  const unknownKeys = new Set<string>()
  const plan: PlannedLine[] = lines.map((line, i) => {
    const reading = readShdrFields(line.fields, lookup)
    for (const k of reading.unknownKeys) unknownKeys.add(k)
    const observations = reading.observations.map((o) => {
      const convert = converters.get(o.dataItemId)
      return convert && o.value !== 'UNAVAILABLE' ? { ...o, value: convert(o.value) } : o
    })
    return { line, offsetMs: offsets[i] as number, observations }
  })
  const passMs = (plan[plan.length - 1] as PlannedLine).offsetMs + LOOP_GAP_MS
  const adapterState = new Map<string, Observation>()
  let passStart = startAt
  let index = 0
  let iteration = 0
  let played = 0
  let finished = false
  let on = true

  const playAt = (p: PlannedLine) => passStart + Math.round(p.offsetMs / settings.speed)
  const advanceTo = (now: number): Observation[] => {
    const out: Observation[] = []
    while (!finished) {
      const next = plan[index] as PlannedLine
      const at = playAt(next)
      if (at > now) break
      for (const o of next.observations) {
        const observation = { ...o, timestamp: at }
        adapterState.set(o.dataItemId, observation)
        if (on) out.push(observation)
      }
      played++
      if (++index === plan.length) {
        if (settings.loop) {
          index = 0
          iteration++
          passStart += Math.round(passMs / settings.speed)
        } else finished = true
      }
    }
    return out
  }

  return {
    model,
    start: (now) => advanceTo(now),
    advanceTo,
    powerOff(now) {
      const before = advanceTo(now)
      if (!on) return before
      on = false
      return [...before, ...unavailableObservations(model, now)]
    },
    powerOn(now) {
      const before = advanceTo(now)
      if (on) return before
      on = true
      // A reconnecting adapter sends everything it knows.
      return [...before, ...[...adapterState.values()].map((o) => ({ ...o, timestamp: now }))]
    },
    get poweredOn() {
      return on
    },
    snapshot: (now) => [...adapterState.values()].map((o) => ({ ...o, timestamp: now })),
    describe: (): ReplayTruth => ({
      kind: 'shdr-replay',
      poweredOn: on,
      speed: settings.speed,
      loop: settings.loop ?? false,
      lineCount: plan.length,
      linesPlayed: played,
      iteration,
      finished,
      recordedDurationMs: passMs - LOOP_GAP_MS,
      passStartedAt: passStart,
      unknownKeys: [...unknownKeys],
    }),
  }
}

export interface ReplayAgentOptions extends ReplaySettings {
  port: number
  host?: string
  shdrFile: string
  devicesXmlFile: string
  /** The device of the devices file the recording belongs to. Default: its first device. */
  deviceName?: string
  clock?: Clock
  bufferSize?: number
  schemaVersion?: SchemaVersion
  heartbeatMs?: number
  faults?: Partial<FaultSettings>
  seed?: number
}

/** An agent serving one device of a Devices.xml, fed from an SHDR recording. */
export async function startReplayAgent(o: ReplayAgentOptions): Promise<SimAgent> {
  const [shdrText, devicesXml] = await Promise.all([readFile(o.shdrFile, 'utf8'), readFile(o.devicesXmlFile, 'utf8')])
  const clock = o.clock ?? systemClock
  const startedAt = clock.now()
  const source = createShdrReplay(deviceModelFromXml(devicesXml, o.deviceName), shdrText, startedAt, o)
  return launchAgent({
    sources: [source],
    clock,
    startedAt,
    host: o.host ?? '127.0.0.1',
    port: o.port,
    bufferSize: o.bufferSize ?? DEFAULT_BUFFER_SIZE,
    schemaVersion: o.schemaVersion,
    heartbeatMs: o.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    faults: o.faults ?? {},
    seed: o.seed ?? 1,
  })
}
