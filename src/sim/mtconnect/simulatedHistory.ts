// The history of a simulated machine switched on in the past (`serve --simulate --backfill`):
// the samples collecting it would have stored from then until a time. The machine's duty cycle
// is deterministic, so an agent started with the same `switchedOnAt` continues exactly this
// history. Its probe goes through the collector's parser and its observations through the
// collector's SampleFolder: the history is what the collector makes of the machine.
//
// The simulator changes spindle speed and feed every second while cutting; the history keeps
// a sample whenever state, Execution, mode, program, part count or alarm changes, one every
// KEEP_EVERY_MS between while values move, and the collector's keep-alive while nothing does
// (a week of ten machines is then about 0.6 M rows, not 6 M).
import { chooseItemRoles } from '../../collectors/mtconnect/itemRoles.js'
import { type Observation as CollectedObservation, parseAgentDocument } from '../../collectors/mtconnect/documents.js'
import { DEFAULT_TUNING } from '../../collectors/mtconnect/machineCollector.js'
import { SampleFolder } from '../../collectors/mtconnect/sampleFolder.js'
import { DEFAULT_EXECUTION_STATES } from '../../domain/machineState.js'
import type { CollectedSample } from '../../ingest/sampleSink.js'
import { devicesDocument, isoTime } from './documents.js'
import type { Observation } from './observation.js'
import { type SimDeviceSpec, createSimulatedCnc } from './simulatedCnc.js'

export const KEEP_EVERY_MS = 10_000
/** The collector's keep-alive (DEFAULT_TUNING.keepAliveMs). */
const KEEP_ALIVE_MS = DEFAULT_TUNING.keepAliveMs
const CHUNK_MS = 3_600_000
const LEVELS = { NORMAL: 'Normal', WARNING: 'Warning', FAULT: 'Fault', UNAVAILABLE: 'Unavailable' } as const

/**
 * Samples of the machine from `switchedOnAt` up to `until`, in time order, an hour at a time.
 * `until` is asked again after each hour, so a caller storing them can catch up with a clock.
 */
export function* simulatedHistory(spec: SimDeviceSpec, seed: number, switchedOnAt: number, until: () => number, keepEveryMs = KEEP_EVERY_MS): Generator<CollectedSample[]> {
  const cnc = createSimulatedCnc(spec, seed, switchedOnAt)
  const probe = parseAgentDocument(devicesDocument({ creationTime: switchedOnAt, sender: 'history', instanceId: 1, deviceModelChangeTime: switchedOnAt, bufferSize: 1 }, [cnc.model]))
  const device = probe.kind === 'devices' ? probe.devices[0] : undefined
  if (!device) throw new Error(`the simulated ${spec.name} has no device model`)
  const categories = new Map(device.dataItems.map((d) => [d.id, d.category]))
  const folder = new SampleFolder(spec.name, chooseItemRoles(device), DEFAULT_EXECUTION_STATES)
  let sequence = 0
  const collected = (o: Observation): CollectedObservation => ({
    dataItemId: o.dataItemId, sequence: ++sequence, timestamp: isoTime(o.timestamp), value: o.value,
    category: categories.get(o.dataItemId) ?? 'EVENT',
    ...(o.level ? { level: LEVELS[o.level] } : {}),
    ...(o.nativeCode ? { nativeCode: o.nativeCode } : {}),
  })
  let kept: CollectedSample | undefined
  // Like the collector, a quiet machine is re-stamped every KEEP_ALIVE_MS (nothing changed in
  // between, so the copy is exact): without data for longer than the sample gap it would be offline.
  const keepAliveUntil = (end: number, out: CollectedSample[]) => {
    if (!kept) return
    for (let t = Date.parse(kept.timestamp) + KEEP_ALIVE_MS; t < end; t += KEEP_ALIVE_MS) {
      kept = { ...kept, timestamp: isoTime(t) }
      out.push(kept)
    }
  }
  const keep = (samples: CollectedSample[], chunkEnd: number) => {
    const out: CollectedSample[] = []
    for (const s of samples) {
      keepAliveUntil(Date.parse(s.timestamp), out)
      if (kept && !changed(kept, s) && Date.parse(s.timestamp) - Date.parse(kept.timestamp) < keepEveryMs) continue
      kept = s
      out.push(s)
    }
    keepAliveUntil(chunkEnd, out)
    return out
  }
  yield keep(folder.apply(cnc.start(switchedOnAt).map(collected)), switchedOnAt + 1)
  for (let t = switchedOnAt; t < until();) {
    t = Math.min(t + CHUNK_MS, until())
    yield keep(folder.apply(cnc.advanceTo(t).map(collected)), t)
  }
}

function changed(a: CollectedSample, b: CollectedSample): boolean {
  return a.state !== b.state || a.execution !== b.execution || a.mode !== b.mode || a.program !== b.program || a.part_count !== b.part_count || a.alarm !== b.alarm
}
