// SHDR replay over real HTTP: the Okuma recording captured from a real lathe, served with the
// OKUMA device of the reference agent's demo-Devices.xml, re-stamped to a fake clock.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { XMLParser } from 'fast-xml-parser'
import { type ReplayTruth, type SimAgent, startReplayAgent } from '../src/sim/mtconnect/index.js'
import { mtconnectSamplePath } from './helpers/samples.js'

const START = Date.parse('2026-03-02T06:00:00Z')
// From the recording: its first line, and the line where the program starts.
const FIRST_LINE = Date.parse('2022-08-08T13:51:34.7167146Z')
const FIRST_ACTIVE = Date.parse('2022-08-08T13:51:36.7711738Z')

class FakeClock {
  t = START
  now() {
    return this.t
  }
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, isArray: (_name, _path, _leaf, isAttribute) => !isAttribute })

async function text(url: string) {
  const res = await fetch(url)
  assert.equal(res.status, 200, url)
  return res.text()
}

/** Observations of a streams document as [element, attributes, text]. */
function observations(xml: string): { tag: string; attrs: Record<string, string>; value: string }[] {
  const out: { tag: string; attrs: Record<string, string>; value: string }[] = []
  const walk = (node: unknown, tag: string) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, tag))
    if (typeof node !== 'object' || node === null) return
    const record = node as Record<string, unknown>
    if (typeof record.dataItemId === 'string') {
      const attrs = Object.fromEntries(Object.entries(record).filter(([, v]) => typeof v === 'string')) as Record<string, string>
      const text = record['#text']
      out.push({ tag, attrs, value: String((Array.isArray(text) ? text[0] : text) ?? '') })
      return
    }
    for (const [k, v] of Object.entries(record)) walk(v, k)
  }
  walk(parser.parse(xml), '')
  return out
}

const replay = (clock: FakeClock, extra: { speed?: number; loop?: boolean } = {}) =>
  startReplayAgent({ port: 0, clock, shdrFile: mtconnectSamplePath('okuma-2022-08-08.shdr'), devicesXmlFile: mtconnectSamplePath('demo-Devices.xml'), deviceName: 'OKUMA', speed: extra.speed ?? 10, loop: extra.loop })

describe('SHDR replay agent', () => {
  const clock = new FakeClock()
  let agent: SimAgent
  before(async () => {
    agent = await replay(clock)
  })
  after(() => agent.close())

  it('serves the OKUMA device of demo-Devices.xml in /probe', async () => {
    const xml = await text(`${agent.url}/probe`)
    assert.match(xml, /<Device id="OKUMA\.123456" name="OKUMA" uuid="OKUMA\.123456">/)
    // Exactly as the reference agent printed it (captured probe.xml).
    assert.ok(xml.includes('<DataItem category="SAMPLE" id="Lp1Fact" name="p1Fact" nativeUnits="MILLIMETER/MINUTE" subType="ACTUAL" type="PATH_FEEDRATE" units="MILLIMETER/SECOND"/>'))
    assert.doesNotMatch(xml, /<!--|name="Mazak"/)
    assert.equal(agent.devices.join(), 'OKUMA')
  })

  it("plays the recording's first line at start and each later line at its recorded offset / speed, stamped now", async () => {
    const first = observations(await text(`${agent.url}/current`))
    const execution = () => first.find((o) => o.attrs.dataItemId === 'Lpexecution')
    assert.equal(execution()?.value, 'READY')
    assert.equal(execution()?.attrs.timestamp, new Date(START).toISOString())
    assert.equal(first.find((o) => o.attrs.dataItemId === 'Lpprogram')?.value, 'IMTS-2022-2-HOB.MIN')
    assert.equal(first.find((o) => o.attrs.dataItemId === 'Lsystem')?.tag, 'Normal')

    const due = START + Math.round((FIRST_ACTIVE - FIRST_LINE) / 10)
    clock.t = due - 1
    assert.equal(observations(await text(`${agent.url}/current?path=//DataItem[@type="EXECUTION"]`))[0]?.value, 'READY')
    clock.t = due
    const active = observations(await text(`${agent.url}/current?path=//DataItem[@type="EXECUTION"]`))[0]
    assert.deepEqual([active?.value, active?.attrs.timestamp], ['ACTIVE', new Date(due).toISOString()])
  })

  it('converts native units like the agent: a recorded 7998.75 mm/min is served as 133.3125 mm/s', async () => {
    clock.t = START + 3_000
    const feeds = agent.groundTruth('OKUMA').observations.filter((o) => o.dataItemId === 'Lp1Fact').map((o) => o.value)
    assert.ok(feeds.includes('133.3125'), feeds.join(' '))
    assert.ok(!feeds.includes('7998.75'))
  })

  it('reports what it played and which keys the device model does not know', () => {
    const truth = agent.groundTruth('OKUMA').source as ReplayTruth
    assert.equal(truth.kind, 'shdr-replay')
    assert.ok(truth.linesPlayed > 50 && truth.linesPlayed < truth.lineCount)
    assert.deepEqual(truth.unknownKeys, ['ApplicationInstallDate'])
    assert.ok(truth.recordedDurationMs > 20 * 60_000, 'the file holds several sessions, ~23 min once pauses are shortened')
  })

  it('powers the replayed machine off and on like an adapter disconnecting and reconnecting', async () => {
    agent.faults.powerOff('OKUMA')
    const off = observations(await text(`${agent.url}/OKUMA/current`))
    assert.ok(off.every((o) => o.value === 'UNAVAILABLE' || o.tag === 'Unavailable'))
    agent.faults.powerOn('OKUMA')
    const on = observations(await text(`${agent.url}/OKUMA/current`))
    assert.equal(on.find((o) => o.attrs.dataItemId === 'Lavail')?.value, 'AVAILABLE')
    assert.equal(on.find((o) => o.attrs.dataItemId === 'Lpexecution')?.value, 'ACTIVE')
  })
})

describe('SHDR replay timing', () => {
  it('plays the whole recording in its duration / speed, then stops; with loop it starts over', async () => {
    const clock = new FakeClock()
    const once = await replay(clock, { speed: 100 })
    const looping = await replay(clock, { speed: 100, loop: true })
    try {
      const duration = (once.groundTruth('OKUMA').source as ReplayTruth).recordedDurationMs / 100
      clock.t = START + duration - 50
      assert.equal((once.groundTruth('OKUMA').source as ReplayTruth).finished, false)
      clock.t = START + duration + 1
      const done = once.groundTruth('OKUMA').source as ReplayTruth
      assert.deepEqual([done.finished, done.linesPlayed], [true, done.lineCount])
      const next = once.sequences().nextSequence
      clock.t += 60_000
      assert.equal(once.sequences().nextSequence, next, 'nothing more after the end')
      clock.t = START + 2.5 * (duration + 10)
      const loop = looping.groundTruth('OKUMA').source as ReplayTruth
      assert.equal(loop.iteration, 2)
      assert.ok(loop.linesPlayed > 2 * loop.lineCount)
    } finally {
      await Promise.all([once.close(), looping.close()])
    }
  })

  it('refuses a speed that is not above zero', async () => {
    await assert.rejects(replay(new FakeClock(), { speed: 0 }), /replay speed must be a number above 0/)
  })
})
