// Something that happened to a machine's data besides its samples (DESIGN.md, machine_events).

export const MACHINE_EVENT_KINDS = ['data_gap', 'agent_restart', 'connection_lost', 'connection_restored', 'clock_skew', 'agent_error'] as const
export type MachineEventKind = (typeof MACHINE_EVENT_KINDS)[number]

export interface MachineEvent {
  machine_id: string
  /** Epoch ms. */
  ts: number
  kind: MachineEventKind
  detail: Record<string, unknown>
}
