// Alerts: the active ones (acknowledge, silence), the silences in effect, and the history
// with filters, each alert with the delivery of its notifications per channel.
import { useEffect, useState } from 'preact/hooks'
import { type ApiError, getJson } from '../api'
import { formatTime } from '../format'
import { endSilence } from './alertActions'
import { ActiveAlertsTable } from './ActiveAlertsTable'
import { AlertHistory } from './AlertHistory'
import type { Silence } from './alertTypes'
import { useActiveAlerts } from './useActiveAlerts'
import type { RouteMatch } from '../shell/router'

export function AlertsPage({ query }: RouteMatch) {
  const { alerts, error, reload } = useActiveAlerts()
  const [silences, setSilences] = useState<Silence[]>()
  const [silencesAsked, setSilencesAsked] = useState(0)
  useEffect(() => {
    getJson<{ silences: Silence[] }>('/v1/alerts/silences').then((s) => setSilences(s.silences)).catch(() => setSilences(undefined))
  }, [silencesAsked, alerts])
  const changed = () => {
    reload()
    setSilencesAsked((n) => n + 1)
  }
  return (
    <section class="alerts">
      <h1>Alerts</h1>
      <h2>Active</h2>
      {error && error.code === 'not_found' && <p class="empty">Alerting is not enabled on this server: give it an <code>alerts.yaml</code> (<code>cnc-telemetry serve --alerts alerts.yaml</code>, see docs/alert-rules.md).</p>}
      {error && error.code !== 'not_found' && <p class="error" role="alert">Could not read the alerts: {(error as ApiError).message}</p>}
      {!alerts && !error && <p class="muted">Loading alerts…</p>}
      {alerts && <ActiveAlertsTable alerts={alerts} onChanged={changed} allowSilence={true} />}

      <h2>Silences in effect</h2>
      {!silences || silences.length === 0 ? <p class="muted">None: every alert notifies its channels.</p> : (
        <table class="table">
          <thead><tr><th>Rule</th><th>Machine</th><th>Until</th><th>Comment</th><th><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {silences.map((s) => (
              <tr>
                <td>{s.rule ?? 'any rule'}</td><td>{s.machine_id ?? 'any machine'}</td><td>{formatTime(s.ends_at)}</td><td>{s.comment ?? ''}</td>
                <td><button type="button" class="secondary" onClick={() => endSilence(s.id).then(changed, changed)}>End silence</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>History</h2>
      <AlertHistory query={query} refreshKey={alerts} />
    </section>
  )
}
