import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DutyCycle } from './dutyCycle.js'
import { resolveDutyCycle } from './dutyCycleSettings.js'
import type { Observation } from './observation.js'
import { buildSimDeviceModel } from './simDeviceModel.js'
import { type SimulatedCncTruth, createSimulatedCnc, simulatedPrograms } from './simulatedCnc.js'

const START = Date.parse('2026-03-02T06:00:00Z')
const HOUR = 3_600_000
const { model, ids } = buildSimDeviceModel({ name: 'M1', uuid: 'm1', manufacturer: 'Haas', model: 'VF-2', serialNumber: '1', idPrefix: 'M1' })
const EXECUTION_VALUES = new Set(['READY', 'ACTIVE', 'PROGRAM_COMPLETED', 'FEED_HOLD', 'INTERRUPTED', 'STOPPED', 'UNAVAILABLE'])

function run(seed: number, until: number, step?: number, settings = {}): Observation[] {
  const cycle = new DutyCycle(ids, seed, START, settings)
  const out = cycle.start()
  if (step === undefined) return [...out, ...cycle.advanceTo(until)]
  for (let t = START + step; t <= until; t += step) out.push(...cycle.advanceTo(t))
  return out
}

describe('duty cycle', () => {
  it('gives identical observations for the same seed, however often it is advanced', () => {
    const once = run(11, START + HOUR)
    const everySecond = run(11, START + HOUR, 1000)
    const everyOddInterval = run(11, START + HOUR, 7_777)
    assert.ok(once.length > 1000, `an hour gives plenty of observations (${once.length})`)
    assert.deepEqual(everySecond, once.filter((o) => o.timestamp <= START + HOUR - (HOUR % 1000)))
    assert.deepEqual(everyOddInterval, once.filter((o) => o.timestamp <= START + Math.floor(HOUR / 7_777) * 7_777))
  })

  it('gives a different day for a different seed', () => {
    assert.notDeepEqual(run(1, START + HOUR / 4), run(2, START + HOUR / 4))
  })

  it('starts powered on and idle, every data item with a value at the start time', () => {
    const first = new DutyCycle(ids, 3, START).start()
    assert.ok(first.every((o) => o.timestamp === START))
    assert.deepEqual(new Set(first.map((o) => o.dataItemId)), new Set(model.dataItems.map((d) => d.id)))
    const byId = new Map(first.map((o) => [o.dataItemId, o]))
    assert.equal(byId.get(ids.avail)?.value, 'AVAILABLE')
    assert.equal(byId.get(ids.execution)?.value, 'READY')
    assert.equal(byId.get(ids.system)?.level, 'NORMAL')
  })

  it('runs plausibly: parts count at program end, spindle and feed only while cutting, alarms stop the machine', () => {
    const settings = { alarmChance: 0.15, estopChance: 0.05, feedHoldChance: 0.15, warningChance: 0.1, powerOffChance: 0.2, partCountResetChance: 0 }
    const cycle = new DutyCycle(ids, 5, START, settings)
    const observations = [...cycle.start(), ...cycle.advanceTo(START + 8 * HOUR)]
    let execution = 'READY'
    let partCount = -1
    let completions = 0
    for (const o of observations) {
      if (o.dataItemId === ids.execution) {
        assert.ok(EXECUTION_VALUES.has(o.value), o.value)
        execution = o.value
        if (o.value === 'PROGRAM_COMPLETED') completions++
      }
      if (o.dataItemId === ids.partCount && o.value !== 'UNAVAILABLE') {
        const n = Number(o.value)
        if (partCount >= 0 && n !== partCount) {
          assert.equal(n, partCount + 1, 'a part count only ever steps by one')
          const sameInstant = observations.filter((x) => x.timestamp === o.timestamp && x.dataItemId === ids.execution)
          assert.deepEqual(sameInstant.map((x) => x.value), ['PROGRAM_COMPLETED'], 'the count steps when the program completes')
        }
        partCount = n
      }
      if (o.dataItemId === ids.feed && o.value !== 'UNAVAILABLE' && Number(o.value) > 0) assert.equal(execution, 'ACTIVE', 'feed only while cutting')
      if (o.dataItemId === ids.spindleSpeed && o.value !== 'UNAVAILABLE' && Number(o.value) > 0) {
        assert.ok(['ACTIVE', 'FEED_HOLD', 'INTERRUPTED'].includes(execution), `spindle turning while ${execution}`)
      }
      if (o.level === 'FAULT') {
        const stop = observations.find((x) => x.timestamp === o.timestamp && x.dataItemId === ids.execution)
        assert.equal(stop?.value, 'STOPPED', 'a fault stops the machine')
      }
    }
    assert.ok(completions > 50, `${completions} parts in 8 hours`)
    const phases = new Set(cycle.timeline().map((s) => s.phase))
    for (const phase of ['idle', 'cutting', 'loading', 'changeover', 'feedHold', 'alarm', 'estop', 'powerOff']) assert.ok(phases.has(phase as never), `reaches ${phase}`)
    const feeds = observations.filter((o) => o.dataItemId === ids.feed && Number(o.value) > 0).map((o) => Number(o.value))
    assert.ok(Math.min(...feeds) > 1 && Math.max(...feeds) < 3000 / 60 * 1.05, 'feed is in mm/s')
  })

  it('reports every data item UNAVAILABLE when switched off, and comes back on power-on', () => {
    const cycle = new DutyCycle(ids, 9, START)
    cycle.start()
    cycle.advanceTo(START + 60_000)
    const off = cycle.powerOff(START + 61_000).filter((o) => o.timestamp === START + 61_000)
    assert.ok(!cycle.poweredOn)
    assert.deepEqual(new Set(off.map((o) => o.dataItemId)), new Set(model.dataItems.map((d) => d.id)))
    assert.ok(off.every((o) => o.value === 'UNAVAILABLE' || o.level === 'UNAVAILABLE'))
    assert.deepEqual(cycle.advanceTo(START + 10 * 60_000), [], 'nothing while off')
    const on = cycle.powerOn(START + 11 * 60_000)
    assert.ok(cycle.poweredOn)
    assert.equal(on.find((o) => o.dataItemId === ids.avail)?.value, 'AVAILABLE')
    assert.equal(on.find((o) => o.dataItemId === ids.execution)?.value, 'READY')
  })

  it('rejects impossible knobs, naming the field', () => {
    assert.throws(() => resolveDutyCycle({ cycleSeconds: [90, 20] }), /cycleSeconds must be \[min, max\]/)
    assert.throws(() => resolveDutyCycle({ alarmChance: 2 }), /alarmChance must be a probability/)
    assert.equal(resolveDutyCycle({}).cycleSeconds[0], 20)
  })
})

describe('simulated programs', () => {
  it('names the programs a machine runs, each with an ideal cycle no cut beats', () => {
    const spec = { name: 'CNC-SIM-007', dutyCycle: { alarmChance: 0, feedHoldChance: 0, estopChance: 0, warningChance: 0 } }
    const programs = simulatedPrograms(spec, 42)
    assert.ok(programs.length >= 3 && programs.length <= 6)
    const ideal = new Map(programs.map((p) => [p.program, p.idealCycleS]))
    const cnc = createSimulatedCnc(spec, 42, START)
    cnc.start(START)
    cnc.advanceTo(START + 6 * HOUR)
    const spans = (cnc.describe() as SimulatedCncTruth).timeline
    const cuts = spans.flatMap((s, i) => (s.phase === 'cutting' && spans[i + 1] ? [{ program: s.program, seconds: ((spans[i + 1] as { start: number }).start - s.start) / 1000 }] : []))
    assert.ok(cuts.length > 50, `six hours cut many parts (${cuts.length})`)
    for (const cut of cuts) {
      const best = ideal.get(cut.program) ?? assert.fail(`${cut.program} is not among the programs named`)
      assert.ok(cut.seconds >= best - 0.001 && cut.seconds <= best * 1.07, `${cut.program}: cut in ${cut.seconds} s, ideal ${best} s`)
    }
  })
})
