import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import type { AlertEngine } from '../alerts/engine/alertEngine.js'
import type { AlertRule } from '../alerts/rules/index.js'
import { GLOB_RULE, isValidMachineGlob } from '../alerts/rules/machineGlob.js'
import type { ConfigFileStatus } from '../config/configFileWatcher.js'
import type { Clock } from '../domain/clock.js'
import { type ErrorDetail, errors } from '../domain/errors.js'
import { alertHistory, createSilence, deleteSilence, getAlert, listActiveAlerts, listSilences } from '../store/alerts.js'
import type { Queryable } from '../store/db.js'
import { deliveryLog, redactUrl } from '../store/notificationOutbox.js'
import { jsonObjectBody } from './jsonBody.js'
import { zonedInstant } from './zonedInstant.js'
import { MachineId, RowIdParams } from './routeSchemas.js'

/** What the API may ask of the alerting side. */
export interface AlertsView {
  engine: AlertEngine
  rules(): AlertRule[]
  configFile(): ConfigFileStatus | undefined
}

const HistoryQuery = Type.Object({
  machine_id: Type.Optional(MachineId()),
  rule: Type.Optional(Type.String({ maxLength: 128 })),
  severity: Type.Optional(Type.Union([Type.Literal('critical'), Type.Literal('warning'), Type.Literal('info')])),
  from: Type.Optional(Type.String({ description: 'fired at or after; ISO 8601 with zone' })),
  to: Type.Optional(Type.String({ description: 'fired before; ISO 8601 with zone' })),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the next_before of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
})
/** A silence longer than a year is a rule switched off: say `enabled: false` in alerts.yaml. */
const MAX_SILENCE_MINUTES = 366 * 24 * 60
const NOTIFIES_NOBODY = 'nobody: the rule has no channels; its alerts show on the dashboard and in /v1/alerts/history'
interface AckBody { by?: unknown }
interface SilenceBody { rule?: unknown; machine_id?: unknown; ends_at?: unknown; minutes?: unknown; comment?: unknown }

export function alertRoutes(app: FastifyInstance, db: Queryable, clock: Clock, alerts: AlertsView): void {
  app.get('/v1/alerts', { schema: { summary: 'Active alerts: firing (with acknowledgement) and pending (condition true, duration not reached yet)', tags: ['alerts'] } }, async () => {
    const firing = await listActiveAlerts(db)
    const pending = alerts.engine.activeInstances().filter((i) => i.state === 'pending')
      .map((i) => ({ rule: i.rule, machine_id: i.machineId, active_since: new Date(i.activeSince ?? 0).toISOString() }))
    return { firing, pending }
  })

  app.get<{ Querystring: Static<typeof HistoryQuery> }>('/v1/alerts/history', {
    schema: { summary: 'Alerts that fired, newest first, with filters and paging', tags: ['alerts'], querystring: HistoryQuery },
  }, async (request) => {
    const q = request.query
    const problems: ErrorDetail[] = []
    const from = q.from === undefined ? undefined : zonedInstant(q.from, 'from', problems)
    const to = q.to === undefined ? undefined : zonedInstant(q.to, 'to', problems)
    if (problems.length > 0) throw errors.badQuery(problems)
    const limit = q.limit ?? 100
    const rows = await alertHistory(db, { machineId: q.machine_id, rule: q.rule, severity: q.severity, from, to, before: q.before, limit })
    return { alerts: rows, next_before: rows.length === limit ? rows[rows.length - 1]?.id ?? null : null }
  })

  app.get('/v1/alerts/rules', { schema: { summary: 'The loaded rules with their status, and the rules file in effect', tags: ['alerts'] } }, async () => {
    const statuses = new Map(alerts.engine.ruleStatuses().map((s) => [s.name, s]))
    return {
      config: alerts.configFile() ?? null,
      rules: alerts.rules().map((r) => ({
        name: r.name, description: r.description ?? null, machine_id: r.machineGlob, condition: r.conditionSource, severity: r.severity,
        duration_seconds: r.durationSeconds, repeat_interval_seconds: r.repeatIntervalSeconds, resolve_after_seconds: r.resolveAfterSeconds,
        notify_resolved: r.notifyResolved, enabled: r.enabled, labels: r.labels,
        channels: r.channels.map((c) => ({ type: c.type, destination: redactUrl(c.url), signed: Boolean(c.secret), format: c.format ?? null })),
        notifies: r.channels.length > 0 ? r.channels.map((c) => c.type).join(', ') : NOTIFIES_NOBODY,
        status: statuses.get(r.name) ?? null,
      })),
    }
  })

  app.get('/v1/alerts/silences', { schema: { summary: 'Silences in effect', tags: ['alerts'] } }, async () => ({ silences: await listSilences(db, clock.now()) }))

  app.post('/v1/alerts/silences', {
    schema: { summary: 'Mute notifications of a rule and/or machine until a time (the alerts still fire and show)', tags: ['alerts'] },
  }, async (request, reply) => {
    const body = jsonObjectBody(request.body) as SilenceBody
    const problems: ErrorDetail[] = []
    for (const k of Object.keys(body)) if (!['rule', 'machine_id', 'ends_at', 'minutes', 'comment'].includes(k)) problems.push({ field: k, reason: 'unknown field; accepted: rule, machine_id, ends_at, minutes, comment' })
    if (body.rule !== undefined && !alerts.rules().some((r) => r.name === body.rule)) problems.push({ field: 'rule', reason: `no rule is named ${JSON.stringify(body.rule)}; see GET /v1/alerts/rules` })
    if (body.machine_id !== undefined && (typeof body.machine_id !== 'string' || !isValidMachineGlob(body.machine_id))) problems.push({ field: 'machine_id', reason: GLOB_RULE })
    let endsAt = NaN
    if (body.minutes !== undefined) endsAt = typeof body.minutes === 'number' && body.minutes > 0 && body.minutes <= MAX_SILENCE_MINUTES ? clock.now() + body.minutes * 60_000 : NaN
    else if (typeof body.ends_at === 'string' && /([zZ]|[+-]\d{2}:?\d{2})$/.test(body.ends_at)) endsAt = Date.parse(body.ends_at)
    if (!Number.isFinite(endsAt) || endsAt <= clock.now() || endsAt > clock.now() + MAX_SILENCE_MINUTES * 60_000) {
      problems.push({ field: body.minutes !== undefined ? 'minutes' : 'ends_at', reason: `give ends_at (ISO 8601 with zone, in the future) or minutes (> 0); a silence lasts at most a year (${MAX_SILENCE_MINUTES.toLocaleString('en-US')} minutes)` })
    }
    if (body.comment !== undefined && (typeof body.comment !== 'string' || body.comment.length > 1024)) problems.push({ field: 'comment', reason: 'text of at most 1024 characters' })
    if (problems.length > 0) throw errors.invalidRequest(problems)
    const silence = await createSilence(db, { rule: body.rule as string | undefined, machineId: body.machine_id as string | undefined, endsAt, comment: body.comment as string | undefined })
    return reply.code(201).send(silence)
  })

  app.delete<{ Params: Static<typeof RowIdParams> }>('/v1/alerts/silences/:id', { schema: { summary: 'End a silence', tags: ['alerts'], params: RowIdParams } }, async (request) => {
    if (!(await deleteSilence(db, request.params.id))) throw errors.unknownSilence(request.params.id)
    return { deleted: request.params.id }
  })

  app.get<{ Params: Static<typeof RowIdParams> }>('/v1/alerts/:id', { schema: { summary: 'One alert', tags: ['alerts'], params: RowIdParams } }, async (request) => {
    const alert = await getAlert(db, request.params.id)
    if (!alert) throw errors.unknownAlert(request.params.id)
    return alert
  })

  app.get<{ Params: Static<typeof RowIdParams> }>('/v1/alerts/:id/deliveries', {
    schema: { summary: 'Every notification of an alert and each delivery attempt', tags: ['alerts'], params: RowIdParams },
  }, async (request) => {
    if (!(await getAlert(db, request.params.id))) throw errors.unknownAlert(request.params.id)
    return { deliveries: await deliveryLog(db, request.params.id) }
  })

  app.post<{ Params: Static<typeof RowIdParams> }>('/v1/alerts/:id/ack', {
    schema: { summary: 'Acknowledge a firing alert: no more repeats; it still resolves by itself', tags: ['alerts'], params: RowIdParams },
  }, async (request) => {
    const body = request.body && (request.body as Buffer).length > 0 ? jsonObjectBody(request.body) as AckBody : {}
    const alert = await getAlert(db, request.params.id)
    if (!alert) throw errors.unknownAlert(request.params.id)
    if (!(await alerts.engine.acknowledge(alert.id, typeof body.by === 'string' ? body.by.slice(0, 128) : null))) {
      throw errors.alertNotFiring(alert.id, alert.resolved_at)
    }
    return getAlert(db, alert.id)
  })
}
