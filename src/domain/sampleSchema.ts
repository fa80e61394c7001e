// The sample contract as JSON Schema (TypeBox), derived from the field table: the OpenAPI
// document shows it, and the dashboard's types are generated from it at build time
// (scripts/web-api-types.mjs), so neither retypes a field.
import { type TSchema, Type } from '@sinclair/typebox'
import { MACHINE_ID_RULE, MACHINE_ID_SOURCE } from './machineId.js'
import { type FieldSpec, SAMPLE_FIELDS, SAMPLE_FIELD_NAMES } from './sampleFields.js'

function fieldSchema(spec: FieldSpec): TSchema {
  const { description } = spec
  if (spec.kind === 'number') {
    const bounds = { minimum: 0, maximum: spec.max, description }
    return spec.integer ? Type.Integer(bounds) : Type.Number(bounds)
  }
  if (spec.kind === 'enum') return Type.Union(spec.values.map((v) => Type.Literal(v)), { description })
  return Type.String({ maxLength: spec.maxLength, description })
}

const optionalFields = (except: readonly string[] = []) => Object.fromEntries(
  SAMPLE_FIELD_NAMES.filter((f) => !except.includes(f)).map((f) => [f, Type.Optional(fieldSchema(SAMPLE_FIELDS[f]))]),
)
const nullableFields = (except: readonly string[]) => Object.fromEntries(
  SAMPLE_FIELD_NAMES.filter((f) => !except.includes(f)).map((f) => [f, Type.Union([fieldSchema(SAMPLE_FIELDS[f]), Type.Null()])]),
)
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const epochMs = (description: string) => nullable(Type.Number({ description }))

const Timestamp = Type.String({ description: 'ISO 8601 with a zone (Z or ±hh:mm); milliseconds kept' })

/** One sample as POST /v1/telemetry/ingest takes it. */
export const SampleJsonSchema = Type.Object({
  machine_id: Type.String({ pattern: MACHINE_ID_SOURCE, description: `machine id: ${MACHINE_ID_RULE}` }),
  timestamp: Timestamp,
  ...optionalFields(),
}, { $id: 'Sample', additionalProperties: false })

/** A stored sample in a raw history answer: the fields it had, absent ones left out. */
export const RawPointSchema = Type.Object({ timestamp: Timestamp, ...optionalFields(['src']), src: fieldSchema(SAMPLE_FIELDS.src) }, { $id: 'RawPoint' })

/** A bucket of a history answer at 5m, 1h or 1d. */
export const AggregatePointSchema = Type.Object({
  timestamp: Timestamp,
  samples: Type.Integer(),
  rpm: Type.Object({ avg: nullable(Type.Number()), min: nullable(Type.Number()), max: nullable(Type.Number()) }),
  feed_mm_min: Type.Object({ avg: nullable(Type.Number()), max: nullable(Type.Number()) }),
  seconds: Type.Object({ running: Type.Number(), idle: Type.Number(), stopped: Type.Number(), offline: Type.Number(), no_data: Type.Number() }),
  top_state: nullable(Type.String()),
  last_part_count: nullable(Type.Number()),
}, { $id: 'AggregatePoint' })

/** A machine's status (domain/machineStatus.ts) as the live stream sends it. */
export const MachineStatusSchema = Type.Object({
  id: Type.String(),
  plant: nullable(Type.String()),
  model: nullable(Type.String()),
  state: nullable(fieldSchema(SAMPLE_FIELDS.state)),
  state_since: epochMs('epoch ms of the sample that put the machine in its state'),
  last_sample_at: epochMs('epoch ms of the newest sample (machine time)'),
  last_seen_at: epochMs('epoch ms when the server last received anything from the machine'),
  ...nullableFields(['state']),
}, { $id: 'MachineStatus' })
