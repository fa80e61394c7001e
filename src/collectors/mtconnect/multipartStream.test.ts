import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readMtconnectSample } from '../../../test/helpers/samples.js'
import { parseAgentDocument } from './documents.js'
import { MultipartError, MultipartFramer, multipartBoundary } from './multipartStream.js'

function boundaryOf(text: string): string {
  const m = /^--(\S+)/m.exec(text)
  if (!m?.[1]) throw new Error('no boundary in capture')
  return m[1]
}

describe('MultipartFramer', () => {
  it('frames the captured cppagent stream by Content-Length, whatever the read sizes', () => {
    const body = readMtconnectSample('agent/stream_sample_decoded.txt')
    const expected = body.split(`--${boundaryOf(body)}`).length - 1
    for (const step of [1, 7, 500, body.length]) {
      const framer = new MultipartFramer(boundaryOf(body))
      const parts: string[] = []
      const bytes = Buffer.from(body)
      for (let i = 0; i < bytes.length; i += step) parts.push(...framer.push(bytes.subarray(i, i + step)))
      assert.equal(parts.length, expected, `read size ${step}`)
      for (const p of parts) assert.equal(parseAgentDocument(p).kind, 'streams')
    }
  })

  it('frames heartbeat-only parts as documents without observations', () => {
    const body = readMtconnectSample('agent/stream_heartbeat_avail_only.txt')
    const parts = new MultipartFramer(boundaryOf(body)).push(Buffer.from(body))
    assert.ok(parts.length >= 2)
    assert.ok(parts.map(parseAgentDocument).some((d) => d.kind === 'streams' && d.observations.length === 0))
  })

  it('reads lower-case headers, parts without Content-Length and the closing boundary', () => {
    const f = new MultipartFramer('b')
    const parts = f.push(Buffer.from('--b\r\ncontent-type: text/xml\r\ncontent-length: 3\r\n\r\nabc\r\n--b\r\nContent-Type: text/xml\r\n\r\nxyz\r\n--b--\r\n'))
    assert.deepEqual(parts, ['abc', 'xyz'])
    assert.equal(f.done, true)
  })

  it('refuses a part larger than its limit instead of buffering without end', () => {
    const f = new MultipartFramer('b', 10)
    assert.throws(() => f.push(Buffer.from('--b\r\nContent-Length: 100\r\n\r\n')), MultipartError)
  })
})

describe('multipartBoundary', () => {
  it('reads quoted and bare boundaries and ignores other types', () => {
    assert.equal(multipartBoundary('multipart/mixed;boundary=abc-1'), 'abc-1')
    assert.equal(multipartBoundary('multipart/x-mixed-replace; boundary="q q"'), 'q q')
    assert.equal(multipartBoundary('text/xml'), undefined)
  })
})
