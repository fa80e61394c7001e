import type { FastifyPluginAsync } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { type Alerts, MAX_SILENCE_MINUTES, SILENCE_LASTS } from '../alerts/alerts.js'
import { type ErrorDetail, errors } from '../domain/errors.js'
import { zonedInstant } from './zonedInstant.js'
import { MachineGlob, MachineId, RowIdParams } from './routeSchemas.js'

const HistoryQuery = Type.Object({
  machine_id: Type.Optional(MachineId()),
  rule: Type.Optional(Type.String({ maxLength: 128 })),
  severity: Type.Optional(Type.Union([Type.Literal('critical'), Type.Literal('warning'), Type.Literal('info')])),
  from: Type.Optional(Type.String({ description: 'fired at or after; ISO 8601 with zone' })),
  to: Type.Optional(Type.String({ description: 'fired before; ISO 8601 with zone' })),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the next_before of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
})
const NOTIFIES_NOBODY = 'nobody: the rule has no channels; its alerts show on the dashboard and in /v1/alerts/history'

/** The rule names accepted follow the rules file in effect. */
const silenceBody = (rules: readonly string[]) => Type.Object({
  rule: Type.Optional(Type.Union(rules.map((r) => Type.Literal(r)), { errorMessage: `no rule is named so; the rules are ${rules.join(', ') || 'none'} (GET /v1/alerts/rules)` })),
  machine_id: Type.Optional(MachineGlob),
  ends_at: Type.Optional(Type.String({ description: 'ISO 8601 with zone, in the future', errorMessage: SILENCE_LASTS })),
  minutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: MAX_SILENCE_MINUTES, description: 'from now; instead of ends_at', errorMessage: SILENCE_LASTS })),
  comment: Type.Optional(Type.String({ maxLength: 1024, errorMessage: 'text of at most 1024 characters' })),
}, { additionalProperties: false })
type SilenceBody = Static<ReturnType<typeof silenceBody>>
/** Anything else in the body is ignored, as it always was. */
const AckBody = Type.Object({ by: Type.Optional(Type.Unknown({ description: 'who acknowledges: text, cut at 128 characters' })) })

export const alertRoutes: FastifyPluginAsync<{ alerts: Alerts }> = async (app, { alerts }) => {
  app.get('/v1/alerts', {
    config: { capability: 'read' },
    schema: { summary: 'Active alerts: firing (with acknowledgement) and pending (condition true, duration not reached yet)', tags: ['alerts'] },
  }, async () => {
    const { firing, pending } = await alerts.active()
    return { firing, pending: pending.map((i) => ({ rule: i.rule, machine_id: i.machineId, active_since: new Date(i.activeSince).toISOString() })) }
  })

  app.get<{ Querystring: Static<typeof HistoryQuery> }>('/v1/alerts/history', {
    config: { capability: 'read' },
    schema: { summary: 'Alerts that fired, newest first, with filters and paging', tags: ['alerts'], querystring: HistoryQuery },
  }, async (request) => {
    const q = request.query
    const problems: ErrorDetail[] = []
    const from = q.from === undefined ? undefined : zonedInstant(q.from, 'from', problems)
    const to = q.to === undefined ? undefined : zonedInstant(q.to, 'to', problems)
    if (problems.length > 0) throw errors.badQuery(problems)
    const limit = q.limit ?? 100
    const rows = await alerts.history({ machineId: q.machine_id, rule: q.rule, severity: q.severity, from, to, before: q.before, limit })
    return { alerts: rows, next_before: rows.length === limit ? rows[rows.length - 1]?.id ?? null : null }
  })

  app.get('/v1/alerts/rules', { config: { capability: 'read' }, schema: { summary: 'The loaded rules with their status, and the rules file in effect', tags: ['alerts'] } }, async () => ({
    config: alerts.configFile() ?? null,
    rules: alerts.rules().map(({ rule: r, status, channels }) => ({
      name: r.name, description: r.description ?? null, machine_id: r.machineGlob, condition: r.conditionSource, severity: r.severity,
      duration_seconds: r.durationSeconds, repeat_interval_seconds: r.repeatIntervalSeconds, resolve_after_seconds: r.resolveAfterSeconds,
      notify_resolved: r.notifyResolved, enabled: r.enabled, labels: r.labels, channels,
      notifies: channels.length > 0 ? channels.map((c) => c.type).join(', ') : NOTIFIES_NOBODY,
      status,
    })),
  }))

  app.get('/v1/alerts/silences', { config: { capability: 'read' }, schema: { summary: 'Silences in effect', tags: ['alerts'] } }, async () => ({ silences: await alerts.silences() }))

  app.post<{ Body: SilenceBody }>('/v1/alerts/silences', {
    config: { capability: 'operate', jsonBody: { schema: () => silenceBody(alerts.ruleNames()) } },
    schema: { summary: 'Mute notifications of a rule and/or machine until a time (the alerts still fire and show)', tags: ['alerts'] },
  }, async (request, reply) => {
    const b = request.body
    return reply.code(201).send(await alerts.silence({ rule: b.rule, machineId: b.machine_id, minutes: b.minutes, endsAt: b.ends_at, comment: b.comment }))
  })

  app.delete<{ Params: Static<typeof RowIdParams> }>('/v1/alerts/silences/:id', {
    config: { capability: 'operate' },
    schema: { summary: 'End a silence', tags: ['alerts'], params: RowIdParams },
  }, async (request) => {
    await alerts.endSilence(request.params.id)
    return { deleted: request.params.id }
  })

  app.get<{ Params: Static<typeof RowIdParams> }>('/v1/alerts/:id', { config: { capability: 'read' }, schema: { summary: 'One alert', tags: ['alerts'], params: RowIdParams } },
    async (request) => alerts.get(request.params.id))

  app.get<{ Params: Static<typeof RowIdParams> }>('/v1/alerts/:id/deliveries', {
    config: { capability: 'read' },
    schema: { summary: 'Every notification of an alert and each delivery attempt', tags: ['alerts'], params: RowIdParams },
  }, async (request) => ({ deliveries: await alerts.deliveries(request.params.id) }))

  app.post<{ Params: Static<typeof RowIdParams>; Body: Static<typeof AckBody> }>('/v1/alerts/:id/ack', {
    config: { capability: 'operate', jsonBody: { schema: AckBody, optional: true } },
    schema: { summary: 'Acknowledge a firing alert: no more repeats; it still resolves by itself', tags: ['alerts'], params: RowIdParams },
  }, async (request) => {
    const by = request.body.by
    return alerts.acknowledge(request.params.id, typeof by === 'string' ? by.slice(0, 128) : null)
  })
}
