// The agent's HTTP face: cppagent 2.6's REST routes and error statuses, the response headers it
// sends, and the transport faults (500s, delays, truncated XML, dropped sockets). Requests under
// /sim/ go to the simulator's control handler instead.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { type AgentCore, AgentRequestError, type Selection, checkRange } from './agentCore.js'
import type { FaultState } from './faults.js'
import { CurrentStream, SampleStream, type StreamSession } from './streaming.js'

export interface ControlReply {
  status: number
  json: unknown
  /** Runs after the reply has been sent (e.g. a restart that drops every connection). */
  after?: () => void
}

export type ControlHandler = (method: string, path: string[], query: URLSearchParams, body: string) => ControlReply

export interface AgentHttpServerOptions {
  core: AgentCore
  faults: FaultState
  host: string
  port: number
  /** Default `heartbeat` of streams, ms. */
  heartbeatMs: number
  control: ControlHandler
}

const XML_HEADERS = { Server: 'MTConnectAgent', Expires: '-1', 'Cache-Control': 'no-store, max-age=0', 'Content-Type': 'application/xml' }
const MAX_CONTROL_BODY = 64 * 1024

type Route = { request: 'probe' | 'current' | 'sample'; device?: string }

export class AgentHttpServer {
  private readonly sockets = new Set<Socket>()
  private readonly sessions = new Set<StreamSession>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private closing = false

  private constructor(
    private readonly server: Server,
    private readonly o: AgentHttpServerOptions,
  ) {}

  static async listen(o: AgentHttpServerOptions): Promise<AgentHttpServer> {
    const server = createServer()
    const agent = new AgentHttpServer(server, o)
    server.on('connection', (socket) => {
      agent.sockets.add(socket)
      socket.on('close', () => agent.sockets.delete(socket))
    })
    server.on('request', (req, res) => void agent.handle(req, res))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(o.port, o.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    return agent
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port
  }

  /** Cuts every open connection, streams included: what clients see when an agent process dies. */
  dropConnections(): void {
    for (const session of this.sessions) session.cancel()
    for (const socket of this.sockets) socket.destroy()
  }

  async close(): Promise<void> {
    this.closing = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    this.dropConnections()
    await closed
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://agent')
    const path = url.pathname.split('/').filter((s) => s.length > 0).map(safeDecode)
    const method = req.method ?? 'GET'
    let where: { request: string; uri: string } | undefined
    try {
      if (path[0] === 'sim') return await this.handleControl(req, res, method, path.slice(1), url.searchParams)
      if (method !== 'GET') {
        throw new AgentRequestError(400, 'INVALID_REQUEST', 'PUT, POST, and DELETE are not allowed. MTConnect Agent is read only and only GET is allowed.')
      }
      const route = routeOf(path)
      if (!route) throw new AgentRequestError(404, 'INVALID_URI', `${req.socket.remoteAddress ?? ''}: Cannot find handler for: ${method} ${url.pathname}`)
      where = { request: route.request === 'probe' ? 'MTConnectDevices' : 'MTConnectStreams', uri: req.url ?? '/' }
      if (this.o.faults.takeHttp500()) throw new AgentRequestError(500, 'INTERNAL_ERROR', 'Simulated failure (fault http500)')
      const delay = this.o.faults.settings.delayMs
      if (delay > 0) await this.wait(delay)
      if (this.closing || res.destroyed) return
      this.answer(route, url.searchParams, res)
    } catch (e) {
      if (!(e instanceof AgentRequestError)) {
        res.destroy(e instanceof Error ? e : new Error(String(e)))
        return
      }
      this.sendXml(res, e.status, this.o.core.errorDocument(e, where))
    }
  }

  private answer(route: Route, query: URLSearchParams, res: ServerResponse): void {
    const core = this.o.core
    if (route.device) core.findDevice(route.device)
    const selection: Selection = { device: route.device, deviceType: query.get('deviceType') ?? undefined, path: query.get('path') ?? undefined }
    if (route.request === 'probe') return this.sendXml(res, 200, core.probe(selection))
    const interval = intParam(query, 'interval')
    if (route.request === 'current') {
      if (interval === undefined) return this.sendXml(res, 200, core.current(selection, intParam(query, 'at')))
      checkRange('interval', interval, 0, 2 ** 31 - 1)
      core.current(selection) // validates the selection before the stream starts
      return this.track(new CurrentStream(core, res, this.o.faults, { selection, intervalMs: interval }))
    }
    const from = intParam(query, 'from')
    const count = intParam(query, 'count') ?? 100
    if (interval === undefined) return this.sendXml(res, 200, core.sample(selection, { from, count, to: intParam(query, 'to') }).xml)
    const heartbeat = intParam(query, 'heartbeat') ?? this.o.heartbeatMs
    checkRange('interval', interval, -1, 2 ** 31 - 1)
    checkRange('heartbeat', heartbeat, 1, 2 ** 31 - 1)
    const { firstSequence, nextSequence } = core.sequences()
    if (from !== undefined) checkRange('from', from, firstSequence - 1, nextSequence + 1)
    core.sample(selection, { from: nextSequence, count: 1 }) // validates the selection before the stream starts
    this.track(new SampleStream(core, res, this.o.faults, { selection, from, count, intervalMs: interval, heartbeatMs: heartbeat }))
  }

  private track(session: SampleStream | CurrentStream): void {
    this.sessions.add(session)
    session.start(() => this.sessions.delete(session))
  }

  private sendXml(res: ServerResponse, status: number, xml: string): void {
    if (res.headersSent || res.destroyed) return
    let body = Buffer.from(xml)
    if (this.o.faults.takeMalformed()) body = body.subarray(0, Math.floor(body.length / 2))
    res.writeHead(status, { ...XML_HEADERS, 'Content-Length': body.length })
    if (this.o.faults.takeDrop()) {
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy())
      return
    }
    res.end(body)
  }

  private async handleControl(req: IncomingMessage, res: ServerResponse, method: string, path: string[], query: URLSearchParams): Promise<void> {
    const body = method === 'GET' ? '' : await readBody(req)
    const reply = body === undefined ? { status: 413, json: { error: 'SIM_BODY_TOO_LARGE', message: `the body exceeds ${MAX_CONTROL_BODY} bytes` } } : this.o.control(method, path, query, body)
    const text = JSON.stringify(reply.json, null, 2) + '\n'
    res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...(reply.after ? { Connection: 'close' } : {}) })
    res.end(text, () => reply.after?.())
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        resolve()
      }, ms)
      this.timers.add(timer)
    })
  }
}

function routeOf(path: string[]): Route | undefined {
  const requests = ['probe', 'current', 'sample'] as const
  const isRequest = (s: string | undefined): s is Route['request'] => (requests as readonly string[]).includes(s ?? '')
  if (path.length === 0) return { request: 'probe' }
  if (path.length === 1 && isRequest(path[0])) return { request: path[0] }
  if (path.length === 2 && isRequest(path[1])) return { request: path[1], device: path[0] }
  return undefined
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name)
  if (raw === null) return undefined
  if (!/^-?\d+$/.test(raw.trim())) throw new AgentRequestError(400, 'QUERY_ERROR', `query parameter '${name}': cannot convert '${raw}' to an integer`)
  return Number(raw)
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_CONTROL_BODY) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > MAX_CONTROL_BODY ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
