// The MTConnect agent simulator over real HTTP on loopback: requests, errors, the buffer,
// streaming, faults. A fake clock drives the simulated machines, so nothing here sleeps for data.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { get as httpGet, type IncomingMessage } from 'node:http'
import { XMLValidator } from 'fast-xml-parser'
import { type XmlElement, parseXml } from '../src/mtconnect/xmlTree.js'
import { readMtconnectSample as readSample } from './helpers/samples.js'
import { fleetDeviceSpecs, parsePortRange, startFleetOnOneAgent, startFleetOnPorts, startSimAgent, type SimAgent } from '../src/sim/mtconnect/index.js'

const START = Date.parse('2026-03-02T06:00:00Z')

class FakeClock {
  t = START
  now() {
    return this.t
  }
  advance(ms: number) {
    this.t += ms
  }
}

// ---- reading the agent's documents -------------------------------------------------------

type Element = XmlElement

function parseDoc(xml: string): Element {
  assert.equal(XMLValidator.validate(xml), true, `well-formed XML: ${xml.slice(0, 200)}`)
  return parseXml(xml)
}

const find = (e: Element, name: string): Element | undefined => e.children.find((c) => c.name === name)
const descendants = (e: Element, name: string): Element[] => e.children.flatMap((c) => [...(c.name === name ? [c] : []), ...descendants(c, name)])

interface Observed {
  tag: string
  category: string
  component: string
  device: string
  dataItemId: string
  sequence: number
  timestamp: string
  value: string
  attrs: Record<string, string>
}

function streams(xml: string) {
  const root = parseDoc(xml)
  const header = (find(root, 'Header') as Element).attrs
  const observations: Observed[] = []
  for (const device of descendants(root, 'DeviceStream')) {
    for (const component of device.children) {
      for (const category of component.children) {
        for (const o of category.children) {
          observations.push({ tag: o.name, category: category.name, component: component.attrs.component ?? '', device: device.attrs.name ?? '', dataItemId: o.attrs.dataItemId ?? '', sequence: Number(o.attrs.sequence), timestamp: o.attrs.timestamp ?? '', value: o.text, attrs: o.attrs })
        }
      }
    }
  }
  return { root: root.name, header, observations, empty: find(root, 'Streams')?.children.length === 0 }
}

/** The first error of an MTConnectError document, in schema 2.5 (<Error>) or 2.7 (<OutOfRange>…) form. */
function mtError(xml: string) {
  const root = parseDoc(xml)
  assert.equal(root.name, 'MTConnectError')
  const error = (find(root, 'Errors') as Element).children[0] as Element
  const text = (e: Element | undefined, name: string) => (e && find(e, name)?.text)
  const param = find(error, 'QueryParameter')
  return {
    header: (find(root, 'Header') as Element).attrs, element: error.name, code: error.attrs.errorCode, message: text(error, 'ErrorMessage') ?? error.text,
    queryParameter: param && { name: param.attrs.name, minimum: Number(text(param, 'Minimum')), maximum: Number(text(param, 'Maximum')), value: Number(text(param, 'Value')) },
    request: text(error, 'Request'), uri: text(error, 'URI'),
  }
}

async function get(url: string) {
  const res = await fetch(url)
  return { status: res.status, headers: res.headers, text: await res.text() }
}

async function postFaults(agent: SimAgent, body: unknown) {
  const res = await fetch(`${agent.url}/sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

// ---- reading a multipart stream by Content-Length, never by TCP reads ---------------------

interface Part {
  headers: Record<string, string>
  body: string
}

class MultipartReader {
  private buffer = Buffer.alloc(0)
  private readonly parts: Part[] = []
  private ended = false
  private waiter: (() => void) | undefined
  readonly boundary: string

  constructor(readonly res: IncomingMessage) {
    this.boundary = /boundary=([^;]+)/.exec(String(res.headers['content-type']))?.[1] ?? ''
    res.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk])
      this.cut()
      this.waiter?.()
    })
    const end = () => {
      this.ended = true
      this.waiter?.()
    }
    res.on('end', end)
    res.on('close', end)
    res.on('error', end)
  }

  private cut() {
    for (;;) {
      const start = this.buffer.indexOf(`--${this.boundary}\r\n`)
      if (start < 0) return
      const headerEnd = this.buffer.indexOf('\r\n\r\n', start)
      if (headerEnd < 0) return
      const headers: Record<string, string> = {}
      for (const line of this.buffer.subarray(start, headerEnd).toString().split('\r\n').slice(1)) {
        const colon = line.indexOf(':')
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
      }
      const length = Number(headers['content-length'])
      const bodyStart = headerEnd + 4
      if (this.buffer.length < bodyStart + length + 2) return
      assert.equal(this.buffer.subarray(bodyStart + length, bodyStart + length + 2).toString(), '\r\n', 'each part ends with CRLF right after Content-Length bytes')
      this.parts.push({ headers, body: this.buffer.subarray(bodyStart, bodyStart + length).toString() })
      this.buffer = this.buffer.subarray(bodyStart + length + 2)
    }
  }

  /** The next part, or undefined when the stream ended. */
  async next(timeoutMs = 3000): Promise<Part | undefined> {
    const deadline = Date.now() + timeoutMs
    while (this.parts.length === 0 && !this.ended) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('no part arrived in time')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiter = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    return this.parts.shift()
  }

  close() {
    this.res.destroy()
  }
}

function openStream(url: string): Promise<MultipartReader> {
  return new Promise((resolve, reject) => {
    httpGet(url, (res) => resolve(new MultipartReader(res))).on('error', reject)
  })
}

// ---- the tests -----------------------------------------------------------------------------

describe('simulated MTConnect agent: requests', () => {
  const clock = new FakeClock()
  let agent: SimAgent
  before(async () => {
    // Schema 2.5, as the captures these answers are compared with (schema 2.7 below).
    agent = await startSimAgent({ port: 0, clock, seed: 42, schemaVersion: '2.5', devices: [{ name: 'CNC-SIM-001' }, { name: 'CNC-SIM-002', manufacturer: 'Okuma', model: 'GENOS L250' }] })
    clock.advance(5 * 60_000)
  })
  after(() => agent.close())

  it('lists each device with the data items a collector maps, typed and in MTConnect units', async () => {
    const r = await get(`${agent.url}/probe`)
    assert.equal(r.status, 200)
    assert.equal(r.headers.get('content-type'), 'application/xml')
    const root = parseDoc(r.text)
    assert.equal(root.name, 'MTConnectDevices')
    assert.match(r.text, /<MTConnectDevices [^>]*xmlns="urn:mtconnect.org:MTConnectDevices:2.5"/)
    const header = (find(root, 'Header') as Element).attrs
    assert.equal(header.instanceId, String(agent.instanceId))
    assert.equal(header.bufferSize, '4096')
    assert.deepEqual(descendants(root, 'Device').map((d) => d.attrs.name), ['CNC-SIM-001', 'CNC-SIM-002'])
    assert.equal(descendants(root, 'Agent').length, 1, 'the synthetic Agent device, as cppagent ≥ 1.7 serves')
    const items = descendants(root, 'DataItem').map((d) => d.attrs)
    assert.equal(new Set(items.map((i) => i.id)).size, items.length, 'data item ids are unique across the agent')
    const of = (device: string, type: string) => items.filter((i) => i.id?.startsWith(device) && i.type === type)
    assert.deepEqual(of('CNC-SIM-001', 'AVAILABILITY').map((i) => i.id), ['CNC-SIM-001_avail'])
    assert.deepEqual(of('CNC-SIM-002', 'PATH_FEEDRATE').map((i) => [i.subType, i.units, i.category]), [['ACTUAL', 'MILLIMETER/SECOND', 'SAMPLE']])
    assert.deepEqual(of('CNC-SIM-002', 'ROTARY_VELOCITY').map((i) => [i.subType, i.units]), [['ACTUAL', 'REVOLUTION/MINUTE']])
    for (const type of ['EXECUTION', 'CONTROLLER_MODE', 'PROGRAM', 'PART_COUNT', 'EMERGENCY_STOP']) assert.equal(of('CNC-SIM-001', type)[0]?.category, 'EVENT', type)
    assert.deepEqual(of('CNC-SIM-001', 'SYSTEM').map((i) => i.category), ['CONDITION'])
    assert.equal(descendants(root, 'Description')[1]?.attrs.manufacturer, 'Okuma')
  })

  it('answers /{device}/probe with that device only, and deviceType=Device without the Agent', async () => {
    const one = parseDoc((await get(`${agent.url}/CNC-SIM-002/probe`)).text)
    assert.deepEqual(descendants(one, 'Device').map((d) => d.attrs.name), ['CNC-SIM-002'])
    assert.equal(descendants(one, 'Agent').length, 0)
    const devicesOnly = parseDoc((await get(`${agent.url}/probe?deviceType=Device`)).text)
    assert.equal(descendants(devicesOnly, 'Agent').length, 0)
    assert.equal(descendants(devicesOnly, 'Device').length, 2)
  })

  it('reflects the latest value of every data item in /current', async () => {
    const cur = streams((await get(`${agent.url}/CNC-SIM-001/current`)).text)
    assert.equal(cur.header.lastSequence, String(Number(cur.header.nextSequence) - 1))
    const truth = agent.groundTruth('CNC-SIM-001').observations
    const latest = new Map(truth.map((o) => [o.dataItemId, o]))
    assert.equal(cur.observations.length, latest.size)
    for (const o of cur.observations) {
      const expected = latest.get(o.dataItemId)
      assert.equal(o.sequence, expected?.sequence, o.dataItemId)
      assert.equal(o.value, expected?.value ?? '', o.dataItemId)
      assert.equal(o.timestamp, new Date(expected?.timestamp ?? 0).toISOString())
    }
    assert.ok(cur.observations.every((o) => o.device === 'CNC-SIM-001'))
  })

  it('pages /sample contiguously from firstSequence to nextSequence, grouped by component rather than sequence', async () => {
    const { firstSequence, nextSequence } = agent.sequences()
    const seen: number[] = []
    let from: number | undefined
    let groupedOutOfOrder = false
    for (;;) {
      const doc = streams((await get(`${agent.url}/sample?count=50${from === undefined ? '' : `&from=${from}`}`)).text)
      const sequences = doc.observations.map((o) => o.sequence)
      if (sequences.some((s, i) => i > 0 && s < (sequences[i - 1] as number))) groupedOutOfOrder = true
      const sorted = [...sequences].sort((a, b) => a - b)
      seen.push(...sorted)
      assert.equal(doc.header.firstSequence, String(firstSequence))
      if (sorted.length > 0) assert.equal(doc.header.nextSequence, String((sorted[sorted.length - 1] as number) + 1))
      from = Number(doc.header.nextSequence)
      if (from >= nextSequence) break
    }
    assert.deepEqual(seen, Array.from({ length: nextSequence - firstSequence }, (_, i) => firstSequence + i))
    assert.ok(groupedOutOfOrder, 'documents group observations by component and category, not by sequence')
  })

  it('answers from=nextSequence with an empty document', async () => {
    const { nextSequence } = agent.sequences()
    const doc = streams((await get(`${agent.url}/sample?from=${nextSequence}`)).text)
    assert.equal(doc.root, 'MTConnectStreams')
    assert.ok(doc.empty)
    assert.equal(doc.header.nextSequence, String(nextSequence))
  })

  it('rejects from below firstSequence or above nextSequence as OUT_OF_RANGE with HTTP 400 and no sequence numbers', async () => {
    const low = await get(`${agent.url}/sample?from=0`)
    assert.equal(low.status, 400)
    const lowError = mtError(low.text)
    assert.deepEqual([lowError.code, lowError.message], ['OUT_OF_RANGE', "'from' must be greater than 0"])
    for (const attr of ['firstSequence', 'lastSequence', 'nextSequence']) assert.equal(lowError.header[attr], undefined)
    assert.equal(lowError.header.instanceId, String(agent.instanceId))
    const { nextSequence } = agent.sequences()
    const high = await get(`${agent.url}/sample?from=${nextSequence + 1}`)
    assert.equal(high.status, 400)
    assert.equal(mtError(high.text).message, `'from' must be less than ${nextSequence + 1}`)
  })

  it('answers bad requests with the errors and statuses of cppagent 2.6', async () => {
    const cases: [string, number, string, RegExp][] = [
      ['/NOPE/current', 404, 'NO_DEVICE', /Could not find the device 'NOPE'/],
      ['/nonsense', 404, 'INVALID_URI', /Cannot find handler for: GET \/nonsense/],
      ['/sample?count=0', 400, 'OUT_OF_RANGE', /'count' must not be zero\(0\)/],
      ['/sample?count=5000', 400, 'OUT_OF_RANGE', /'count' must be less than 4097/],
      ['/sample?count=abc', 400, 'QUERY_ERROR', /'count'.*'abc'/],
      ['/current?path=//DataItem[@type=', 400, 'INVALID_XPATH', /The path could not be parsed/],
      ['/current?at=0', 400, 'OUT_OF_RANGE', /'at' must be greater than 0/],
    ]
    for (const [path, status, code, message] of cases) {
      const r = await get(agent.url + path)
      assert.equal(r.status, status, path)
      const e = mtError(r.text)
      assert.equal(e.code, code, path)
      assert.match(e.message, message)
    }
    const post = await fetch(`${agent.url}/current`, { method: 'POST' })
    assert.equal(post.status, 400)
    assert.equal(mtError(await post.text()).code, 'INVALID_REQUEST')
  })

  it('returns the last observations for a negative count, like cppagent', async () => {
    const { lastSequence } = agent.sequences()
    const doc = streams((await get(`${agent.url}/sample?count=-5`)).text)
    assert.deepEqual(doc.observations.map((o) => o.sequence).sort((a, b) => a - b), [lastSequence - 4, lastSequence - 3, lastSequence - 2, lastSequence - 1, lastSequence])
    assert.equal(doc.header.nextSequence, String(lastSequence - 5))
  })

  it('filters by path= and by device, leaving sequence gaps but nothing else', async () => {
    const doc = streams((await get(`${agent.url}/sample?count=4096&path=//DataItem[@type="EXECUTION"]`)).text)
    assert.ok(doc.observations.length > 2)
    assert.ok(doc.observations.every((o) => o.tag === 'Execution'))
    assert.deepEqual(new Set(doc.observations.map((o) => o.device)), new Set(['CNC-SIM-001', 'CNC-SIM-002']))
    const cur = streams((await get(`${agent.url}/CNC-SIM-002/current?path=//DataItem[@category="CONDITION"]`)).text)
    assert.deepEqual(cur.observations.map((o) => o.attrs.type).sort(), ['LOGIC_PROGRAM', 'MOTION_PROGRAM', 'SYSTEM'])
  })

  it('gives the state at a sequence with /current?at=N and the live nextSequence in the header', async () => {
    const { nextSequence } = agent.sequences()
    const at = nextSequence - 100
    const doc = streams((await get(`${agent.url}/CNC-SIM-001/current?at=${at}`)).text)
    assert.equal(doc.header.nextSequence, String(nextSequence))
    assert.ok(doc.observations.every((o) => o.sequence <= at))
    const truth = agent.groundTruth('CNC-SIM-001').observations.filter((o) => o.sequence <= at)
    const execution = truth.filter((o) => o.dataItemId === 'CNC-SIM-001_execution').at(-1)
    assert.equal(doc.observations.find((o) => o.tag === 'Execution')?.value, execution?.value)
  })

  it('stamps every observation with the agent clock and reports values only when they change', async () => {
    const truth = agent.groundTruth('CNC-SIM-001').observations
    assert.ok(truth.every((o) => o.timestamp >= START && o.timestamp <= clock.now()))
    const byItem = new Map<string, string[]>()
    for (const o of truth) byItem.set(o.dataItemId, [...(byItem.get(o.dataItemId) ?? []), `${o.level ?? ''}${o.value}${o.nativeCode ?? ''}`])
    for (const [id, values] of byItem) assert.ok(values.every((v, i) => i === 0 || v !== values[i - 1]), `${id} repeats a value`)
  })
})

describe('simulated MTConnect agent: buffer and determinism', () => {
  it('advances firstSequence when the buffer wraps, and /current?at= works only inside it', async () => {
    const clock = new FakeClock()
    const agent = await startSimAgent({ port: 0, clock, bufferSize: 64, devices: [{ name: 'M1' }] })
    try {
      clock.advance(10 * 60_000)
      const { firstSequence, nextSequence } = agent.sequences()
      assert.ok(nextSequence > 200)
      assert.equal(firstSequence, nextSequence - 64)
      const doc = streams((await get(`${agent.url}/sample?count=64`)).text)
      assert.equal(doc.header.bufferSize, '64')
      assert.equal(Math.min(...doc.observations.map((o) => o.sequence)), firstSequence)
      assert.equal(mtError((await get(`${agent.url}/sample?from=1`)).text).message, `'from' must be greater than ${firstSequence - 1}`)
      assert.equal((await get(`${agent.url}/current?at=${firstSequence}`)).status, 200)
      assert.equal((await get(`${agent.url}/current?at=${firstSequence - 1}`)).status, 400)
    } finally {
      await agent.close()
    }
  })

  it('serves identical observations for the same seed and clock, and different ones for another seed', async () => {
    const run = async (seed: number) => {
      const clock = new FakeClock()
      const agent = await startSimAgent({ port: 0, clock, seed, devices: fleetDeviceSpecs(3, 7) })
      try {
        clock.advance(3 * 60_000)
        const truth = agent.devices.map((d) => agent.groundTruth(d).observations)
        const sample = streams((await get(`${agent.url}/sample?count=1000`)).text).observations
        return { truth, sample }
      } finally {
        await agent.close()
      }
    }
    const a = await run(5)
    const b = await run(5)
    const c = await run(6)
    assert.deepEqual(a, b)
    assert.notDeepEqual(a.truth, c.truth)
  })
})

describe('simulated MTConnect agent: streaming', () => {
  const clock = new FakeClock()
  let agent: SimAgent
  before(async () => {
    agent = await startSimAgent({ port: 0, clock, bufferSize: 512, devices: [{ name: 'CNC-SIM-001' }] })
  })
  after(() => agent.close())

  it('frames sample parts by Content-Length, sends heartbeats when nothing is new, and continues from each nextSequence', async () => {
    clock.advance(10_000)
    const stream = await openStream(`${agent.url}/sample?from=1&count=500&interval=20&heartbeat=150`)
    try {
      assert.equal(stream.res.statusCode, 200)
      assert.match(String(stream.res.headers['content-type']), /^multipart\/mixed;boundary=[0-9a-f-]{36}$/)
      assert.equal(stream.res.headers['transfer-encoding'], 'chunked')
      const first = (await stream.next()) as Part
      assert.equal(first.headers['content-type'], 'application/xml')
      assert.equal(Number(first.headers['content-length']), Buffer.byteLength(first.body))
      const data = streams(first.body)
      assert.equal(Math.min(...data.observations.map((o) => o.sequence)), 1)
      const next = Number(data.header.nextSequence)
      assert.equal(next, agent.sequences().nextSequence)
      const beforeHeartbeat = Date.now()
      const heartbeat = streams(((await stream.next()) as Part).body)
      assert.ok(Date.now() - beforeHeartbeat >= 100, 'the heartbeat waits for the heartbeat period')
      assert.ok(heartbeat.empty, 'a heartbeat part carries no observations')
      assert.equal(heartbeat.header.nextSequence, String(next))
      clock.advance(5_000)
      let more = streams(((await stream.next()) as Part).body)
      while (more.empty) more = streams(((await stream.next()) as Part).body)
      assert.equal(Math.min(...more.observations.map((o) => o.sequence)), next, 'the stream resumes exactly where the last part ended')
    } finally {
      stream.close()
    }
  })

  it('sends the whole current state every interval on /current?interval=', async () => {
    const stream = await openStream(`${agent.url}/current?interval=30`)
    try {
      const a = streams(((await stream.next()) as Part).body)
      const b = streams(((await stream.next()) as Part).body)
      assert.equal(a.observations.length, b.observations.length)
      assert.ok(a.observations.some((o) => o.tag === 'Execution'))
    } finally {
      stream.close()
    }
  })

  it('drops a streaming client that falls behind the buffer with an OUT_OF_RANGE part', async () => {
    const { nextSequence } = agent.sequences()
    const stream = await openStream(`${agent.url}/sample?from=${nextSequence}&interval=20&heartbeat=1000`)
    try {
      agent.faults.burst(2000)
      const part = (await stream.next()) as Part
      const e = mtError(part.body)
      assert.equal(e.code, 'OUT_OF_RANGE')
      assert.match(e.message, /fell too far behind/)
      assert.equal(await stream.next(), undefined, 'the stream ends')
    } finally {
      stream.close()
    }
  })

  it('rejects a stream whose from is out of range before streaming', async () => {
    const r = await get(`${agent.url}/sample?from=1&interval=100`)
    assert.equal(r.status, 400)
    assert.equal(mtError(r.text).code, 'OUT_OF_RANGE')
  })
})

describe('simulated MTConnect agent: schema 2.7, cppagent 2.6\'s default', () => {
  const clock = new FakeClock()
  let agent: SimAgent
  before(async () => {
    // 256 slots, as the reference agent the schema2.7/ captures come from.
    agent = await startSimAgent({ port: 0, clock, bufferSize: 256, devices: [{ name: 'OKUMA' }, { name: 'QUIET', adapterConnected: false }] })
    clock.advance(10 * 60_000)
  })
  after(() => agent.close())

  /** The element names of a document, depth first: its shape without its values. */
  const shape = (e: Element): string[] => [e.name, ...e.children.flatMap(shape)]

  it('writes its documents in schema 2.7, errors named after the error with the valid range, shaped as the captures', async () => {
    const { firstSequence, nextSequence } = agent.sequences()
    assert.ok(firstSequence > 1, 'the buffer has wrapped')
    const low = await get(`${agent.url}/OKUMA/sample?count=10&from=1`)
    assert.equal(low.status, 400)
    assert.match(low.text, /xmlns="urn:mtconnect.org:MTConnectError:2.7"/)
    assert.deepEqual(shape(parseDoc(low.text)), shape(parseDoc(readSample('agent/schema2.7/error_from_too_low.xml'))))
    assert.deepEqual(mtError(low.text), {
      header: mtError(low.text).header, element: 'OutOfRange', code: 'OUT_OF_RANGE', message: `'from' must be greater than ${firstSequence - 1}`,
      queryParameter: { name: 'from', minimum: firstSequence, maximum: nextSequence, value: 1 }, request: 'MTConnectStreams', uri: '/OKUMA/sample?count=10&from=1',
    })
    const high = mtError((await get(`${agent.url}/OKUMA/sample?count=10&from=99999999`)).text)
    assert.deepEqual([high.message, high.queryParameter], [`'from' must be less than ${nextSequence + 1}`, { name: 'from', minimum: firstSequence, maximum: nextSequence, value: 99999999 }])
    const count = await get(`${agent.url}/OKUMA/sample?count=1000`)
    assert.equal(count.status, 400)
    assert.deepEqual(shape(parseDoc(count.text)), shape(parseDoc(readSample('agent/schema2.7/error_count_over_buffer.xml'))))
    assert.deepEqual([mtError(count.text).message, mtError(count.text).queryParameter], ["'count' must be less than 257", { name: 'count', minimum: -256, maximum: 256, value: 1000 }])
    const device = await get(`${agent.url}/NOPE/current`)
    assert.equal(device.status, 404)
    assert.deepEqual(shape(parseDoc(device.text)), shape(parseDoc(readSample('agent/schema2.7/error_bad_device.xml'))))
    assert.equal(mtError(device.text).element, 'NoDevice')
    const probe = (await get(`${agent.url}/probe`)).text
    assert.match(probe, /xmlns="urn:mtconnect.org:MTConnectDevices:2.7".*mtconnectVersion="2.7"/)
    assert.match((await get(`${agent.url}/current`)).text, /xmlns="urn:mtconnect.org:MTConnectStreams:2.7"/)
  })

  it('refuses a streaming count above the buffer inside the stream, as one error part (captured stream_count_over_buffer.txt)', async () => {
    const stream = await openStream(`${agent.url}/OKUMA/sample?count=1000&interval=20&heartbeat=500`)
    try {
      assert.equal(stream.res.statusCode, 200)
      assert.match(String(stream.res.headers['content-type']), /^multipart\/mixed/)
      const part = (await stream.next()) as Part
      const capture = readSample('agent/schema2.7/stream_count_over_buffer.txt')
      const captured = capture.slice(capture.indexOf('<?xml'), capture.lastIndexOf('</MTConnectError>') + '</MTConnectError>'.length)
      assert.deepEqual(shape(parseDoc(part.body)), shape(parseDoc(captured)))
      assert.deepEqual([mtError(part.body).message, mtError(part.body).queryParameter?.maximum], ["'count' must be less than 257", 256])
      assert.equal(await stream.next(), undefined, 'the stream ends after the error')
    } finally {
      stream.close()
    }
  })

  it('keeps a device without adapter UNAVAILABLE; between heartbeats its filtered stream stands still, and falls out of a buffer the other device fills', async () => {
    const quiet = streams((await get(`${agent.url}/QUIET/current`)).text)
    assert.ok(quiet.observations.length > 0 && quiet.observations.every((o) => o.value === 'UNAVAILABLE' || o.tag === 'Unavailable'))
    const { nextSequence } = agent.sequences()
    const stream = await openStream(`${agent.url}/QUIET/sample?from=${nextSequence}&interval=20&heartbeat=300&count=100`)
    try {
      clock.advance(1_000)
      const heartbeat = streams(((await stream.next()) as Part).body)
      assert.ok(heartbeat.empty)
      const moved = agent.sequences().nextSequence
      assert.ok(moved > nextSequence, 'OKUMA produced observations meanwhile')
      assert.equal(heartbeat.header.nextSequence, String(moved), 'a heartbeat moves on past the other device (captured stream_heartbeat_avail_only.txt)')
      clock.advance(30 * 60_000) // before the next heartbeat OKUMA fills the buffer, none of it QUIET's
      assert.ok(agent.sequences().firstSequence > moved, 'the buffer wrapped past the quiet stream')
      const part = (await stream.next()) as Part
      assert.equal(mtError(part.body).code, 'OUT_OF_RANGE')
      assert.equal(await stream.next(), undefined)
    } finally {
      stream.close()
    }
  })

  it('answers in schema 2.5 on request, <Error> without a range', async () => {
    const old = await startSimAgent({ port: 0, clock, schemaVersion: '2.5', bufferSize: 256, devices: [{ name: 'OKUMA' }] })
    try {
      const e = mtError((await get(`${old.url}/sample?count=1000`)).text)
      assert.deepEqual([e.element, e.code, e.message, e.queryParameter], ['Error', 'OUT_OF_RANGE', "'count' must be less than 257", undefined])
    } finally {
      await old.close()
    }
  })
})

describe('simulated MTConnect agent: faults', () => {
  const clock = new FakeClock()
  let agent: SimAgent
  before(async () => {
    agent = await startSimAgent({ port: 0, clock, devices: [{ name: 'CNC-SIM-001' }, { name: 'CNC-SIM-002' }] })
    clock.advance(60_000)
  })
  after(() => agent.close())

  it('restarts with a new instanceId, sequences from 1, and drops open streams', async () => {
    const before = agent.instanceId
    const stream = await openStream(`${agent.url}/sample?interval=50&heartbeat=1000&count=10`)
    await stream.next()
    const r = await postFaults(agent, { restart: true })
    assert.equal(r.status, 200)
    assert.notEqual(r.json.instanceId, before)
    assert.equal(agent.instanceId, r.json.instanceId)
    for (;;) if ((await stream.next()) === undefined) break // the connection is gone
    const cur = streams((await get(`${agent.url}/current`)).text)
    assert.equal(cur.header.instanceId, String(agent.instanceId))
    assert.equal(cur.header.firstSequence, '1')
    assert.ok(Number(cur.header.nextSequence) < 100)
    assert.equal(cur.observations.find((o) => o.dataItemId === 'CNC-SIM-001_avail')?.value, 'AVAILABLE', 'machines resend their state')
  })

  it('answers the next N requests with HTTP 500', async () => {
    await postFaults(agent, { http500Next: 2 })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await get(`${agent.url}/current`)).status)
    assert.deepEqual(statuses, [500, 500, 200])
    await postFaults(agent, { http500Probability: 1 })
    const failed = await get(`${agent.url}/probe`)
    assert.equal(failed.status, 500)
    assert.equal(mtError(failed.text).code, 'INTERNAL_ERROR')
    await postFaults(agent, { reset: true })
    assert.equal((await get(`${agent.url}/probe`)).status, 200)
  })

  it('sends well-framed responses with broken XML when asked for malformed ones', async () => {
    agent.faults.set({ malformedNext: 1 })
    const r = await get(`${agent.url}/current`)
    assert.equal(r.status, 200)
    assert.equal(Number(r.headers.get('content-length')), Buffer.byteLength(r.text))
    assert.notEqual(XMLValidator.validate(r.text), true)
    assert.equal(XMLValidator.validate((await get(`${agent.url}/current`)).text), true, 'only the next one')
  })

  it('cuts the connection in the middle of a response when asked to drop it', async () => {
    agent.faults.set({ dropNext: 1 })
    await assert.rejects(get(`${agent.url}/current`))
    assert.equal((await get(`${agent.url}/current`)).status, 200)
  })

  it('delays responses', async () => {
    agent.faults.set({ delayMs: 150 })
    const t0 = Date.now()
    await get(`${agent.url}/probe`)
    assert.ok(Date.now() - t0 >= 140)
    agent.faults.set({ delayMs: 0 })
  })

  it('shifts observation timestamps by the clock skew', async () => {
    await postFaults(agent, { clockSkewMs: -3_600_000 })
    const { nextSequence } = agent.sequences()
    clock.advance(20_000)
    const doc = streams((await get(`${agent.url}/sample?from=${nextSequence}`)).text)
    assert.ok(doc.observations.length > 0)
    for (const o of doc.observations) assert.ok(Date.parse(o.timestamp) < clock.now() - 3_500_000, o.timestamp)
    await postFaults(agent, { clockSkewMs: 0 })
  })

  it('powers a device off (everything UNAVAILABLE) and on again', async () => {
    const off = await postFaults(agent, { powerOff: 'CNC-SIM-002' })
    assert.deepEqual(off.json.poweredOff, ['CNC-SIM-002'])
    const cur = streams((await get(`${agent.url}/CNC-SIM-002/current`)).text)
    for (const o of cur.observations) {
      if (o.category === 'Condition') assert.equal(o.tag, 'Unavailable', o.dataItemId)
      else assert.equal(o.value, 'UNAVAILABLE', o.dataItemId)
    }
    const other = streams((await get(`${agent.url}/CNC-SIM-001/current`)).text)
    assert.equal(other.observations.find((o) => o.tag === 'Availability')?.value, 'AVAILABLE')
    clock.advance(30_000)
    await postFaults(agent, { powerOn: ['CNC-SIM-002'] })
    const on = streams((await get(`${agent.url}/CNC-SIM-002/current`)).text)
    assert.equal(on.observations.find((o) => o.tag === 'Availability')?.value, 'AVAILABLE')
    assert.equal(on.observations.find((o) => o.tag === 'Execution')?.value, 'READY')
  })

  it('rejects a bad control body naming the field and what it accepts', async () => {
    const bad = await postFaults(agent, { delayMs: 'slow' })
    assert.equal(bad.status, 400)
    assert.equal(bad.json.error, 'SIM_INVALID_FAULTS')
    assert.match(String(bad.json.message), /delayMs must be a whole number from 0 to 120000/)
    assert.match(String((await postFaults(agent, { powerOff: 'X' })).json.message), /no device named "X"; devices: CNC-SIM-001, CNC-SIM-002/)
    assert.match(String((await postFaults(agent, { bogus: 1 })).json.message), /unknown field "bogus"; accepted fields: /)
    const notJson = await postFaults(agent, '{nope')
    assert.equal(notJson.json.error, 'SIM_INVALID_JSON')
  })

  it('serves its status and ground truth as JSON under /sim/', async () => {
    const status = (await (await fetch(`${agent.url}/sim/status`)).json()) as Record<string, unknown>
    assert.equal(status.instanceId, agent.instanceId)
    assert.equal(status.nextSequence, agent.sequences().nextSequence)
    assert.deepEqual((status.devices as { name: string }[]).map((d) => d.name), ['CNC-SIM-001', 'CNC-SIM-002'])
    const since = agent.sequences().nextSequence - 20
    const truth = (await (await fetch(`${agent.url}/sim/truth/CNC-SIM-001?since=${since}`)).json()) as { observations: { sequence: number }[]; source: { kind: string } }
    assert.equal(truth.source.kind, 'duty-cycle')
    assert.ok(truth.observations.every((o) => o.sequence >= since))
    assert.equal((await fetch(`${agent.url}/sim/truth/NOPE`)).status, 404)
    assert.equal((await fetch(`${agent.url}/sim/nothing`)).status, 404)
  })

  it('reports the faults in force on GET /sim/faults', async () => {
    agent.faults.set({ http500Probability: 0.25 })
    const r = (await (await fetch(`${agent.url}/sim/faults`)).json()) as Record<string, unknown>
    assert.equal(r.http500Probability, 0.25)
    assert.deepEqual(r.poweredOff, [])
    agent.faults.reset()
  })
})

describe('simulated fleet', () => {
  it('names machines CNC-SIM-001… with varied makes, the same for the same seed', () => {
    const fleet = fleetDeviceSpecs(10, 3)
    assert.deepEqual(fleet.map((s) => s.name), Array.from({ length: 10 }, (_, i) => `CNC-SIM-${String(i + 1).padStart(3, '0')}`))
    assert.ok(new Set(fleet.map((s) => s.manufacturer)).size >= 4)
    assert.deepEqual(fleetDeviceSpecs(10, 3), fleet)
    assert.deepEqual(parsePortRange('5000-5002'), [5000, 5001, 5002])
    assert.throws(() => parsePortRange('5002-5000'), /range like 5000-5009/)
  })

  it('serves one machine per agent on a range of ports, or many machines from one agent', async () => {
    const clock = new FakeClock()
    const perPort = await startFleetOnPorts([0, 0], { clock })
    const shared = await startFleetOnOneAgent(0, 3, { clock })
    try {
      assert.equal(perPort.urls.length, 2)
      const names = await Promise.all(perPort.urls.map(async (u) => descendants(parseDoc((await get(`${u}/probe`)).text), 'Device').map((d) => d.attrs.name)))
      assert.deepEqual(names, [['CNC-SIM-001'], ['CNC-SIM-002']])
      const all = descendants(parseDoc((await get(`${shared.urls[0]}/probe`)).text), 'Device').map((d) => d.attrs.name)
      assert.deepEqual(all, ['CNC-SIM-001', 'CNC-SIM-002', 'CNC-SIM-003'])
    } finally {
      await Promise.all([perPort.close(), shared.close()])
    }
  })
})

describe('simulated MTConnect agent: shutdown', () => {
  it('closes with a stream open and leaves no server, socket or timer behind', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap')
    const agent = await startSimAgent({ port: 0, devices: [{ name: 'M1' }], heartbeatMs: 50 })
    const stream = await openStream(`${agent.url}/sample?interval=10`)
    await stream.next()
    agent.faults.set({ delayMs: 5000 })
    const pending = fetch(`${agent.url}/current`).catch(() => 'dropped')
    await new Promise((r) => setTimeout(r, 20))
    await agent.close()
    assert.equal(await pending, 'dropped')
    assert.equal(await stream.next(), undefined)
    await new Promise((r) => setImmediate(r))
    const left = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap')
    const count = (list: string[], kind: string) => list.filter((r) => r === kind).length
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap', 'Timeout']) assert.ok(count(left, kind) <= count(before, kind), `${kind}: ${left.join(', ')}`)
  })
})
