// The sample contract's fields, declared once (DESIGN.md, "Data contract"). Everything that
// lists them is derived from this table: the Sample type, validation, the telemetry insert
// columns, history reads, alert variables, the OpenAPI schema, and through it the dashboard's
// types. Adding a field is one entry here plus a migration that adds its column.
//
// `machine_id` and the timestamp are the sample's key, not fields of this table: they have
// rules of their own (domain/machineId.ts, the ISO 8601 check in domain/sample.ts).

export const MACHINE_STATES = ['running', 'idle', 'stopped', 'offline'] as const
export type MachineState = (typeof MACHINE_STATES)[number]

export const SAMPLE_SOURCES = ['mtconnect', 'opcua', 'mqtt', 'http'] as const
export type SampleSource = (typeof SAMPLE_SOURCES)[number]

interface NumberField {
  kind: 'number'
  /** Largest accepted value; every number is >= 0. */
  max: number
  integer: boolean
  unit: string
  column: 'float8' | 'int8'
  description: string
}

interface TextField {
  kind: 'text'
  maxLength: number
  column: 'text'
  description: string
}

interface EnumField {
  kind: 'enum'
  values: readonly string[]
  column: 'text'
  description: string
}

export type FieldSpec = NumberField | TextField | EnumField

/**
 * The numbers' bounds are the largest value a person would believe, and that every aggregate
 * can sum without overflow (README, "The sample contract"). rpm: air-bearing spindles of PCB
 * drilling and micro-machining reach 300,000-400,000 rpm, so 500,000 leaves room and refuses a
 * unit or scale mistake; feed: linear-motor machines rapid at ~240 m/min, 1,000,000 mm/min is
 * four times that; part_count: a counter of 10^12 parts is 30,000 years of 1-second cycles.
 */
export const SAMPLE_FIELDS = {
  rpm: { kind: 'number', max: 500_000, integer: false, unit: 'rpm', column: 'float8', description: 'spindle speed, rev/min' },
  feed_mm_min: { kind: 'number', max: 1_000_000, integer: false, unit: 'mm/min', column: 'float8', description: 'path feed rate, mm/min' },
  state: { kind: 'enum', values: MACHINE_STATES, column: 'text', description: 'running, idle, stopped or offline' },
  part_count: { kind: 'number', max: 1e12, integer: true, unit: 'parts', column: 'int8', description: 'part counter as reported by the controller (may reset)' },
  program: { kind: 'text', maxLength: 256, column: 'text', description: 'active NC program' },
  execution: { kind: 'text', maxLength: 64, column: 'text', description: 'raw controller execution value (e.g. MTConnect Execution)' },
  mode: { kind: 'text', maxLength: 64, column: 'text', description: 'raw controller mode' },
  alarm: { kind: 'text', maxLength: 1024, column: 'text', description: 'active alarm or condition text' },
  sequence: { kind: 'number', max: Number.MAX_SAFE_INTEGER, integer: true, unit: '', column: 'int8', description: 'source sequence number (MTConnect)' },
  src: { kind: 'enum', values: SAMPLE_SOURCES, column: 'text', description: 'mtconnect, opcua, mqtt or http (default http)' },
} as const satisfies Record<string, FieldSpec>

type Fields = typeof SAMPLE_FIELDS
export type SampleField = keyof Fields

/** The value type of a field, from its kind. */
export type FieldValue<F extends SampleField> = Fields[F] extends { kind: 'number' }
  ? number
  : Fields[F] extends { kind: 'enum'; values: readonly (infer V)[] } ? V : string

/** Every field, optional (src included: a partial update of a machine's values). */
export type SampleValues = { [F in SampleField]?: FieldValue<F> }

/** The fields in their table order. */
export const SAMPLE_FIELD_NAMES = Object.keys(SAMPLE_FIELDS) as SampleField[]
