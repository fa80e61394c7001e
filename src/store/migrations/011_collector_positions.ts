import type { Migration } from './index.js'

// Where each machine's collector stands in its source's sequence space (MTConnect: the agent's
// instanceId and the next sequence to read), written in the transaction that stores the
// samples read up to it: a restarted server or `collect` resumes there (src/domain/collectorPosition.ts).
export const v011CollectorPositions: Migration = {
  version: 11,
  name: 'collector_positions: instance and next sequence per machine, stored with its samples; agent_error events',
  statements: [
    // A new event kind: the agent answers, but with an error (NO_DEVICE, INVALID_XPATH…).
    `ALTER TABLE machine_events DROP CONSTRAINT machine_events_kind_check`,
    `ALTER TABLE machine_events ADD CONSTRAINT machine_events_kind_check
       CHECK (kind IN ('data_gap', 'agent_restart', 'connection_lost', 'connection_restored', 'clock_skew', 'agent_error'))`,
    `CREATE TABLE collector_positions (
      machine_id     text PRIMARY KEY,
      instance_id    text NOT NULL,
      next_sequence  bigint NOT NULL CHECK (next_sequence >= 0),
      last_sample_at timestamptz,
      updated_at     timestamptz NOT NULL DEFAULT now()
    )`,
  ],
}
