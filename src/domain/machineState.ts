// Derives the machine state of the contract (running / idle / stopped / offline) from the
// controller's signals. The table is MTCONNECT.md's default; vendors override single entries
// (a Fanuc that reports an idle, reset machine as STOPPED maps STOPPED to idle).
import { MACHINE_STATES, type MachineState } from './sample.js'

export type ExecutionStateTable = Readonly<Record<string, MachineState>>

export const DEFAULT_EXECUTION_STATES: ExecutionStateTable = {
  ACTIVE: 'running',
  READY: 'idle',
  PROGRAM_STOPPED: 'idle',
  PROGRAM_COMPLETED: 'idle',
  OPTIONAL_STOP: 'idle',
  WAIT: 'idle',
  STOPPED: 'stopped',
  FEED_HOLD: 'stopped',
  INTERRUPTED: 'stopped',
  UNAVAILABLE: 'offline',
}

export interface ControllerSignals {
  /** AVAILABLE / UNAVAILABLE; absent on agents without the item (Haas NGC). */
  availability?: string
  execution?: string
  emergencyStop?: string
  /** An active Fault condition on any component. */
  faultActive: boolean
}

/**
 * Offline wins (nothing the machine says is current), then the safety signals, then Execution.
 * Undefined when nothing decides it (no Execution yet, unknown value): unknown is not idle.
 */
export function stateFromSignals(signals: ControllerSignals, table: ExecutionStateTable = DEFAULT_EXECUTION_STATES): MachineState | undefined {
  if (signals.availability === 'UNAVAILABLE') return 'offline'
  if (signals.emergencyStop === 'TRIGGERED' || signals.faultActive) return 'stopped'
  if (signals.execution === undefined) return undefined
  return table[signals.execution]
}

/** Checks a state override table from configuration; returns the problems, one per entry. */
export function checkExecutionOverrides(table: Record<string, unknown>): string[] {
  const problems: string[] = []
  for (const [execution, state] of Object.entries(table)) {
    if (!/^[A-Z_]+$/.test(execution)) problems.push(`"${execution}": an Execution value is upper case with underscores, e.g. FEED_HOLD`)
    if (typeof state !== 'string' || !(MACHINE_STATES as readonly string[]).includes(state)) {
      problems.push(`${execution}: must map to one of ${MACHINE_STATES.join(', ')}, got ${JSON.stringify(state)}`)
    }
  }
  return problems
}
