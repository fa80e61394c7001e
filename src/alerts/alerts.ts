// What may be asked of alerting from outside: the alerts (active, history, one, its
// deliveries), acknowledging, silences, and the rules in effect with their status. The
// engine decides what fires; this reads what it stored and passes on what people do.
import type { ConfigFileStatus } from '../config/configFileWatcher.js'
import type { Clock } from '../domain/clock.js'
import { errors } from '../domain/errors.js'
import { type AlertRow, type HistoryFilter, type Silence, alertHistory, createSilence, deleteSilence, getAlert, listActiveAlerts, listSilences } from '../store/alerts.js'
import type { Queryable } from '../store/db.js'
import { type DeliveryLogEntry, deliveryLog, redactUrl } from '../store/notificationOutbox.js'
import type { AlertEngine, RuleStatus } from './engine/alertEngine.js'
import type { AlertRule } from './rules/index.js'

export type { AlertRow, DeliveryLogEntry, HistoryFilter, RuleStatus, Silence }

/** A silence longer than a year is a rule switched off: say `enabled: false` in alerts.yaml. */
export const MAX_SILENCE_MINUTES = 366 * 24 * 60
export const SILENCE_LASTS = `give ends_at (ISO 8601 with zone, in the future) or minutes (> 0); a silence lasts at most a year (${MAX_SILENCE_MINUTES.toLocaleString('en-US')} minutes)`

export interface PendingAlert {
  rule: string
  machineId: string
  activeSince: number
}

/** A rule as loaded, its status in the engine, and where it notifies (credentials left out). */
export interface RuleInEffect {
  rule: AlertRule
  status: RuleStatus | null
  channels: { type: string; destination: string; signed: boolean; format: string | null }[]
}

export interface SilenceRequest {
  rule?: string
  machineId?: string
  /** Minutes from now; when absent, endsAt (ISO 8601 with zone). */
  minutes?: number
  endsAt?: string
  comment?: string
}

export interface Alerts {
  /** Firing alerts as stored, and pending instances (condition true, duration not reached yet). */
  active(): Promise<{ firing: AlertRow[]; pending: PendingAlert[] }>
  history(filter: HistoryFilter): Promise<AlertRow[]>
  /** The alert, or unknownAlert. */
  get(id: number): Promise<AlertRow>
  /** Every notification of an alert and each delivery attempt; unknownAlert for no alert. */
  deliveries(id: number): Promise<DeliveryLogEntry[]>
  /** Acknowledges a firing alert (no more repeats) and answers it as it is now; alertNotFiring otherwise. */
  acknowledge(id: number, by: string | null): Promise<AlertRow>
  rules(): RuleInEffect[]
  ruleNames(): string[]
  /** The rules file in effect, its last error. */
  configFile(): ConfigFileStatus | undefined
  silences(): Promise<Silence[]>
  /** Mutes notifications until a time at most a year ahead. */
  silence(s: SilenceRequest): Promise<Silence>
  /** Ends a silence, or unknownSilence. */
  endSilence(id: number): Promise<void>
}

export interface AlertsDeps {
  db: Queryable
  clock: Clock
  engine: AlertEngine
  rules(): AlertRule[]
  configFile(): ConfigFileStatus | undefined
}

export function alerts({ db, clock, engine, rules, configFile }: AlertsDeps): Alerts {
  const get = async (id: number) => {
    const alert = await getAlert(db, id)
    if (!alert) throw errors.unknownAlert(id)
    return alert
  }
  return {
    async active() {
      const firing = await listActiveAlerts(db)
      const pending = engine.activeInstances().filter((i) => i.state === 'pending').map((i) => ({ rule: i.rule, machineId: i.machineId, activeSince: i.activeSince ?? 0 }))
      return { firing, pending }
    },
    history: (filter) => alertHistory(db, filter),
    get,
    async deliveries(id) {
      await get(id)
      return deliveryLog(db, id)
    },
    async acknowledge(id, by) {
      const alert = await get(id)
      if (!(await engine.acknowledge(alert.id, by))) throw errors.alertNotFiring(alert.id, alert.resolved_at)
      return get(alert.id)
    },
    rules() {
      const statuses = new Map(engine.ruleStatuses().map((s) => [s.name, s]))
      return rules().map((rule) => ({
        rule, status: statuses.get(rule.name) ?? null,
        channels: rule.channels.map((c) => ({ type: c.type, destination: redactUrl(c.url), signed: Boolean(c.secret), format: c.format ?? null })),
      }))
    },
    ruleNames: () => rules().map((r) => r.name),
    configFile,
    silences: () => listSilences(db, clock.now()),
    async silence(s) {
      const now = clock.now()
      let endsAt = NaN
      if (s.minutes !== undefined) endsAt = s.minutes > 0 && s.minutes <= MAX_SILENCE_MINUTES ? now + s.minutes * 60_000 : NaN
      else if (s.endsAt !== undefined && /([zZ]|[+-]\d{2}:?\d{2})$/.test(s.endsAt)) endsAt = Date.parse(s.endsAt)
      if (!Number.isFinite(endsAt) || endsAt <= now || endsAt > now + MAX_SILENCE_MINUTES * 60_000) {
        throw errors.invalidRequest([{ field: s.minutes !== undefined ? 'minutes' : 'ends_at', reason: SILENCE_LASTS }])
      }
      return createSilence(db, { rule: s.rule, machineId: s.machineId, endsAt, comment: s.comment })
    },
    async endSilence(id) {
      if (!(await deleteSilence(db, id))) throw errors.unknownSilence(id)
    },
  }
}
