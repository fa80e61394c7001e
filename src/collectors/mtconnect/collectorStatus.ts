// What one machine's collector shows about itself (GET /v1/collectors, /v1/machines/{id}).

/** agent_error: the agent answers, but with an error document (its code and message in last_error). */
export type ConnectionState = 'starting' | 'streaming' | 'polling' | 'reconnecting' | 'unreachable' | 'agent_error' | 'stopped'

export interface CollectorStatus {
  machine_id: string
  protocol: 'mtconnect'
  agent_url: string
  device: string | null
  connection: ConnectionState
  instance_id: string | null
  next_sequence: number | null
  /** Sequences the agent holds that this collector has not read yet. */
  sequence_lag: number | null
  observations: number
  samples_collected: number
  samples_rejected: number
  gaps: number
  lost_sequences: number
  /** Sequences that left the agent's buffer unread but held nothing of this device (other devices'). */
  skipped_sequences: number
  agent_restarts: number
  reconnects: number
  last_error: { at: string; message: string } | null
  last_data_at: string | null
  /** Receive time minus the newest observation's timestamp. */
  lag_ms: number | null
  /** Set when the machine's clock runs ahead of ours by more than the tolerance. */
  clock_skew_ms: number | null
  warnings: string[]
}

export function initialStatus(machineId: string, agentUrl: string, device: string | undefined): CollectorStatus {
  return {
    machine_id: machineId, protocol: 'mtconnect', agent_url: agentUrl, device: device ?? null,
    connection: 'starting', instance_id: null, next_sequence: null, sequence_lag: null,
    observations: 0, samples_collected: 0, samples_rejected: 0, gaps: 0, lost_sequences: 0, skipped_sequences: 0,
    agent_restarts: 0, reconnects: 0, last_error: null, last_data_at: null, lag_ms: null, clock_skew_ms: null, warnings: [],
  }
}
