import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readMtconnectSample } from '../../../test/helpers/samples.js'
import { DocumentError, type QueryParameterRange, parseAgentDocument } from './documents.js'
import { MultipartFramer } from './multipartStream.js'

describe('parseAgentDocument', () => {
  it('reads the devices of a 2.x probe without the synthetic Agent device', () => {
    const doc = parseAgentDocument(readMtconnectSample('agent/probe.xml'))
    assert.equal(doc.kind, 'devices')
    if (doc.kind !== 'devices') return
    assert.deepEqual(doc.devices.map((d) => d.name).sort(), ['Mazak', 'OKUMA'])
    assert.equal(doc.header.bufferSize, 4096)
    const okuma = doc.devices.find((d) => d.name === 'OKUMA')
    const fact = okuma?.dataItems.find((i) => i.id === 'Lp1Fact')
    assert.deepEqual(fact && { name: fact.name, type: fact.type, subType: fact.subType, units: fact.units }, { name: 'p1Fact', type: 'PATH_FEEDRATE', subType: 'ACTUAL', units: 'MILLIMETER/SECOND' })
  })

  it('keeps where each data item sits: its components with their names, native names and References, and its constraints', () => {
    for (const file of ['agent/probe.xml', 'agent/schema2.7/probe.xml']) {
      const doc = parseAgentDocument(readMtconnectSample(file))
      const okuma = doc.kind === 'devices' ? doc.devices.find((d) => d.name === 'OKUMA') : undefined
      const item = (id: string) => okuma?.dataItems.find((i) => i.id === id)
      const chain = (id: string) => item(id)?.components?.map((c) => [c.element, c.id, c.name, c.nativeName])
      assert.deepEqual(chain('LS2speed'), [['Axes', 'Laxes1', 'Axes', undefined], ['Rotary', 'Lc2', 'C2', 'S']], file)
      assert.deepEqual(chain('LS6speed'), [['Axes', 'Laxes1', 'Axes', undefined], ['Rotary', 'Lc6', 'C6', 'SA']], file)
      assert.deepEqual(chain('Lpexecution'), [['Controller', 'Lct1', 'Controller', undefined]], file)
      assert.deepEqual(chain('Lp1Fact'), [['Controller', 'Lct1', 'Controller', undefined], ['Path', 'Lp1', 'path', undefined]], file)
      assert.deepEqual(chain('Lavail'), [], `${file}: the Device's own item`)
      assert.deepEqual(item('LS1Mode')?.constraintValues, ['SPINDLE'], file)
      assert.deepEqual(item('LC3Mode')?.constraintValues, ['INDEX'], file)
      assert.equal(item('LS1speed')?.constraintValues, undefined, file)
    }
    const referencing = parseAgentDocument(`<MTConnectDevices><Header instanceId="1"/><Devices><Device id="d" name="M"><Components>
      <Controller id="c"><References><ComponentRef idRef="s"/><DataItemRef idRef="v"/><Reference dataItemId="old" name="x"/></References>
      <DataItems><DataItem id="e" type="EXECUTION" category="EVENT"/></DataItems></Controller></Components></Device></Devices></MTConnectDevices>`)
    const controller = referencing.kind === 'devices' ? referencing.devices[0]?.dataItems[0]?.components?.[0] : undefined
    assert.deepEqual(controller?.references, ['s', 'v', 'old'])
  })

  it('reads every probe sample, with or without namespaces, of every schema version', () => {
    for (const file of ['haas.xml', 'fanuc.xml', 'two_devices.xml', 'agent.mtconnect.org.xml', 'NoNamespace.xml', 'SimpleDevlce.xml']) {
      const doc = parseAgentDocument(readMtconnectSample(`probe/${file}`))
      assert.equal(doc.kind, 'devices', file)
      if (doc.kind !== 'devices') continue
      assert.ok(doc.devices.length >= 1, file)
      assert.ok(doc.devices[0]?.dataItems.some((i) => i.type === 'EXECUTION'), `${file}: the first device has an Execution item`)
    }
  })

  it('returns observations in sequence order although the agent groups them by component', () => {
    const doc = parseAgentDocument(readMtconnectSample('agent/sample_count20.xml'))
    assert.equal(doc.kind, 'streams')
    if (doc.kind !== 'streams') return
    assert.equal(doc.observations.length, 20)
    const sequences = doc.observations.map((o) => o.sequence)
    assert.deepEqual(sequences, [...sequences].sort((a, b) => a - b))
    assert.equal(doc.header.nextSequence, 870)
    const execution = doc.observations.find((o) => o.dataItemId === 'execution')
    assert.equal(execution?.value, 'PROGRAM_COMPLETED')
  })

  it('reads conditions with their level, native code and text', () => {
    const doc = parseAgentDocument(readMtconnectSample('agent/sample_path_conditions.xml'))
    assert.equal(doc.kind, 'streams')
    if (doc.kind !== 'streams') return
    const conditions = doc.observations.filter((o) => o.category === 'CONDITION')
    assert.ok(conditions.length > 0)
    assert.ok(conditions.every((c) => ['Normal', 'Warning', 'Fault', 'Unavailable'].includes(c.level ?? '')))
  })

  it('reads the schema 2.7 error documents of the reference agent, errors named after the error, with their range', () => {
    const cases: [string, string, string, QueryParameterRange | undefined][] = [
      ['error_from_too_low.xml', 'OUT_OF_RANGE', "'from' must be greater than 1120", { name: 'from', minimum: 1121, maximum: 1377, value: 1 }],
      ['error_from_too_high.xml', 'OUT_OF_RANGE', "'from' must be less than 1385", { name: 'from', minimum: 1128, maximum: 1384, value: 99999999 }],
      ['error_count_over_buffer.xml', 'OUT_OF_RANGE', "'count' must be less than 257", { name: 'count', minimum: -256, maximum: 256, value: 1000 }],
      ['error_bad_device.xml', 'NO_DEVICE', "Could not find the device 'NOPE'", undefined],
      ['error_from_too_low.json', 'OUT_OF_RANGE', "'from' must be greater than 1134", { name: 'from', minimum: 1135, maximum: 1391, value: 1 }],
      ['error_count_over_buffer.json', 'OUT_OF_RANGE', "'count' must be less than 257", { name: 'count', minimum: -256, maximum: 256, value: 1000 }],
    ]
    for (const [file, code, text, queryParameter] of cases) {
      const doc = parseAgentDocument(readMtconnectSample(`agent/schema2.7/${file}`))
      assert.equal(doc.kind, 'error', file)
      if (doc.kind !== 'error') continue
      assert.equal(doc.errors.length, 1, file)
      assert.equal(doc.errors[0]?.code, code, file)
      assert.equal(doc.errors[0]?.text, text, file)
      assert.deepEqual(doc.errors[0]?.queryParameter, queryParameter, file)
      assert.equal(doc.header?.bufferSize, 256, file)
    }
  })

  it('reads the error that a schema 2.7 stream sends as one of its parts (count above the buffer)', () => {
    const capture = readMtconnectSample('agent/schema2.7/stream_count_over_buffer.txt')
    const boundary = capture.slice(2, capture.indexOf('\n')).trim()
    const framer = new MultipartFramer(boundary)
    const parts = framer.push(Buffer.from(capture))
    assert.equal(parts.length, 1)
    const doc = parseAgentDocument(parts[0] ?? '')
    assert.equal(doc.kind, 'error')
    if (doc.kind !== 'error') return
    assert.deepEqual(doc.errors, [{ code: 'OUT_OF_RANGE', text: "'count' must be less than 257", queryParameter: { name: 'count', minimum: -256, maximum: 256, value: 1000 } }])
    assert.equal(doc.header?.instanceId, '1796244955')
  })

  it('reads the JSON error documents of schema 1.x-2.5 agents, v1 and v2', () => {
    for (const file of ['error_from_too_low.json', 'schema1.3_json1/error_from_too_low.json']) {
      const doc = parseAgentDocument(readMtconnectSample(`agent/${file}`))
      assert.equal(doc.kind, 'error', file)
      if (doc.kind !== 'error') continue
      assert.deepEqual(doc.errors, [{ code: 'OUT_OF_RANGE', text: "'from' must be greater than 0" }], file)
      assert.equal(doc.header?.bufferSize, 4096, file)
      assert.match(doc.header?.instanceId ?? '', /^\d+$/, file)
    }
  })

  it('refuses JSON streams and devices with a message that says what to change', () => {
    assert.throws(() => parseAgentDocument(readMtconnectSample('agent/current.json')), (e: unknown) => e instanceof DocumentError && /MTConnectStreams in JSON .*Accept/.test(e.message))
    assert.throws(() => parseAgentDocument('{"MTConnectError": {'), /JSON answer does not parse/)
    assert.throws(() => parseAgentDocument('{"MTConnectError": {"Errors": []}}'), /lists no error/)
  })

  it('reports OUT_OF_RANGE errors, whose header has no sequence numbers', () => {
    for (const file of ['error_from_too_low.xml', 'error_from_too_high.xml']) {
      const doc = parseAgentDocument(readMtconnectSample(`agent/${file}`))
      assert.equal(doc.kind, 'error', file)
      if (doc.kind !== 'error') continue
      assert.equal(doc.errors[0]?.code, 'OUT_OF_RANGE')
      assert.equal(doc.header?.nextSequence, undefined)
    }
    const noDevice = parseAgentDocument(readMtconnectSample('agent/error_no_device.xml'))
    assert.equal(noDevice.kind === 'error' && noDevice.errors[0]?.code, 'NO_DEVICE')
  })

  it('reads a sample asked from nextSequence (910 at capture) as the observations from there on', () => {
    const doc = parseAgentDocument(readMtconnectSample('agent/sample_empty_from_next.xml'))
    assert.equal(doc.kind, 'streams')
    if (doc.kind !== 'streams') return
    assert.ok(doc.observations.every((o) => o.sequence >= 910))
    assert.equal(doc.header.nextSequence, 917)
  })

  it('rejects malformed XML and foreign documents with a message that says where and what', () => {
    assert.throws(() => parseAgentDocument('<MTConnectStreams><Header instanceId="1"'), (e: unknown) => e instanceof DocumentError && /line 1/.test(e.message))
    assert.throws(() => parseAgentDocument('<html><body>proxy error</body></html>'), /unexpected document <html>/)
    assert.throws(() => parseAgentDocument('<MTConnectStreams><Header instanceId="1"/><Streams/></MTConnectStreams>'), /no firstSequence/)
  })
})
