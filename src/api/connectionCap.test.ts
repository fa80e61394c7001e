import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { type Server, createServer } from 'node:http'
import { type Socket, connect } from 'node:net'
import { errors } from '../domain/errors.js'
import { ConnectionCap } from './connectionCap.js'

const open = (port: number) => new Promise<Socket>((resolve) => {
  const s = connect(port, '127.0.0.1', () => resolve(s))
  s.on('error', () => {})
  s.resume() // read what the server sends, so that its closing is seen
})
const closed = (s: Socket) => new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())))

describe('ConnectionCap on a loopback server', () => {
  const CAP = 4
  const logged: { level: string; obj: object; msg: string }[] = []
  let server: Server
  let port: number
  before(async () => {
    server = createServer((_req, res) => res.end('ok'))
    new ConnectionCap(CAP, () => errors.tooManyConnections(CAP), {
      warn: (obj, msg) => logged.push({ level: 'warn', obj, msg }),
      info: (obj, msg) => logged.push({ level: 'info', obj, msg }),
    }).attach(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    port = typeof address === 'object' && address ? address.port : 0
  })
  after(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }))

  it('logs a flood of refusals once when it starts and once, with the count, when the address is back under half its cap', async () => {
    const held = await Promise.all(Array.from({ length: CAP }, () => open(port)))
    await new Promise((r) => setTimeout(r, 100))
    const refused = await Promise.all(Array.from({ length: 30 }, () => open(port)))
    await Promise.all(refused.map(closed))
    assert.deepEqual(logged.map((l) => l.level), ['warn'], 'thirty refusals, one line')
    assert.deepEqual(logged[0]?.obj, { address: '127.0.0.1', cap: CAP })
    // One closing is not enough to end the episode: the line is not repeated at the boundary.
    held[0]?.destroy()
    await closed(held[0] as Socket)
    await new Promise((r) => setTimeout(r, 100)) // the server sees its side close
    const again = await open(port)
    const refusedAgain = await open(port)
    await closed(refusedAgain)
    assert.deepEqual(logged.map((l) => l.level), ['warn'])
    for (const s of [again, ...held.slice(1)]) s.destroy()
    await Promise.all([again, ...held].map(closed))
    await new Promise((r) => setTimeout(r, 100))
    assert.deepEqual(logged.map((l) => l.level), ['warn', 'info'])
    assert.deepEqual(logged[1]?.obj, { address: '127.0.0.1', refused: 31 })
  })
})
