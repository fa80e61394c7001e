// The lifecycle of one alert instance (one rule on one machine), after Prometheus alerting
// rules: inactive → pending when the condition becomes true → firing once it held for the
// rule's duration → resolved when false again (after `resolveAfterSeconds` of being false,
// like Prometheus' keep_firing_for, so a flapping signal does not flap the alert).
// Notifications: on firing, again every repeat interval while firing and not acknowledged,
// and on resolve. Pure: time and the evaluation come in.

export type AlertState = 'inactive' | 'pending' | 'firing'

export interface AlertInstance {
  state: AlertState
  /** The condition has been true since (pending and firing). */
  activeSince: number | null
  firingSince: number | null
  /** Firing, but the condition has been false since (hysteresis before resolving). */
  clearSince: number | null
  lastNotifiedAt: number | null
  acknowledgedAt: number | null
  /** The last evaluation could not decide (a value missing): shown, counted as not matching. */
  error: string | null
}

export interface LifecycleRule {
  durationSeconds: number
  resolveAfterSeconds: number
  repeatIntervalSeconds: number
  notifyResolved: boolean
}

export type AlertTransition = 'pending' | 'firing' | 'resolved' | 'cancelled'
export type AlertNotification = 'firing' | 'repeat' | 'resolved'

export interface AlertStep {
  next: AlertInstance
  transitions: AlertTransition[]
  notify: AlertNotification | null
}

export const INACTIVE: AlertInstance = Object.freeze({
  state: 'inactive', activeSince: null, firingSince: null, clearSince: null, lastNotifiedAt: null, acknowledgedAt: null, error: null,
})

export function stepAlert(current: AlertInstance, evaluation: { matches: boolean; error?: string }, now: number, rule: LifecycleRule): AlertStep {
  const next: AlertInstance = { ...current, error: evaluation.error ?? null }
  const transitions: AlertTransition[] = []
  let notify: AlertNotification | null = null

  if (evaluation.matches) {
    next.clearSince = null
    if (next.state === 'inactive') {
      next.state = 'pending'
      next.activeSince = now
      transitions.push('pending')
    }
    if (next.state === 'pending' && now - (next.activeSince ?? now) >= rule.durationSeconds * 1000) {
      next.state = 'firing'
      next.firingSince = now
      next.lastNotifiedAt = now
      transitions.push('firing')
      notify = 'firing'
    } else if (next.state === 'firing' && next.acknowledgedAt === null && now - (next.lastNotifiedAt ?? now) >= rule.repeatIntervalSeconds * 1000) {
      next.lastNotifiedAt = now
      notify = 'repeat'
    }
    return { next, transitions, notify }
  }

  if (next.state === 'pending') return { next: { ...INACTIVE, error: next.error }, transitions: ['cancelled'], notify: null }
  if (next.state === 'firing') {
    next.clearSince ??= now
    if (now - next.clearSince >= rule.resolveAfterSeconds * 1000) {
      return { next: { ...INACTIVE, error: next.error }, transitions: ['resolved'], notify: rule.notifyResolved ? 'resolved' : null }
    }
  }
  return { next, transitions, notify }
}

/** Acknowledging stops the repeats and keeps the alert firing (ThingsBoard's ack). */
export function acknowledge(current: AlertInstance, now: number): AlertInstance {
  return current.state === 'firing' ? { ...current, acknowledgedAt: now } : current
}
