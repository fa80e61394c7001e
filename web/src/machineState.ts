// The four machine states of the data contract (DESIGN.md) and how the dashboard names them.
import { MACHINE_STATES, type MachineState } from '../../src/domain/sampleFields'

export { MACHINE_STATES, type MachineState }

export const STATE_LABEL: Record<MachineState, string> = {
  running: 'Running',
  idle: 'Idle',
  stopped: 'Stopped',
  offline: 'Offline',
}

/** The colour of a state as a CSS variable (styles.css defines them for light and dark). */
export const stateColor = (state: string | null | undefined) => `var(--state-${state && (MACHINE_STATES as readonly string[]).includes(state) ? state : 'none'})`
