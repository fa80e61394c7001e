// The variables an alert condition can read, each with its type, so that a typo or a type
// error fails when alerts.yaml loads rather than when the rule should have fired.
import { MACHINE_STATES, SAMPLE_SOURCES } from '../../domain/sample.js'

/** All numbers are one type (a double): users never meet CEL's int/double/BigInt split. */
export type VariableType = 'number' | 'string'

export interface VariableSpec {
  type: VariableType
  description: string
  /** The values a string variable can take, when the contract fixes them (checked at load). */
  values?: readonly string[]
}

export const CONDITION_VARIABLES: Readonly<Record<string, VariableSpec>> = Object.freeze({
  machine_id: { type: 'string', description: 'the machine id' },
  rpm: { type: 'number', description: 'spindle speed, rev/min' },
  feed_mm_min: { type: 'number', description: 'path feed rate, mm/min' },
  state: { type: 'string', description: 'running, idle, stopped or offline', values: MACHINE_STATES },
  part_count: { type: 'number', description: 'part counter as reported by the controller' },
  program: { type: 'string', description: 'active NC program' },
  execution: { type: 'string', description: 'raw controller execution value' },
  mode: { type: 'string', description: 'raw controller mode' },
  alarm: { type: 'string', description: 'active alarm text' },
  sequence: { type: 'number', description: 'source sequence number' },
  src: { type: 'string', description: 'mtconnect, opcua, mqtt or http', values: SAMPLE_SOURCES },
  duration_seconds: { type: 'number', description: 'seconds in the current state' },
  duration_min: { type: 'number', description: 'minutes in the current state (fractional)' },
  seconds_since_last_sample: { type: 'number', description: 'seconds since the machine last sent data' },
  plant: { type: 'string', description: 'plant of the machine (machines registry)' },
  model: { type: 'string', description: 'model of the machine (machines registry)' },
})

export const VARIABLE_NAMES: readonly string[] = Object.keys(CONDITION_VARIABLES)

/** What a condition is evaluated against: the latest values of one machine, and its timers. */
export interface AlertVariables {
  machine_id?: string
  rpm?: number
  feed_mm_min?: number
  state?: string
  part_count?: number
  program?: string
  execution?: string
  mode?: string
  alarm?: string
  sequence?: number
  src?: string
  /** Time in the current state. */
  duration_seconds: number
  /** duration_seconds / 60, not rounded. */
  duration_min: number
  seconds_since_last_sample: number
  plant?: string
  model?: string
}
