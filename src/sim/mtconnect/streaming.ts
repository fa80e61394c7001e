// Streaming responses (`interval=`): one multipart/mixed body, chunked, one MTConnectStreams
// document per part, each part framed by its own Content-Type and Content-Length (captured
// stream_*.txt: `--boundary\r\nContent-Type: application/xml\r\nContent-Length: N\r\n\r\n<doc>\r\n`,
// one HTTP chunk per part). The cadence follows cppagent's AsyncObserver: while data is waiting
// the next part goes out at once; at the end of the buffer a part goes out when new data has
// arrived and `interval` has passed, or an empty one after `heartbeat` without data. A client
// that falls behind the ring buffer gets an error part and the stream ends.
//
// Interval and heartbeat are transport timing and use real timers; observation times come from
// the agent's clock.
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { type AgentCore, AgentRequestError, type Selection } from './agentCore.js'
import type { FaultState } from './faults.js'

const MIN_POLL_MS = 10

export interface StreamSession {
  cancel(): void
}

type PartOutcome = 'sent' | 'full' | 'closed'

class MultipartWriter {
  private readonly boundary = randomUUID()

  constructor(
    private readonly res: ServerResponse,
    private readonly faults: FaultState,
  ) {
    res.writeHead(200, {
      Server: 'MTConnectAgent',
      Connection: 'close',
      'Content-Type': `multipart/mixed;boundary=${this.boundary}`,
      Expires: '-1',
      'Cache-Control': 'no-cache, no-store, max-age=0',
    })
    // cppagent answers with the headers at once (SessionImpl::beginStreaming), before any part.
    res.flushHeaders()
  }

  part(xml: string): PartOutcome {
    if (this.res.destroyed || this.res.writableEnded) return 'closed'
    let body = Buffer.from(xml)
    if (this.faults.takeMalformed()) body = body.subarray(0, Math.floor(body.length / 2))
    const head = Buffer.from(`--${this.boundary}\r\nContent-Type: application/xml\r\nContent-Length: ${body.length}\r\n\r\n`)
    const whole = Buffer.concat([head, body, Buffer.from('\r\n')])
    if (this.faults.takeDrop()) {
      this.res.write(whole.subarray(0, Math.floor(whole.length / 2)), () => this.res.socket?.destroy())
      return 'closed'
    }
    return this.res.write(whole) ? 'sent' : 'full'
  }

  /** cppagent writes a failure as one more part, then the last chunk (SessionImpl::writeFailureResponse). */
  fail(xml: string): void {
    this.part(xml)
    if (!this.res.destroyed) this.res.end()
  }
}

abstract class Session implements StreamSession {
  protected cancelled = false
  private wake: (() => void) | undefined
  private timer: NodeJS.Timeout | undefined
  protected readonly writer: MultipartWriter

  constructor(
    protected readonly core: AgentCore,
    protected readonly res: ServerResponse,
    faults: FaultState,
  ) {
    this.writer = new MultipartWriter(res, faults)
    res.on('close', () => this.cancel())
  }

  start(onEnd: () => void): this {
    this.run()
      .catch((e: unknown) => {
        if (e instanceof AgentRequestError) this.writer.fail(this.core.errorDocument(e))
        else this.res.destroy(e instanceof Error ? e : new Error(String(e)))
      })
      .finally(onEnd)
    return this
  }

  cancel(): void {
    this.cancelled = true
    clearTimeout(this.timer)
    this.res.off('drain', this.resume)
    this.resume()
  }

  protected abstract run(): Promise<void>

  protected sleep(ms: number): Promise<void> {
    if (this.cancelled) return Promise.resolve()
    return new Promise((resolve) => {
      this.wake = resolve
      this.timer = setTimeout(this.resume, ms)
    })
  }

  /** Waits until the socket has room again; meanwhile the buffer may move on past us. */
  protected drain(): Promise<void> {
    if (this.cancelled) return Promise.resolve()
    return new Promise((resolve) => {
      this.wake = resolve
      this.res.once('drain', this.resume)
    })
  }

  private readonly resume = () => {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  protected async send(xml: string): Promise<boolean> {
    const outcome = this.writer.part(xml)
    if (outcome === 'closed') return false
    if (outcome === 'full') await this.drain()
    return !this.cancelled
  }
}

export class SampleStream extends Session {
  constructor(
    core: AgentCore,
    res: ServerResponse,
    faults: FaultState,
    private readonly q: { selection: Selection; from?: number; count: number; intervalMs: number; heartbeatMs: number },
  ) {
    super(core, res, faults)
  }

  protected async run(): Promise<void> {
    let from = this.q.from
    let lastSent = Date.now()
    // The first part, and every part after one that stopped short of the end of the buffer
    // (count reached), goes out without waiting for the interval.
    let catchingUp = true
    const poll = Math.max(MIN_POLL_MS, Math.min(this.q.intervalMs, this.q.heartbeatMs))
    while (!this.cancelled) {
      if (from !== undefined && from < this.core.sequences().firstSequence) {
        this.writer.fail(this.core.errorDocument(new AgentRequestError(400, 'OUT_OF_RANGE', 'Client fell too far behind, disconnecting')))
        return
      }
      const elapsed = Date.now() - lastSent
      const result = this.core.sample(this.q.selection, { from, count: this.q.count })
      const hasData = result.observationCount > 0
      if (hasData && (catchingUp || elapsed >= this.q.intervalMs - 1)) {
        if (!(await this.send(result.xml))) return
        lastSent = Date.now()
        from = result.end
        catchingUp = !result.endOfBuffer
        if (catchingUp) continue
      } else if (!hasData && elapsed >= this.q.heartbeatMs) {
        // A heartbeat: cppagent's fetch walks the buffer to its end, so a filtered stream's
        // heartbeat moves on past other devices' observations (captured stream_heartbeat_avail_only.txt).
        // Between two parts it stands still: a stream filtered to a quiet device, whose
        // observer only wakes at the heartbeat, falls out of a small buffer that other devices
        // fill faster than that (issue 14, fault 4).
        if (!(await this.send(result.xml))) return
        lastSent = Date.now()
        from = result.end
        catchingUp = false
      }
      await this.sleep(poll)
    }
  }
}

export class CurrentStream extends Session {
  constructor(
    core: AgentCore,
    res: ServerResponse,
    faults: FaultState,
    private readonly q: { selection: Selection; intervalMs: number },
  ) {
    super(core, res, faults)
  }

  protected async run(): Promise<void> {
    while (!this.cancelled) {
      if (!(await this.send(this.core.current(this.q.selection)))) return
      await this.sleep(Math.max(MIN_POLL_MS, this.q.intervalMs))
    }
  }
}
