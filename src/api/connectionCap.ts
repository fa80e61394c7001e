// Caps the connections one remote address holds open at once, so that one client (or a
// slowloris attack) cannot take every socket the process has. A connection over the cap is
// answered 503 at once and closed; it never reaches the HTTP parser's request handler.
// Refusals are logged once when an address reaches its cap, and once more (with the count)
// when it has fallen back to half of it: an attacker cannot flood the log.
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import type { AppError } from '../domain/errors.js'
import { httpHeaders, httpStatus } from './httpErrors.js'

export interface CapLog {
  warn(obj: object, msg: string): void
  info(obj: object, msg: string): void
}

interface AddressState {
  open: number
  /** Refused since the address last reached its cap; undefined: not over the cap. */
  refused?: number
}

export class ConnectionCap {
  private readonly addresses = new Map<string, AddressState>()
  private readonly refused = new WeakSet<Socket>()

  constructor(private readonly cap: number, private readonly refusal: () => AppError, private readonly log: CapLog) {}

  /** Watches the server's connections; call before it listens. */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.onConnection(socket))
  }

  /** A refused connection's request must not be handled (its parser may still read one). */
  isRefused(socket: Socket): boolean {
    return this.refused.has(socket)
  }

  private onConnection(socket: Socket): void {
    // "::ffff:127.0.0.1" and "127.0.0.1" are the same client.
    const address = (socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '')
    const state = this.addresses.get(address) ?? { open: 0 }
    this.addresses.set(address, state)
    if (state.open >= this.cap) return this.refuse(socket, address, state)
    state.open++
    socket.once('close', () => this.onClose(address, state))
  }

  private refuse(socket: Socket, address: string, state: AddressState): void {
    this.refused.add(socket)
    if (state.refused === undefined) {
      state.refused = 0
      this.log.warn({ address, cap: this.cap }, `${address} holds ${this.cap} open connections, its cap: refusing further ones with 503`)
    }
    state.refused++
    socket.on('error', () => {}) // a client that resets a refused connection is no news
    socket.end(rawResponse(this.refusal()))
    // A client that never reads would keep the socket half-open: close it regardless.
    setTimeout(() => socket.destroy(), 1_000).unref()
  }

  private onClose(address: string, state: AddressState): void {
    state.open--
    if (state.refused !== undefined && state.open <= Math.floor(this.cap / 2)) {
      this.log.info({ address, refused: state.refused }, `${address} is back under its connection cap; ${state.refused} connection(s) were refused`)
      state.refused = undefined
    }
    if (state.open === 0 && state.refused === undefined) this.addresses.delete(address)
  }
}

/** An HTTP/1.1 response written straight to a socket, in the API's JSON error shape. */
export function rawResponse(err: AppError): string {
  const body = JSON.stringify({ error: err.code, message: err.message, details: err.details })
  const headers = Object.entries(httpHeaders(err)).map(([k, v]) => `${k}: ${v}\r\n`).join('')
  const status = httpStatus(err)
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\ncontent-type: application/json; charset=utf-8\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\n${headers}connection: close\r\n\r\n${body}`
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large', 503: 'Service Unavailable' }
