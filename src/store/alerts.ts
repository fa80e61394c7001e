// Alert persistence: instances (the lifecycle of each rule on each machine), the history of
// alerts that fired, silences. The notification outbox is in notificationOutbox.ts.
import type { AlertRow, Silence } from '../domain/alertRecords.js'
import type { AlertInstance } from '../domain/alertLifecycle.js'
import type { Queryable } from './db.js'

export interface StoredInstance extends AlertInstance {
  rule: string
  machineId: string
  alertId: number | null
}

interface InstanceRow {
  rule: string
  machine_id: string
  state: 'pending' | 'firing'
  active_since: Date
  firing_since: Date | null
  clear_since: Date | null
  last_notified_at: Date | null
  acknowledged_at: Date | null
  alert_id: string | number | null
}

const ms = (d: Date | null) => d?.getTime() ?? null
const date = (n: number | null) => (n === null ? null : new Date(n))

export async function loadInstances(db: Queryable): Promise<StoredInstance[]> {
  const rows = await db.query<InstanceRow>('SELECT * FROM alert_instances')
  return rows.rows.map((r) => ({
    rule: r.rule, machineId: r.machine_id, state: r.state, activeSince: ms(r.active_since), firingSince: ms(r.firing_since),
    clearSince: ms(r.clear_since), lastNotifiedAt: ms(r.last_notified_at), acknowledgedAt: ms(r.acknowledged_at), error: null,
    alertId: r.alert_id === null ? null : Number(r.alert_id),
  }))
}

/** Stores an instance; an inactive one is deleted (inactive is the default of every pair). */
export async function saveInstance(db: Queryable, i: StoredInstance): Promise<void> {
  if (i.state === 'inactive') {
    await db.query('DELETE FROM alert_instances WHERE rule = $1 AND machine_id = $2', [i.rule, i.machineId])
    return
  }
  await db.query(
    `INSERT INTO alert_instances (rule, machine_id, state, active_since, firing_since, clear_since, last_notified_at, acknowledged_at, alert_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
     ON CONFLICT (rule, machine_id) DO UPDATE SET state = EXCLUDED.state, active_since = EXCLUDED.active_since,
       firing_since = EXCLUDED.firing_since, clear_since = EXCLUDED.clear_since, last_notified_at = EXCLUDED.last_notified_at,
       acknowledged_at = EXCLUDED.acknowledged_at, alert_id = EXCLUDED.alert_id, updated_at = now()`,
    [i.rule, i.machineId, i.state, date(i.activeSince), date(i.firingSince), date(i.clearSince), date(i.lastNotifiedAt), date(i.acknowledgedAt), i.alertId])
}

export interface NewAlert {
  rule: string
  machineId: string
  severity: string
  activeSince: number
  firedAt: number
  labels: Record<string, string>
  snapshot: Record<string, unknown>
}

export async function insertAlert(db: Queryable, a: NewAlert): Promise<number> {
  const r = await db.query<{ id: string | number }>(
    `INSERT INTO alerts (rule, machine_id, severity, active_since, fired_at, labels, snapshot) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb) RETURNING id`,
    [a.rule, a.machineId, a.severity, new Date(a.activeSince), new Date(a.firedAt), JSON.stringify(a.labels), JSON.stringify(a.snapshot)])
  return Number(r.rows[0]?.id)
}

export async function resolveAlert(db: Queryable, id: number, at: number): Promise<void> {
  await db.query('UPDATE alerts SET resolved_at = $2 WHERE id = $1 AND resolved_at IS NULL', [id, new Date(at)])
}

export async function acknowledgeAlert(db: Queryable, id: number, at: number, by: string | null): Promise<void> {
  await db.query('UPDATE alerts SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1', [id, new Date(at), by])
}

export type { AlertRow, Silence } from '../domain/alertRecords.js'

const ALERT_COLUMNS = `id, rule, machine_id, severity, active_since, fired_at, resolved_at, acknowledged_at, acknowledged_by, labels, snapshot`

function alertRow(r: Record<string, unknown>): AlertRow {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null)
  return {
    id: Number(r.id), rule: String(r.rule), machine_id: String(r.machine_id), severity: String(r.severity),
    active_since: iso(r.active_since) ?? '', fired_at: iso(r.fired_at) ?? '', resolved_at: iso(r.resolved_at),
    acknowledged_at: iso(r.acknowledged_at), acknowledged_by: (r.acknowledged_by as string | null) ?? null,
    labels: r.labels as Record<string, string>, snapshot: r.snapshot as Record<string, unknown>,
  }
}

export async function getAlert(db: Queryable, id: number): Promise<AlertRow | undefined> {
  const r = await db.query<Record<string, unknown>>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1`, [id])
  return r.rows[0] ? alertRow(r.rows[0]) : undefined
}

export async function listActiveAlerts(db: Queryable): Promise<AlertRow[]> {
  const r = await db.query<Record<string, unknown>>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE resolved_at IS NULL ORDER BY fired_at DESC, id DESC`)
  return r.rows.map(alertRow)
}

export interface HistoryFilter {
  machineId?: string
  rule?: string
  severity?: string
  from?: number
  to?: number
  /** Page: alerts fired before this id (the previous page's next_before). */
  before?: number
  limit: number
}

export async function alertHistory(db: Queryable, f: HistoryFilter): Promise<AlertRow[]> {
  const where: string[] = []
  const params: unknown[] = []
  const add = (sql: string, value: unknown) => {
    params.push(value)
    where.push(sql.replace('?', `$${params.length}`))
  }
  if (f.machineId !== undefined) add('machine_id = ?', f.machineId)
  if (f.rule !== undefined) add('rule = ?', f.rule)
  if (f.severity !== undefined) add('severity = ?', f.severity)
  if (f.from !== undefined) add('fired_at >= ?', new Date(f.from))
  if (f.to !== undefined) add('fired_at < ?', new Date(f.to))
  if (f.before !== undefined) add('id < ?', f.before)
  params.push(f.limit)
  const r = await db.query<Record<string, unknown>>(
    `SELECT ${ALERT_COLUMNS} FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`, params)
  return r.rows.map(alertRow)
}

export async function createSilence(db: Queryable, s: { rule?: string; machineId?: string; endsAt: number; comment?: string }): Promise<Silence> {
  const r = await db.query<Record<string, unknown>>(
    'INSERT INTO alert_silences (rule, machine_id, ends_at, comment) VALUES ($1, $2, $3, $4) RETURNING *',
    [s.rule ?? null, s.machineId ?? null, new Date(s.endsAt), s.comment ?? null])
  return silenceRow(r.rows[0] ?? {})
}

export async function listSilences(db: Queryable, now: number): Promise<Silence[]> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM alert_silences WHERE ends_at > $1 ORDER BY ends_at', [new Date(now)])
  return r.rows.map(silenceRow)
}

export async function deleteSilence(db: Queryable, id: number): Promise<boolean> {
  return (await db.query('DELETE FROM alert_silences WHERE id = $1', [id])).rowCount > 0
}

function silenceRow(r: Record<string, unknown>): Silence {
  return {
    id: Number(r.id), rule: (r.rule as string | null) ?? null, machine_id: (r.machine_id as string | null) ?? null,
    ends_at: (r.ends_at as Date).toISOString(), comment: (r.comment as string | null) ?? null, created_at: (r.created_at as Date).toISOString(),
  }
}
