// Delivers the notification outbox: each destination strictly in order (a receiver that is down
// for an hour gets everything when it comes back, in order, once: the head of its queue blocks
// the rest), destinations independent of each other. Retries 5xx, 408, 429 and network errors
// with exponential backoff and jitter, honouring Retry-After; other 4xx fail for good and 410
// Gone stops the destination (ALERTS.md). Every attempt is logged.
import type { Logger } from '../../logger.js'
import { setTimeout as sleep } from 'node:timers/promises'
import { Agent, request } from 'undici'
import type { Clock } from '../../domain/clock.js'
import type { Db } from '../../store/db.js'
import { type PendingNotification, failDestination, headsOfQueues, recordAttempt, redactUrl } from '../../store/notificationOutbox.js'
import { signatureHeaders } from './webhookMessage.js'

export interface DeliveryOptions {
  timeoutMs: number
  backoffMinMs: number
  backoffMaxMs: number
  /** How often the worker looks for due notifications (it is also woken on enqueue). */
  pollMs: number
}

export const DEFAULT_DELIVERY: DeliveryOptions = { timeoutMs: 10_000, backoffMinMs: 1_000, backoffMaxMs: 60_000, pollMs: 1_000 }

export type DeliveryLog = Pick<Logger, 'info' | 'warn'>

export class OutboxDelivery {
  private readonly dispatcher: Agent
  private readonly abort = new AbortController()
  private loop: Promise<void> | undefined
  private wakeUp: (() => void) | undefined
  /** A wake that came while a round was running: the next round starts at once. */
  private woken = false
  private running: Promise<void> = Promise.resolve()

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly log: DeliveryLog, private readonly options: DeliveryOptions = DEFAULT_DELIVERY) {
    this.dispatcher = new Agent({ connect: { timeout: options.timeoutMs }, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs })
  }

  start(): void {
    this.loop ??= this.run()
  }

  /** Something was enqueued: look now rather than at the next poll. */
  wake(): void {
    this.woken = true
    this.wakeUp?.()
  }

  /** Delivers every notification due now, one round (tests and the loop use it). */
  deliverDue(): Promise<void> {
    this.running = this.running.then(() => this.round())
    return this.running
  }

  async close(): Promise<void> {
    this.abort.abort()
    this.wakeUp?.()
    await this.loop
    await this.running
    await this.dispatcher.close()
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      this.woken = false
      try {
        await this.deliverDue()
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, `notification delivery: ${(err as Error).message}`)
      }
      if (this.woken) continue
      await Promise.race([
        sleep(this.options.pollMs, undefined, { signal: this.abort.signal }).catch(() => undefined),
        new Promise<void>((resolve) => { this.wakeUp = resolve }),
      ])
    }
  }

  private async round(): Promise<void> {
    const now = this.clock.now()
    const due = (await headsOfQueues(this.db)).filter((n) => n.nextAttemptAt <= now)
    // One destination's slowness (timeouts) never holds up another's.
    await Promise.all(due.map((n) => this.deliver(n)))
  }

  private async deliver(n: PendingNotification): Promise<void> {
    const started = performance.now()
    const at = this.clock.now()
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'cnc-telemetry' }
    if (n.channelType === 'webhook') Object.assign(headers, signatureHeaders(n.id, Math.floor(at / 1000), n.body, n.signingSecret))
    let statusCode: number | null = null
    let error: string | null = null
    let retryAfterMs: number | undefined
    try {
      const response = await request(n.destination, { method: 'POST', headers, body: n.body, dispatcher: this.dispatcher, signal: this.abort.signal })
      statusCode = response.statusCode
      const text = await response.body.text()
      retryAfterMs = parseRetryAfter(response.headers['retry-after'], at)
      if (statusCode >= 300) error = `HTTP ${statusCode}: ${text.slice(0, 200)}`
    } catch (err) {
      if (this.abort.signal.aborted) return
      error = (err as Error).message
    }
    const attempt = { notificationId: n.id, at, statusCode, error, durationMs: performance.now() - started }
    const where = `${n.channelType} ${redactUrl(n.destination)}`
    if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
      await recordAttempt(this.db, attempt, { kind: 'delivered' })
      return
    }
    const permanent = statusCode !== null && statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429
    if (permanent) {
      await recordAttempt(this.db, attempt, { kind: 'failed' })
      this.log.warn({ notification: n.id, status: statusCode }, `notification ${n.id} to ${where} refused for good: ${error}`)
      if (statusCode === 410) await failDestination(this.db, n.destination, `${where} answered 410 Gone: nothing more is sent there`)
      return
    }
    const backoff = Math.min(this.options.backoffMaxMs, this.options.backoffMinMs * 2 ** n.attempts)
    const delay = Math.max(retryAfterMs ?? 0, backoff / 2 + Math.random() * (backoff / 2))
    await recordAttempt(this.db, attempt, { kind: 'retry', at: at + delay })
    this.log.warn({ notification: n.id, attempt: n.attempts + 1 }, `notification ${n.id} to ${where} failed (${error}); retry in ${Math.round(delay / 1000)} s`)
  }
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value
  if (!text) return undefined
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000
  const date = Date.parse(text)
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined
}
