import type { Migration } from './index.js'
// The kinds are MACHINE_EVENT_KINDS of src/domain/machineEvent.ts at the time of this version.

// What happened to a machine's data besides its samples: collector data gaps with their
// cause and size, agent restarts, lost and restored connections (DESIGN.md, machine_events).
export const v003MachineEvents: Migration = {
  version: 3,
  name: 'machine events',
  statements: [
    `CREATE TABLE machine_events (
      id          bigserial PRIMARY KEY,
      machine_id  text NOT NULL,
      ts          timestamptz NOT NULL,
      kind        text NOT NULL CHECK (kind IN ('data_gap', 'agent_restart', 'connection_lost', 'connection_restored', 'clock_skew')),
      detail      jsonb NOT NULL DEFAULT '{}'::jsonb,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX machine_events_machine_ts ON machine_events (machine_id, ts DESC)`,
  ],
}
