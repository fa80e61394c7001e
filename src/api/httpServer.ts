// The Node HTTP server under Fastify, with the limits that keep slow or greedy clients from
// holding it: a deadline for the headers and for the whole request (Node's headersTimeout and
// requestTimeout, answered 408), an idle keep-alive timeout, and a cap on the connections one
// address holds open (connectionCap.ts).
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { Socket } from 'node:net'
import { errors } from '../domain/errors.js'
import type { HttpSettings } from '../settings.js'
import { type CapLog, ConnectionCap, rawResponse } from './connectionCap.js'

type Handler = (request: IncomingMessage, response: ServerResponse) => void

export function createLimitedServer(handler: Handler, limits: HttpSettings, log: CapLog): Server {
  const requestTimeout = limits.requestTimeoutMs
  // Node refuses a headers deadline later than the request's.
  const headersTimeout = Math.min(limits.headersTimeoutMs, requestTimeout)
  const cap = new ConnectionCap(limits.maxConnectionsPerAddress, () => errors.tooManyConnections(limits.maxConnectionsPerAddress), log)
  const server = createServer({
    requestTimeout,
    headersTimeout,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the deadlines every 30 s by default, which would let a 10 s deadline run to
    // 40 s; a check walks the open connections only, so a tighter interval is cheap.
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersTimeout / 4))),
  }, (request, response) => {
    if (cap.isRefused(request.socket)) return void request.socket.destroy()
    handler(request, response)
  })
  cap.attach(server)
  return server
}

/** Fastify's clientErrorHandler: a deadline or a malformed request, answered in the API's error shape. */
export function clientErrorResponder(limits: HttpSettings) {
  return (err: NodeJS.ErrnoException, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return
    const e = err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? errors.requestTimeout(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 1000, limits.requestTimeoutMs / 1000)
      : err.code === 'HPE_HEADER_OVERFLOW' ? errors.headersTooLarge() : errors.badHttp(err.code ?? err.message)
    // A response already begun on this socket cannot be followed by another (Node's own test,
    // _http_server.js socketOnError, reads the same private field).
    const current = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage
    if (socket.writable && !current?.headersSent) socket.write(rawResponse(e))
    socket.destroy()
  }
}
