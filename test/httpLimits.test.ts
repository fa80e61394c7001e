// Slow and greedy clients against the real server on loopback: a body sent a byte at a time,
// headers that never end, and more connections from one address than it may hold.
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { type TestSystem, getJson, startTestSystem } from './helpers/system.js'

/** Resolves with what the server sent once it closes the connection, or 'still open' after `ms`. */
function closedWithin(socket: Socket, ms: number): Promise<string> {
  let received = ''
  socket.on('data', (d) => { received += d.toString() })
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still open'), ms)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve(received)
    })
  })
}

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), hostname, () => resolve(s))
    s.once('error', reject)
  })
}

describe('HTTP limits', () => {
  let t: TestSystem
  const drips: NodeJS.Timeout[] = []
  before(async () => {
    t = await startTestSystem('embedded', {
      tune: (s) => {
        s.http = { requestTimeoutMs: 2_000, headersTimeoutMs: 1_000, keepAliveTimeoutMs: 1_000, maxConnectionsPerAddress: 8 }
      },
    })
  })
  after(async () => {
    for (const d of drips) clearInterval(d)
    await t.close()
  })

  it('closes a connection whose body comes a byte at a time once the request timeout passes', async () => {
    const s = await open(t.url)
    s.write('POST /v1/telemetry/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[')
    drips.push(setInterval(() => s.writable && s.write(' '), 300))
    const answer = await closedWithin(s, 15_000)
    assert.notEqual(answer, 'still open')
    assert.match(answer, /^$|408/, answer.slice(0, 200))
  })

  it('closes a connection whose headers never end once the headers timeout passes', async () => {
    const s = await open(t.url)
    s.write('GET /v1/machines HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    drips.push(setInterval(() => s.writable && s.write('X-Slow: 1\r\n'), 200))
    assert.notEqual(await closedWithin(s, 15_000), 'still open')
  })

  it('answers 503 to connections beyond the per-address cap, and serves again once they close', async () => {
    const held = await Promise.all(Array.from({ length: 8 }, () => open(t.url)))
    const extra = await open(t.url)
    const answer = await closedWithin(extra, 5_000)
    assert.match(answer, /^HTTP\/1\.1 503/)
    assert.match(answer, /too_many_connections/)
    for (const s of held) s.destroy()
    await new Promise((r) => setTimeout(r, 200))
    assert.equal((await getJson(`${t.url}/v1/machines`)).status, 200)
  })
})
