// Firing alerts with their acknowledgement, and pending ones (condition true, waiting for
// its duration). Acknowledge and silence act at once and the list follows the live stream.
import { useState } from 'preact/hooks'
import type { ApiError } from '../api'
import { formatTime } from '../format'
import { acknowledgeAlert, silence } from './alertActions'
import type { ActiveAlerts } from './alertTypes'

const SILENCE_CHOICES = [{ minutes: 60, label: '1 h' }, { minutes: 480, label: '8 h' }, { minutes: 1440, label: '24 h' }]

export function ActiveAlertsTable({ alerts, machineId, onChanged, allowSilence }: { alerts: ActiveAlerts; machineId?: string; onChanged: () => void; allowSilence: boolean }) {
  const [busy, setBusy] = useState<string>()
  const [message, setMessage] = useState<string>()
  const firing = alerts.firing.filter((a) => !machineId || a.machine_id === machineId)
  const pending = alerts.pending.filter((a) => !machineId || a.machine_id === machineId)
  const act = async (key: string, what: () => Promise<unknown>, done: string) => {
    setBusy(key)
    try {
      await what()
      setMessage(done)
      onChanged()
    } catch (err) {
      setMessage(`Could not do it: ${(err as ApiError).message}`)
    } finally {
      setBusy(undefined)
    }
  }
  if (firing.length === 0 && pending.length === 0) return <p class="muted">No active alerts{machineId ? ' on this machine' : ''}.</p>
  return (
    <div>
      <p class="status" role="status">{message}</p>
      <table class="table alerts-active">
        <thead><tr><th>Severity</th><th>Rule</th>{!machineId && <th>Machine</th>}<th>State</th><th>Since</th><th><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {firing.map((a) => (
            <tr data-alert={a.id}>
              <td><span class={`severity ${a.severity}`}>{a.severity}</span></td>
              <td>{a.rule}</td>
              {!machineId && <td><a href={`/machines/${encodeURIComponent(a.machine_id)}`}>{a.machine_id}</a></td>}
              <td>{a.acknowledged_at ? <>firing, acknowledged {a.acknowledged_by ? `by ${a.acknowledged_by} ` : ''}at {formatTime(a.acknowledged_at)}</> : <strong>firing</strong>}</td>
              <td>{formatTime(a.active_since)}</td>
              <td class="actions">
                {!a.acknowledged_at && (
                  <button type="button" disabled={busy !== undefined} onClick={() => act(`ack-${a.id}`, () => acknowledgeAlert(a.id), `Alert ${a.rule} on ${a.machine_id} acknowledged: no more repeats until it resolves.`)}>
                    Acknowledge
                  </button>
                )}
                {allowSilence && SILENCE_CHOICES.map((c) => (
                  <button type="button" class="secondary" disabled={busy !== undefined} aria-label={`Silence ${a.rule} on ${a.machine_id} for ${c.label}`}
                    onClick={() => act(`silence-${a.id}`, () => silence(a.rule, a.machine_id, c.minutes), `Notifications of ${a.rule} on ${a.machine_id} silenced for ${c.label}.`)}>
                    Silence {c.label}
                  </button>
                ))}
              </td>
            </tr>
          ))}
          {pending.map((p) => (
            <tr>
              <td><span class="severity pending">pending</span></td>
              <td>{p.rule}</td>
              {!machineId && <td><a href={`/machines/${encodeURIComponent(p.machine_id)}`}>{p.machine_id}</a></td>}
              <td>condition true, waiting for its duration</td>
              <td>{formatTime(p.active_since)}</td>
              <td />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
