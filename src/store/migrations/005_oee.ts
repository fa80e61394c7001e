import type { Migration } from './index.js'

// OEE (OEE.md): what operators enter (stop reasons, scrap and rework), plant calendars edited
// through the API, and the computed figures per machine and shift and per machine and day,
// kept up to date as data arrives. The factor columns are there for SQL users and indexes;
// `figures` holds every time and count the roll-ups sum (src/domain/oee/oeeFigures.ts).
export const v005Oee: Migration = {
  version: 5,
  name: 'oee',
  statements: [
    `CREATE TABLE downtime_codes (
      id         bigserial PRIMARY KEY,
      machine_id text NOT NULL,
      start_ts   timestamptz NOT NULL,
      end_ts     timestamptz NOT NULL CHECK (end_ts > start_ts),
      reason     text NOT NULL,
      note       text,
      coded_by   text,
      coded_at   timestamptz NOT NULL
    )`,
    `CREATE INDEX downtime_codes_machine_start ON downtime_codes (machine_id, start_ts)`,
    `CREATE TABLE quality_entries (
      id         bigserial PRIMARY KEY,
      machine_id text NOT NULL,
      ts         timestamptz NOT NULL,
      scrap      integer NOT NULL CHECK (scrap >= 0),
      rework     integer NOT NULL CHECK (rework >= 0),
      program    text,
      note       text,
      entered_by text,
      entered_at timestamptz NOT NULL
    )`,
    `CREATE INDEX quality_entries_machine_ts ON quality_entries (machine_id, ts)`,
    `CREATE TABLE plant_calendars (
      plant      text PRIMARY KEY,
      calendar   jsonb NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
    `CREATE TABLE oee_shift (
      machine_id      text NOT NULL,
      date            date NOT NULL,
      shift           text NOT NULL,
      plant           text,
      start_ts        timestamptz NOT NULL,
      end_ts          timestamptz NOT NULL,
      availability    double precision,
      performance     double precision,
      performance_raw double precision,
      quality         double precision,
      oee             double precision,
      basis           text NOT NULL,
      coverage        double precision,
      figures         jsonb NOT NULL,
      complete        boolean NOT NULL,
      computed_at     timestamptz NOT NULL,
      PRIMARY KEY (machine_id, date, shift)
    )`,
    `CREATE TABLE oee_daily (
      machine_id      text NOT NULL,
      date            date NOT NULL,
      plant           text,
      availability    double precision,
      performance     double precision,
      performance_raw double precision,
      quality         double precision,
      oee             double precision,
      basis           text NOT NULL,
      coverage        double precision,
      planned_busy_s  double precision NOT NULL,
      run_s           double precision NOT NULL,
      total_parts     bigint NOT NULL,
      good_parts      bigint NOT NULL,
      figures         jsonb NOT NULL,
      complete        boolean NOT NULL,
      computed_at     timestamptz NOT NULL,
      PRIMARY KEY (machine_id, date)
    )`,
    `CREATE INDEX oee_daily_date ON oee_daily (date, plant)`,
  ],
}
