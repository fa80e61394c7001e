// The variables an alert condition can read, each with its type, so that a typo or a type
// error fails when alerts.yaml loads rather than when the rule should have fired.
import { type FieldSpec, type SampleValues, SAMPLE_FIELDS, SAMPLE_FIELD_NAMES } from '../../domain/sampleFields.js'

/** All numbers are one type (a double): users never meet CEL's int/double/BigInt split. */
export type VariableType = 'number' | 'string'

export interface VariableSpec {
  type: VariableType
  description: string
  /** The values a string variable can take, when the contract fixes them (checked at load). */
  values?: readonly string[]
}

/** Every field of the sample contract is a variable, plus the machine's identity and timers. */
export const CONDITION_VARIABLES: Readonly<Record<string, VariableSpec>> = Object.freeze({
  machine_id: { type: 'string', description: 'the machine id' },
  ...Object.fromEntries(SAMPLE_FIELD_NAMES.map((name) => [name, variableOf(SAMPLE_FIELDS[name])])),
  duration_seconds: { type: 'number', description: 'seconds in the current state' },
  duration_min: { type: 'number', description: 'minutes in the current state (fractional)' },
  seconds_since_last_sample: { type: 'number', description: 'seconds since the machine last sent data' },
  plant: { type: 'string', description: 'plant of the machine (machines registry)' },
  model: { type: 'string', description: 'model of the machine (machines registry)' },
})

function variableOf(field: FieldSpec): VariableSpec {
  if (field.kind === 'number') return { type: 'number', description: field.description }
  if (field.kind === 'enum') return { type: 'string', description: field.description, values: field.values }
  return { type: 'string', description: field.description }
}

export const VARIABLE_NAMES: readonly string[] = Object.keys(CONDITION_VARIABLES)

/** What a condition is evaluated against: the latest values of one machine, and its timers. */
export type AlertVariables = SampleValues & {
  machine_id?: string
  /** Time in the current state. */
  duration_seconds: number
  /** duration_seconds / 60, not rounded. */
  duration_min: number
  seconds_since_last_sample: number
  plant?: string
  model?: string
}
