import type { Migration } from './index.js'

// A machine's status is one thing (src/domain/machineStatus.ts): since when it is in its state
// is stored with its latest sample, in the ingest transaction, instead of in a table of the
// alert engine's that the dashboard also read.
export const v012MachineStatus: Migration = {
  version: 12,
  name: 'machines.state_since and last_values: the machine status stored with the latest sample; alert_machine_states folded into it',
  statements: [
    `ALTER TABLE machines ADD COLUMN state_since timestamptz`,
    // The latest value of every field, carried forward: a restart shows the status as it was,
    // not only the fields of the last sample.
    `ALTER TABLE machines ADD COLUMN last_values jsonb`,
    `UPDATE machines SET last_values = last_sample - 'machine_id' - 'timestamp' WHERE last_sample IS NOT NULL`,
    `UPDATE machines m SET state_since = a.state_since FROM alert_machine_states a WHERE a.machine_id = m.id AND a.state = m.last_state`,
    `DROP TABLE alert_machine_states`,
  ],
}
