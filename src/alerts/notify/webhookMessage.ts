// A generic webhook after the Standard Webhooks convention (ALERTS.md): a small JSON envelope,
// and headers webhook-id (stable across retries: the receiver's idempotency key),
// webhook-timestamp and, with a secret, webhook-signature = v1,base64(HMAC-SHA256(secret,
// "{id}.{timestamp}.{body}")). Alertmanager's webhook body is offered so that existing
// receivers work unchanged.
import { createHmac } from 'node:crypto'
import type { NotificationContent } from './notification.js'

export function standardWebhookBody(n: NotificationContent): string {
  return JSON.stringify({
    type: n.status === 'resolved' ? 'alert.resolved' : 'alert.firing',
    timestamp: new Date(n.at).toISOString(),
    data: {
      alert_id: n.alertId, rule: n.rule, severity: n.severity, description: n.description, labels: n.labels,
      machine_id: n.machineId, status: n.status, repeat: n.repeat, active_since: new Date(n.activeSince).toISOString(),
      message: n.message, machine: n.machine, machine_url: n.machineUrl,
    },
  })
}

/** Alertmanager webhook payload, version 4. */
export function alertmanagerWebhookBody(n: NotificationContent): string {
  const labels = { alertname: n.rule, machine_id: n.machineId, severity: n.severity, ...n.labels }
  return JSON.stringify({
    version: '4', groupKey: `${n.rule}:${n.machineId}`, truncatedAlerts: 0, status: n.status, receiver: 'cnc-telemetry',
    groupLabels: { alertname: n.rule }, commonLabels: labels, commonAnnotations: { summary: n.message }, externalURL: n.machineUrl ?? '',
    alerts: [{
      status: n.status, labels, annotations: { summary: n.message, ...(n.description ? { description: n.description } : {}) },
      startsAt: new Date(n.activeSince).toISOString(), endsAt: n.status === 'resolved' ? new Date(n.at).toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: n.machineUrl ?? '', fingerprint: `${n.alertId}`,
    }],
  })
}

/**
 * Standard Webhooks secrets are usually `whsec_` + base64 of the key bytes; any other string is
 * taken as the key itself (UTF-8).
 */
export function signatureHeaders(id: string, timestampSeconds: number, body: string, secret: string | null): Record<string, string> {
  const headers: Record<string, string> = { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds) }
  if (secret) {
    const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8')
    headers['webhook-signature'] = `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`
  }
  return headers
}
