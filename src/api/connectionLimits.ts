// What keeps slow or greedy clients from holding the server: a whole request (headers and
// body) within requestTimeoutMs, its headers within headersTimeoutMs, an idle keep-alive
// connection closed after keepAliveTimeoutMs, and at most maxConnectionsPerAddress open
// connections from one address (the rest are answered 503 and closed at once). Without them
// 300 connections that send a byte every 5 s stayed open for ever (slowloris).
import { type IncomingMessage, type RequestListener, type Server, type ServerResponse, createServer } from 'node:http'
import type { Socket } from 'node:net'

export interface HttpLimits {
  requestTimeoutMs: number
  headersTimeoutMs: number
  keepAliveTimeoutMs: number
  maxConnectionsPerAddress: number
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnectionsPerAddress: 64 }

export type RefusedListener = (address: string, open: number) => void

/** An HTTP server with the limits, for Fastify's serverFactory. */
export function limitedServer(limits: HttpLimits, onRefused: RefusedListener) {
  return (handler: RequestListener<typeof IncomingMessage, typeof ServerResponse>): Server => {
    const server = createServer({
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node looks for requests past their time; its default (30 s) would let a
      // 2 s timeout last half a minute.
      connectionsCheckingInterval: Math.max(250, Math.min(1_000, limits.headersTimeoutMs / 2)),
    }, handler)
    // A connection that sends nothing at all never starts a request those timeouts measure:
    // silent for a minute (or the request timeout, if longer), it is closed. The live stream's
    // 15 s heartbeat keeps its own connection busy.
    server.setTimeout(Math.max(60_000, limits.requestTimeoutMs), (socket) => socket.destroy())
    const open = new Map<string, number>()
    server.on('connection', (socket: Socket) => {
      const address = socket.remoteAddress ?? 'unknown'
      const count = (open.get(address) ?? 0) + 1
      if (count > limits.maxConnectionsPerAddress) {
        onRefused(address, count - 1)
        const body = JSON.stringify({ error: 'too_many_connections', message: `${address} has ${count - 1} connections open, the most one address may have (--max-connections-per-address); close some or reuse them`, details: [] })
        socket.end(`HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nretry-after: 5\r\nconnection: close\r\n\r\n${body}`)
        return
      }
      open.set(address, count)
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1
        if (left > 0) open.set(address, left)
        else open.delete(address)
      })
    })
    return server
  }
}
