// Slow and greedy clients (slowloris) against the real server on loopback: deadlines for
// headers and for the whole request, idle keep-alive connections, the per-address cap.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { type TestSystem, getJson, postJson, startTestSystem, uniqueMachineId, waitFor } from './helpers/system.js'

interface RawClient {
  socket: Socket
  /** Everything the server sent, as text. */
  received: () => string
  /** Resolves with what the server sent once it closed the connection. */
  closed: Promise<string>
}

function rawClient(port: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    let data = ''
    const socket = connect(port, '127.0.0.1')
    const closed = new Promise<string>((done) => socket.on('close', () => done(data)))
    socket.on('data', (d: Buffer) => { data += d.toString('utf8') })
    socket.on('error', () => {}) // a reset after the server closes is fine: `closed` still resolves
    socket.once('connect', () => resolve({ socket, received: () => data, closed }))
    socket.once('error', reject)
  })
}

/** Writes `chunk` every `everyMs` until the socket closes. */
function trickle(socket: Socket, chunk: string, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) return clearInterval(timer)
    socket.write(chunk)
  }, everyMs)
  socket.once('close', () => clearInterval(timer))
}

/** The JSON error body of a raw HTTP response. */
function errorBody(response: string): { error: string; message: string; details: unknown[] } {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { error: string; message: string; details: unknown[] }
}

/** Fails the test when `closed` does not resolve within `ms` (a generous bound, not a speed claim). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms) })])
    .finally(() => clearTimeout(timer))
}

describe('HTTP limits against slow and greedy clients', () => {
  const CAP = 4
  let t: TestSystem
  let port: number
  before(async () => {
    t = await startTestSystem('embedded', {
      tune: (s) => {
        s.http.requestTimeoutMs = 1_500
        s.http.headersTimeoutMs = 1_000
        s.http.keepAliveTimeoutMs = 500
        s.http.maxConnectionsPerAddress = CAP
      },
    })
    port = Number(new URL(t.url).port)
  })
  after(() => t.close())

  it('closes a connection whose body trickles in past the request timeout, answering 408 in the JSON error shape', async () => {
    const c = await rawClient(port)
    c.socket.write(`POST /v1/telemetry/ingest HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{`)
    trickle(c.socket, ' ', 200)
    const response = await within(c.closed, 15_000, 'the slow body sender was closed')
    assert.match(response, /^HTTP\/1\.1 408 /)
    const body = errorBody(response)
    assert.equal(body.error, 'request_timeout')
    assert.match(body.message, /whole request, body included, within 1\.5 s/)
    assert.deepEqual(body.details, [])
  })

  it('closes a connection whose headers trickle in past the headers timeout, answering 408', async () => {
    const c = await rawClient(port)
    c.socket.write('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n')
    let n = 0
    const timer = setInterval(() => { if (c.socket.writable) c.socket.write(`x-slow-${n++}: 1\r\n`) }, 200)
    try {
      const response = await within(c.closed, 15_000, 'the slow headers sender was closed')
      assert.match(response, /^HTTP\/1\.1 408 /)
      assert.equal(errorBody(response).error, 'request_timeout')
    } finally {
      clearInterval(timer)
    }
  })

  it('answers a request that is not HTTP, or whose headers are too large, in the JSON error shape and closes it', async () => {
    const garbage = await rawClient(port)
    garbage.socket.write('HELLO THERE\r\n\r\n')
    const bad = await within(garbage.closed, 10_000, 'the garbage sender was closed')
    assert.match(bad, /^HTTP\/1\.1 400 /)
    assert.equal(errorBody(bad).error, 'bad_http_request')
    const huge = await rawClient(port)
    huge.socket.write(`GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nx-big: ${'a'.repeat(64 * 1024)}\r\n\r\n`)
    const big = await within(huge.closed, 10_000, 'the huge headers sender was closed')
    assert.match(big, /^HTTP\/1\.1 431 /)
    assert.equal(errorBody(big).error, 'headers_too_large')
  })

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const c = await rawClient(port)
    c.socket.write('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n')
    const response = await within(c.closed, 15_000, 'the idle connection was closed')
    assert.match(response, /^HTTP\/1\.1 200 /)
    assert.match(response, /"status":"ok"/)
  })

  it('refuses connections over the per-address cap with 503 and serves a good request once the slow ones are dropped', async () => {
    const slow = await Promise.all(Array.from({ length: CAP }, () => rawClient(port)))
    for (const c of slow) {
      c.socket.write('POST /v1/telemetry/ingest HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 100\r\n\r\n')
      trickle(c.socket, ' ', 200)
    }
    // The server counts a connection when it accepts it: wait until all of them are held.
    await new Promise((r) => setTimeout(r, 200))
    const over = await Promise.all(Array.from({ length: 3 }, () => rawClient(port)))
    for (const c of over) {
      const response = await within(c.closed, 5_000, 'a connection over the cap was closed')
      assert.match(response, /^HTTP\/1\.1 503 /)
      assert.match(response, /\r\nretry-after: 5\r\n/)
      const body = errorBody(response)
      assert.equal(body.error, 'too_many_connections')
      assert.match(body.message, new RegExp(`already holds ${CAP} open connections`))
    }
    for (const c of slow) assert.equal(c.socket.destroyed, false, 'the connections under the cap are still open')
    await within(Promise.all(slow.map((c) => c.closed)), 15_000, 'the slow connections were dropped by the request timeout')
    // Their slots are free again: a well-behaved client is served.
    const id = uniqueMachineId()
    const r = await postJson(`${t.url}/v1/telemetry/ingest`, { machine_id: id, timestamp: new Date().toISOString(), rpm: 1 })
    assert.equal(r.status, 200)
    assert.equal(r.body.accepted, 1)
    assert.equal((await getJson(`${t.url}/healthz`)).status, 200)
  })

  it('counts a closed connection out, so that an address can open its cap again and again', async () => {
    for (let round = 0; round < 3; round++) {
      const clients = await Promise.all(Array.from({ length: CAP }, () => rawClient(port)))
      for (const c of clients) c.socket.write('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n')
      const responses = await Promise.all(clients.map((c) => within(c.closed, 10_000, 'a request under the cap was answered')))
      for (const response of responses) assert.match(response, /^HTTP\/1\.1 200 /)
    }
    await waitFor('a fresh request', async () => (await getJson(`${t.url}/healthz`)).status === 200)
  })
})
