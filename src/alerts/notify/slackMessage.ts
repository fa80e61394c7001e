// A Slack incoming-webhook message: a plain `text` fallback (notifications, old clients) and
// Block Kit blocks (ALERTS.md: header, fields, context, a button to the machine). Slack's
// limits: at most 50 blocks, 3000 characters per section text; `& < >` escaped in user text.
import type { NotificationContent } from './notification.js'

const SECTION_LIMIT = 3000

export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

export function slackMessage(n: NotificationContent): { text: string; blocks: unknown[] } {
  const icon = n.status === 'resolved' ? '✅' : n.severity === 'critical' ? '🔴' : n.severity === 'warning' ? '🟠' : '🔵'
  const headline = `${icon} ${n.status === 'resolved' ? 'Resolved' : n.repeat ? 'Still firing' : 'Firing'}: ${n.rule} on ${n.machineId}`
  const fields = Object.entries({
    State: n.machine.state, Duration: n.machine.duration_min === undefined ? undefined : `${n.machine.duration_min} min`,
    Program: n.machine.program, Plant: n.machine.plant, RPM: n.machine.rpm, Alarm: n.machine.alarm,
  }).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => ({ type: 'mrkdwn', text: clip(`*${k}*\n${escapeSlack(String(v))}`, 2000) }))
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(headline, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(escapeSlack(n.message), SECTION_LIMIT) } },
  ]
  if (fields.length > 0) blocks.push({ type: 'section', fields: fields.slice(0, 10) })
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeSlack(`rule ${n.rule} · ${n.severity} · alert ${n.alertId} · since ${new Date(n.activeSince).toISOString()}`), SECTION_LIMIT) }] })
  if (n.machineUrl) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: `Open ${clip(n.machineId, 60)}` }, url: n.machineUrl }] })
  return { text: `${n.status === 'resolved' ? '✅ resolved: ' : ''}${n.message}`, blocks }
}
