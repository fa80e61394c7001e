import type { Migration } from './index.js'

// The long stops of each machine-day with their reasons, stored with the day's figures (in
// one transaction), so that the uncoded stops of a whole plant over weeks are one query
// instead of a day's computation per machine. Days stored before have stops_stored false:
// the stop list computes those again when it needs them.
export const v008OeeStops: Migration = {
  version: 8,
  name: 'oee_stops',
  statements: [
    `CREATE TABLE oee_stops (
      machine_id text NOT NULL,
      date       date NOT NULL,
      plant      text,
      start_ts   timestamptz NOT NULL,
      end_ts     timestamptz NOT NULL,
      seconds    double precision NOT NULL,
      reason     text,
      planned    boolean,
      coded_by   text,
      coded_at   timestamptz,
      note       text,
      PRIMARY KEY (machine_id, date, start_ts)
    )`,
    `CREATE INDEX oee_stops_date ON oee_stops (date, plant)`,
    `ALTER TABLE oee_daily ADD COLUMN stops_stored boolean NOT NULL DEFAULT false`,
  ],
}
