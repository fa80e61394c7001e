// What the alert endpoints answer, as JSON Schema (TypeBox): the store's rows are these types,
// and the dashboard's are generated from them at build time (scripts/web-api-types.mjs).
import { type Static, type TSchema, Type } from '@sinclair/typebox'

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Instant = Type.String({ description: 'ISO 8601, UTC' })

export const AlertRowSchema = Type.Object({
  id: Type.Integer(),
  rule: Type.String(),
  machine_id: Type.String(),
  severity: Type.String(),
  active_since: Instant,
  fired_at: Instant,
  resolved_at: Type.Union([Instant, Type.Null()]),
  acknowledged_at: Type.Union([Instant, Type.Null()]),
  acknowledged_by: nullable(Type.String()),
  labels: Type.Record(Type.String(), Type.String()),
  snapshot: Type.Record(Type.String(), Type.Unknown(), { description: 'the machine status when the alert fired' }),
}, { $id: 'AlertRow' })
export type AlertRow = Static<typeof AlertRowSchema>

export const PendingAlertSchema = Type.Object({ rule: Type.String(), machine_id: Type.String(), active_since: Instant }, { $id: 'PendingAlert' })

export const ActiveAlertsSchema = Type.Object({ firing: Type.Array(AlertRowSchema), pending: Type.Array(PendingAlertSchema) }, { $id: 'ActiveAlerts' })

export const SilenceSchema = Type.Object({
  id: Type.Integer(),
  rule: nullable(Type.String()),
  machine_id: nullable(Type.String()),
  ends_at: Instant,
  comment: nullable(Type.String()),
  created_at: Instant,
}, { $id: 'Silence' })
export type Silence = Static<typeof SilenceSchema>

export const DeliverySchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  channel_type: Type.String(),
  destination: Type.String({ description: 'the URL with its secret parts redacted' }),
  status: Type.String(),
  created_at: Instant,
  delivered_at: Type.Union([Instant, Type.Null()]),
  attempts: Type.Array(Type.Object({ at: Instant, status_code: nullable(Type.Integer()), error: nullable(Type.String()), duration_ms: Type.Number() })),
}, { $id: 'Delivery' })
export type DeliveryLogEntry = Static<typeof DeliverySchema>
