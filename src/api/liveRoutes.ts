// GET /v1/stream: the dashboard's live feed as Server-Sent Events (WHATWG HTML §9.2).
//   event: snapshot  every machine's status, the server's clock and the staleness limit (first)
//   event: machines  the statuses of machines that changed since the last flush
//   event: alerts    alerts changed: read GET /v1/alerts again
// Changes are coalesced per machine and flushed every FLUSH_MS, and nothing is written while
// the socket's buffer is full, so a slow client costs at most one status per machine.
import type { FastifyInstance } from 'fastify'
import type { ServerResponse } from 'node:http'
import type { Clock } from '../domain/clock.js'
import type { LiveChange, LiveFleet } from '../live/liveFleet.js'

const FLUSH_MS = 250
const HEARTBEAT_MS = 15_000
/** What EventSource waits before reconnecting (the `retry:` field). */
const RETRY_MS = 2_000
/** Over this many unsent bytes the client is behind: changes wait, coalesced, until it drains. */
const MAX_BUFFERED_BYTES = 1 << 20

export function liveRoutes(app: FastifyInstance, live: LiveFleet, clock: Clock, staleAfterMs: number): void {
  const streams = new Set<LiveStream>()
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.end()
    done()
  })

  app.get('/v1/stream', {
    config: { capability: 'read' },
    schema: {
      summary: 'Live fleet and alert changes as Server-Sent Events',
      description: '`snapshot` first (every machine, `server_time`, `stale_after_ms`), then `machines` (changed statuses, coalesced, at most 4 per second) and `alerts` (read /v1/alerts again). A comment line every 15 s keeps proxies from closing the stream.',
      tags: ['fleet'],
    },
  }, async (request, reply) => {
    reply.hijack()
    const stream = new LiveStream(reply.raw, live, clock, () => streams.delete(stream))
    streams.add(stream)
    request.raw.on('close', () => stream.end())
    stream.open(staleAfterMs)
  })
}

class LiveStream {
  private readonly dirty = new Set<string>()
  private alertsDirty = false
  private unsubscribe: () => void = () => {}
  private flushTimer: NodeJS.Timeout | undefined
  private heartbeatTimer: NodeJS.Timeout | undefined
  private ended = false

  constructor(
    private readonly res: ServerResponse,
    private readonly live: LiveFleet,
    private readonly clock: Clock,
    private readonly onEnd: () => void,
  ) {}

  open(staleAfterMs: number): void {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Reverse proxies (nginx) would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    })
    this.unsubscribe = this.live.subscribe((change) => this.note(change))
    this.res.write(`retry: ${RETRY_MS}\n\n`)
    this.send('snapshot', { server_time: this.clock.now(), stale_after_ms: staleAfterMs, machines: this.live.snapshot() })
    this.flushTimer = setInterval(() => this.flush(), FLUSH_MS)
    this.heartbeatTimer = setInterval(() => this.res.write(`: keep-alive ${new Date(this.clock.now()).toISOString()}\n\n`), HEARTBEAT_MS)
  }

  end(): void {
    if (this.ended) return
    this.ended = true
    this.unsubscribe()
    clearInterval(this.flushTimer)
    clearInterval(this.heartbeatTimer)
    this.res.end()
    this.onEnd()
  }

  private note(change: LiveChange): void {
    for (const id of change.machines) this.dirty.add(id)
    if (change.alerts) this.alertsDirty = true
  }

  private flush(): void {
    if (this.ended || this.res.writableLength > MAX_BUFFERED_BYTES) return
    if (this.dirty.size > 0) {
      const machines = []
      for (const id of this.dirty) {
        const machine = this.live.get(id)
        if (machine) machines.push(machine)
      }
      this.dirty.clear()
      this.send('machines', { server_time: this.clock.now(), machines })
    }
    if (this.alertsDirty) {
      this.alertsDirty = false
      this.send('alerts', { server_time: this.clock.now() })
    }
  }

  private send(event: string, data: unknown): void {
    this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }
}
