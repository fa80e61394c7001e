import type { Migration } from './index.js'

export const v001Telemetry: Migration = {
  version: 1,
  name: 'telemetry hypertable, machine registry, job runs',
  statements: [
    `CREATE EXTENSION IF NOT EXISTS timescaledb`,
    `CREATE TABLE telemetry (
      machine_id   text NOT NULL,
      ts           timestamptz NOT NULL,
      rpm          double precision CHECK (rpm >= 0),
      feed_mm_min  double precision CHECK (feed_mm_min >= 0),
      state        text CHECK (state IN ('running', 'idle', 'stopped', 'offline')),
      part_count   bigint CHECK (part_count >= 0),
      program      text,
      execution    text,
      mode         text,
      alarm        text,
      sequence     bigint,
      src          text NOT NULL DEFAULT 'http',
      -- the span that ended with this sample (see src/domain/heldState.ts)
      held_state   text CHECK (held_state IN ('running', 'idle', 'stopped', 'offline')),
      held_s       real CHECK (held_s > 0),
      ingested_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (machine_id, ts)
    )`,
    // The primary key already indexes (machine_id, ts); TimescaleDB's default ts-only index
    // would cost every insert and serve no query of ours, so it is not created.
    `SELECT create_hypertable('telemetry', by_range('ts', INTERVAL '1 day'), create_default_indexes => false)`,
    `CREATE INDEX telemetry_machine_ts_desc ON telemetry (machine_id, ts DESC)`,
    `ALTER TABLE telemetry SET (
      timescaledb.compress,
      timescaledb.compress_segmentby = 'machine_id',
      timescaledb.compress_orderby = 'ts DESC'
    )`,
    `CREATE TABLE machines (
      id            text PRIMARY KEY,
      plant         text,
      model         text,
      vendor        text,
      protocol      text,
      endpoint      text,
      ideal_cycle_s double precision,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at  timestamptz,
      last_ts       timestamptz,
      -- state known at last_ts (carried forward when the last sample had none)
      last_state    text,
      last_sample   jsonb
    )`,
    // In embedded mode our scheduler runs TimescaleDB's jobs; this is its run log.
    `CREATE TABLE job_runs (
      id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      job_id      integer NOT NULL,
      proc_name   text NOT NULL,
      target      text,
      started_at  timestamptz NOT NULL,
      finished_at timestamptz NOT NULL,
      succeeded   boolean NOT NULL,
      error       text
    )`,
    `CREATE INDEX job_runs_job_started ON job_runs (job_id, started_at DESC)`,
  ],
}
