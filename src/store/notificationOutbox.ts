// The durable notification outbox: a notification is stored in the same transaction as the
// alert change that caused it, then delivered by a worker, oldest first per destination, with
// every attempt logged.
import type { DeliveryLogEntry } from '../domain/alertRecords.js'
import type { Queryable } from './db.js'

export interface OutboxEntry {
  id: string
  alertId: number
  kind: 'firing' | 'repeat' | 'resolved'
  channelType: string
  destination: string
  signingSecret: string | null
  body: string
  createdAt: number
  /** 'silenced': stored for the record, never sent. */
  status?: 'pending' | 'silenced'
}

export async function enqueueNotification(db: Queryable, e: OutboxEntry): Promise<void> {
  await db.query(
    `INSERT INTO notification_outbox (id, alert_id, kind, channel_type, destination, signing_secret, body, created_at, status, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8)`,
    [e.id, e.alertId, e.kind, e.channelType, e.destination, e.signingSecret, e.body, new Date(e.createdAt), e.status ?? 'pending'])
}

export interface PendingNotification {
  id: string
  alertId: number
  kind: string
  channelType: string
  destination: string
  signingSecret: string | null
  body: string
  attempts: number
  nextAttemptAt: number
}

/** The oldest pending notification of every destination (delivery keeps each destination in order). */
export async function headsOfQueues(db: Queryable): Promise<PendingNotification[]> {
  const r = await db.query<Record<string, unknown>>(
    `SELECT DISTINCT ON (destination) id, alert_id, kind, channel_type, destination, signing_secret, body, attempts, next_attempt_at
       FROM notification_outbox WHERE status = 'pending' ORDER BY destination, seq`)
  return r.rows.map((x) => ({
    id: String(x.id), alertId: Number(x.alert_id), kind: String(x.kind), channelType: String(x.channel_type), destination: String(x.destination),
    signingSecret: (x.signing_secret as string | null) ?? null, body: String(x.body), attempts: Number(x.attempts), nextAttemptAt: (x.next_attempt_at as Date).getTime(),
  }))
}

export interface AttemptRecord {
  notificationId: string
  at: number
  statusCode: number | null
  error: string | null
  durationMs: number
}

/** Logs an attempt and moves the notification on: delivered, failed for good, or retried later. */
export async function recordAttempt(db: Queryable, a: AttemptRecord, outcome: { kind: 'delivered' } | { kind: 'failed' } | { kind: 'retry'; at: number }): Promise<void> {
  await db.query('INSERT INTO notification_attempts (notification_id, attempted_at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)',
    [a.notificationId, new Date(a.at), a.statusCode, a.error, Math.round(a.durationMs)])
  if (outcome.kind === 'delivered') {
    await db.query(`UPDATE notification_outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, last_error = NULL WHERE id = $1`, [a.notificationId, new Date(a.at)])
  } else if (outcome.kind === 'failed') {
    await db.query(`UPDATE notification_outbox SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1`, [a.notificationId, a.error])
  } else {
    await db.query(`UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1`, [a.notificationId, new Date(outcome.at), a.error])
  }
}

/** A destination that answered 410 Gone: nothing more is sent to it. */
export async function failDestination(db: Queryable, destination: string, reason: string): Promise<void> {
  await db.query(`UPDATE notification_outbox SET status = 'failed', last_error = $2 WHERE destination = $1 AND status = 'pending'`, [destination, reason])
}

export type { DeliveryLogEntry } from '../domain/alertRecords.js'

/** Every notification of an alert with its attempts (GET /v1/alerts/{id}/deliveries). */
export async function deliveryLog(db: Queryable, alertId: number): Promise<DeliveryLogEntry[]> {
  const r = await db.query<Record<string, unknown>>(
    `SELECT o.id, o.kind, o.channel_type, o.destination, o.status, o.created_at, o.delivered_at,
            coalesce(json_agg(json_build_object('at', a.attempted_at, 'status_code', a.status_code, 'error', a.error, 'duration_ms', a.duration_ms)
              ORDER BY a.attempted_at) FILTER (WHERE a.id IS NOT NULL), '[]') AS attempts
       FROM notification_outbox o LEFT JOIN notification_attempts a ON a.notification_id = o.id
      WHERE o.alert_id = $1 GROUP BY o.id ORDER BY o.seq`, [alertId])
  return r.rows.map((x) => ({
    id: String(x.id), kind: String(x.kind), channel_type: String(x.channel_type), destination: redactUrl(String(x.destination)), status: String(x.status),
    created_at: (x.created_at as Date).toISOString(), delivered_at: (x.delivered_at as Date | null)?.toISOString() ?? null,
    attempts: x.attempts as DeliveryLogEntry['attempts'],
  }))
}

/** Slack webhook URLs are credentials: show the host and the start of the path only. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}${u.pathname.length > 12 ? `${u.pathname.slice(0, 12)}…` : u.pathname}`
  } catch {
    return '(invalid URL)'
  }
}
