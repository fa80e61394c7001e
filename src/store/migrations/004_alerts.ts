import type { Migration } from './index.js'

// Alerting (ALERTS.md): the lifecycle of every (rule, machine) instance, so that a restart
// neither re-fires nor forgets a pending timer; the history of alerts that fired; silences;
// and the durable notification outbox with its delivery log.
export const v004Alerts: Migration = {
  version: 4,
  name: 'alerts',
  statements: [
    `CREATE TABLE alerts (
      id              bigserial PRIMARY KEY,
      rule            text NOT NULL,
      machine_id      text NOT NULL,
      severity        text NOT NULL,
      active_since    timestamptz NOT NULL,
      fired_at        timestamptz NOT NULL,
      resolved_at     timestamptz,
      acknowledged_at timestamptz,
      acknowledged_by text,
      labels          jsonb NOT NULL DEFAULT '{}'::jsonb,
      -- the machine as it was when the alert fired
      snapshot        jsonb NOT NULL DEFAULT '{}'::jsonb
    )`,
    `CREATE INDEX alerts_fired_at ON alerts (fired_at DESC)`,
    `CREATE INDEX alerts_machine_fired_at ON alerts (machine_id, fired_at DESC)`,
    `CREATE TABLE alert_instances (
      rule             text NOT NULL,
      machine_id       text NOT NULL,
      state            text NOT NULL CHECK (state IN ('pending', 'firing')),
      active_since     timestamptz NOT NULL,
      firing_since     timestamptz,
      clear_since      timestamptz,
      last_notified_at timestamptz,
      acknowledged_at  timestamptz,
      alert_id         bigint REFERENCES alerts (id),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (rule, machine_id)
    )`,
    // When each machine entered its current state, as the alert engine saw it: duration
    // conditions ("stopped for 10 min") survive a restart without rescanning telemetry.
    `CREATE TABLE alert_machine_states (
      machine_id  text PRIMARY KEY,
      state       text NOT NULL,
      state_since timestamptz NOT NULL
    )`,
    `CREATE TABLE alert_silences (
      id         bigserial PRIMARY KEY,
      rule       text,
      machine_id text,
      ends_at    timestamptz NOT NULL,
      comment    text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE notification_outbox (
      id              text PRIMARY KEY,
      seq             bigserial UNIQUE,
      alert_id        bigint NOT NULL REFERENCES alerts (id),
      kind            text NOT NULL CHECK (kind IN ('firing', 'repeat', 'resolved')),
      channel_type    text NOT NULL,
      destination     text NOT NULL,
      -- the webhook's signing secret when it had one: a notification queued before a config
      -- change or a restart is still signed as its channel was then
      signing_secret  text,
      body            text NOT NULL,
      created_at      timestamptz NOT NULL,
      status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'silenced')),
      attempts        integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      delivered_at    timestamptz,
      last_error      text
    )`,
    `CREATE INDEX notification_outbox_pending ON notification_outbox (destination, seq) WHERE status = 'pending'`,
    `CREATE TABLE notification_attempts (
      id              bigserial PRIMARY KEY,
      notification_id text NOT NULL REFERENCES notification_outbox (id),
      attempted_at    timestamptz NOT NULL,
      status_code     integer,
      error           text,
      duration_ms     integer NOT NULL
    )`,
    `CREATE INDEX notification_attempts_notification ON notification_attempts (notification_id, attempted_at)`,
  ],
}
