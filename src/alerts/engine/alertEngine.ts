// The alert engine: evaluates the rules event-driven as samples are committed, plus a timer for
// duration conditions and machines that go silent (ALERTS.md). Each (rule, machine) instance
// follows the lifecycle of domain/alertLifecycle.ts; every change of an instance is stored in
// the same transaction as the alert row and the notifications it causes, so a restart neither
// re-fires nor forgets a pending timer. Work is serialized: one evaluation at a time.
import type { Logger } from '../../logger.js'
import { randomUUID } from 'node:crypto'
import { type AlertInstance, INACTIVE, acknowledge, stepAlert } from '../../domain/alertLifecycle.js'
import type { Clock } from '../../domain/clock.js'
import { type MachineStatus, statusValues } from '../../domain/machineStatus.js'
import type { Sample } from '../../domain/sample.js'
import type { LiveFleet } from '../../live/liveFleet.js'
import {
  type StoredInstance, acknowledgeAlert, insertAlert, listSilences, loadInstances, resolveAlert, saveInstance,
} from '../../store/alerts.js'
import type { Db, Queryable } from '../../store/db.js'
import { enqueueNotification } from '../../store/notificationOutbox.js'
import type { NotificationContent } from '../notify/notification.js'
import { slackMessage } from '../notify/slackMessage.js'
import { alertmanagerWebhookBody, standardWebhookBody } from '../notify/webhookMessage.js'
import { type AlertRule, type AlertVariables, defaultMessage, machineMatcher, renderTemplate } from '../rules/index.js'

export type EngineLog = Pick<Logger, 'info' | 'warn'>

export interface RuleStatus {
  name: string
  pending: number
  firing: number
  /** The last evaluation error of this rule on any machine (a value missing...). */
  last_error: { machine_id: string; error: string } | null
}

const TIME_VARIABLES = ['duration_seconds', 'duration_min', 'seconds_since_last_sample']
const key = (rule: string, machineId: string) => `${rule}\u0000${machineId}`

export class AlertEngine {
  private rules: AlertRule[] = []
  private readonly instances = new Map<string, StoredInstance>()
  private readonly lastErrors = new Map<string, { machine_id: string; error: string }>()
  private queue: Promise<void> = Promise.resolve()
  private timer: NodeJS.Timeout | undefined
  private readonly changeListeners: (() => void)[] = []

  constructor(
    private readonly db: Db,
    /** The machines' statuses, as ingest committed them: the one fleet the dashboard shows too. */
    private readonly fleet: Pick<LiveFleet, 'get' | 'all'>,
    private readonly clock: Clock,
    private readonly log: EngineLog,
    private readonly onNotification: () => void,
    private readonly publicUrl?: string,
  ) {}

  /** Loads the alert instances from the database; then evaluates every second. */
  async start(rules: AlertRule[], tickMs = 1_000): Promise<void> {
    this.rules = rules
    for (const i of await loadInstances(this.db)) this.instances.set(key(i.rule, i.machineId), i)
    if (tickMs > 0) this.timer = setInterval(() => void this.tick(), tickMs)
  }

  /** New rules (file reloaded): instances of rules that stay keep their state; the others end. */
  setRules(rules: AlertRule[]): Promise<void> {
    return this.serialized(async () => {
      const names = new Set(rules.map((r) => r.name))
      for (const [k, i] of this.instances) {
        if (names.has(i.rule)) continue
        await this.db.transaction(async (tx) => {
          if (i.alertId !== null) await resolveAlert(tx, i.alertId, this.clock.now())
          await saveInstance(tx, { ...i, ...INACTIVE })
        })
        this.instances.delete(k)
        this.changed()
      }
      this.rules = rules
    })
  }

  /** Committed samples (any order, any machines): their machines' rules are evaluated on the statuses they made. */
  onSamples(samples: readonly Sample[]): Promise<void> {
    return this.serialized(async () => {
      const now = this.clock.now()
      const touched = new Set(samples.map((s) => s.machine_id))
      for (const machineId of touched) for (const rule of this.rulesFor(machineId)) await this.evaluate(rule, machineId, now)
    })
  }

  /** Evaluates what time alone can change: duration and silence conditions, pending timers, repeats, hysteresis. */
  tick(): Promise<void> {
    return this.serialized(async () => {
      const now = this.clock.now()
      for (const rule of this.rules) {
        if (!rule.enabled) continue
        const timeBound = TIME_VARIABLES.some((v) => rule.variables.has(v))
        for (const { id: machineId, last_sample_at } of this.fleet.all()) {
          if (last_sample_at === null || !rule.matchesMachine(machineId)) continue
          const instance = this.instances.get(key(rule.name, machineId))
          if (timeBound || instance) await this.evaluate(rule, machineId, now)
        }
      }
    }).catch((err: Error) => this.log.warn({ err: err.message }, `alert evaluation: ${err.message}`))
  }

  /** Acknowledges a firing alert: no more repeats until it resolves. False when it is not firing. */
  acknowledge(alertId: number, by: string | null): Promise<boolean> {
    return this.serialized(async () => {
      const instance = [...this.instances.values()].find((i) => i.alertId === alertId && i.state === 'firing')
      if (!instance) return false
      const now = this.clock.now()
      const next = { ...instance, ...acknowledge(instance, now) }
      await this.db.transaction(async (tx) => {
        await saveInstance(tx, next)
        await acknowledgeAlert(tx, alertId, now, by)
      })
      this.instances.set(key(next.rule, next.machineId), next)
      this.changed()
      return true
    })
  }

  /** Called after an alert became pending, fired, was acknowledged, resolved or ended (the dashboard's live stream listens). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener)
  }

  ruleStatuses(): RuleStatus[] {
    return this.rules.map((r) => {
      const mine = [...this.instances.values()].filter((i) => i.rule === r.name)
      return { name: r.name, pending: mine.filter((i) => i.state === 'pending').length, firing: mine.filter((i) => i.state === 'firing').length, last_error: this.lastErrors.get(r.name) ?? null }
    })
  }

  /** Pending and firing instances (GET /v1/alerts shows them). */
  activeInstances(): StoredInstance[] {
    return [...this.instances.values()]
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
    await this.queue
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener()
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work)
    this.queue = result.then(() => undefined, () => undefined)
    return result
  }

  private rulesFor(machineId: string): AlertRule[] {
    return this.rules.filter((r) => r.enabled && r.matchesMachine(machineId))
  }

  private variables(status: MachineStatus, now: number): AlertVariables {
    // A machine that never said its state: its time counts from its newest sample.
    const since = status.state_since ?? status.last_sample_at ?? now
    const durationSeconds = Math.max(0, (now - since) / 1000)
    return {
      ...statusValues(status), machine_id: status.id, duration_seconds: durationSeconds, duration_min: durationSeconds / 60,
      seconds_since_last_sample: Math.max(0, (now - (status.last_seen_at ?? now)) / 1000), plant: status.plant ?? undefined, model: status.model ?? undefined,
    }
  }

  private async evaluate(rule: AlertRule, machineId: string, now: number): Promise<void> {
    const live = this.fleet.get(machineId)
    if (!live || live.last_sample_at === null) return
    const vars = this.variables(live, now)
    const evaluation = rule.evaluate(vars)
    if (evaluation.error) this.lastErrors.set(rule.name, { machine_id: machineId, error: evaluation.error })
    const k = key(rule.name, machineId)
    const current: StoredInstance = this.instances.get(k) ?? { ...INACTIVE, rule: rule.name, machineId, alertId: null }
    const step = stepAlert(current, evaluation, now, rule)
    const next: StoredInstance = { ...current, ...step.next }
    if (!step.notify && step.transitions.length === 0 && samePersisted(current, next)) {
      this.instances.set(k, next)
      return
    }
    let wakeDelivery = false
    await this.db.transaction(async (tx) => {
      if (step.transitions.includes('firing')) {
        next.alertId = await insertAlert(tx, {
          rule: rule.name, machineId, severity: rule.severity, activeSince: next.activeSince ?? now, firedAt: now, labels: rule.labels,
          snapshot: { machine_id: machineId, timestamp: new Date(live.last_sample_at ?? now).toISOString(), ...statusValues(live), duration_seconds: Math.round(vars.duration_seconds) },
        })
      }
      const alertId = next.alertId ?? current.alertId
      if (step.notify && alertId !== null) wakeDelivery = await this.notify(tx, rule, machineId, alertId, step.notify, next.activeSince ?? current.activeSince ?? now, vars, now)
      if (step.transitions.includes('resolved') && alertId !== null) await resolveAlert(tx, alertId, now)
      if (next.state === 'inactive') next.alertId = null
      await saveInstance(tx, next)
    })
    // After the commit: the delivery worker must find the notifications when it looks.
    if (wakeDelivery) this.onNotification()
    if (next.state === 'inactive') this.instances.delete(k)
    else this.instances.set(k, next)
    if (next.state !== current.state || step.transitions.length > 0) this.changed()
    if (step.transitions.includes('firing')) this.log.info({ rule: rule.name, machine_id: machineId }, `alert firing: ${rule.name} on ${machineId}`)
    if (step.transitions.includes('resolved')) this.log.info({ rule: rule.name, machine_id: machineId }, `alert resolved: ${rule.name} on ${machineId}`)
  }

  /** Enqueues the rule's notifications; true when some are to be delivered (not muted). */
  private async notify(tx: Queryable, rule: AlertRule, machineId: string, alertId: number, kind: 'firing' | 'repeat' | 'resolved', activeSince: number, vars: AlertVariables, now: number): Promise<boolean> {
    const status = kind === 'resolved' ? 'resolved' : 'firing'
    const muted = await this.muted(tx, rule, machineId, now)
    const values = { ...vars, rule: rule.name, severity: rule.severity, machine_id: machineId, status, duration_min: Math.floor(vars.duration_seconds / 60), duration_seconds: Math.round(vars.duration_seconds) } as Record<string, string | number | undefined>
    for (const channel of rule.channels) {
      const template = status === 'resolved' ? channel.resolvedMessage ?? defaultMessage(rule, 'resolved') : channel.message ?? defaultMessage(rule, 'firing')
      const content: NotificationContent = {
        alertId, rule: rule.name, severity: rule.severity, description: rule.description, labels: rule.labels, machineId, status, repeat: kind === 'repeat',
        at: now, activeSince, message: renderTemplate(template, values),
        machine: { state: vars.state, duration_min: values.duration_min, rpm: vars.rpm, feed_mm_min: vars.feed_mm_min, program: vars.program, plant: vars.plant, model: vars.model, alarm: vars.alarm },
        machineUrl: this.publicUrl ? `${this.publicUrl}/machines/${encodeURIComponent(machineId)}` : undefined, // the dashboard page
      }
      const body = channel.type === 'slack' ? JSON.stringify(slackMessage(content)) : channel.format === 'alertmanager' ? alertmanagerWebhookBody(content) : standardWebhookBody(content)
      await enqueueNotification(tx, {
        id: `msg_${randomUUID()}`, alertId, kind, channelType: channel.type, destination: channel.url, signingSecret: channel.secret ?? null,
        body, createdAt: now, status: muted ? 'silenced' : 'pending',
      })
    }
    return !muted
  }

  /** Silenced by the API, or inhibited: an offline machine mutes its rules that do not look at its state. */
  private async muted(tx: Queryable, rule: AlertRule, machineId: string, now: number): Promise<boolean> {
    const live = this.fleet.get(machineId)
    if (live?.state === 'offline' && !rule.variables.has('state') && !rule.variables.has('seconds_since_last_sample')) return true
    return (await listSilences(tx, now)).some((s) => (s.rule === null || s.rule === rule.name) && (s.machine_id === null || machineMatcher(s.machine_id)(machineId)))
  }
}

function samePersisted(a: AlertInstance, b: AlertInstance): boolean {
  return a.state === b.state && a.activeSince === b.activeSince && a.firingSince === b.firingSince && a.clearSince === b.clearSince &&
    a.lastNotifiedAt === b.lastNotifiedAt && a.acknowledgedAt === b.acknowledgedAt
}
