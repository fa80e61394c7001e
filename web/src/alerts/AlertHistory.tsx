// Alerts that fired, newest first, filtered by machine, rule, severity and time (kept in the
// URL), paged with "older", each with its notifications' delivery per channel.
import { useEffect, useState } from 'preact/hooks'
import { type ApiError, getJson, query as toQuery } from '../api'
import { formatTime } from '../format'
import { replaceQuery } from '../shell/router'
import type { AlertRow, Delivery } from './alertTypes'

const PAGE = 50

export function AlertHistory({ query, refreshKey }: { query: URLSearchParams; refreshKey: unknown }) {
  const filters = { machine_id: query.get('machine') ?? '', rule: query.get('rule') ?? '', severity: query.get('severity') ?? '', since: query.get('since') ?? '' }
  const [rows, setRows] = useState<AlertRow[]>()
  const [nextBefore, setNextBefore] = useState<number | null>(null)
  const [error, setError] = useState<ApiError>()
  const [open, setOpen] = useState<number>()
  const params = (before?: number) => toQuery({
    machine_id: filters.machine_id, rule: filters.rule, severity: filters.severity, limit: PAGE, before,
    from: filters.since ? new Date(filters.since).toISOString() : undefined,
  })
  useEffect(() => {
    let current = true
    getJson<{ alerts: AlertRow[]; next_before: number | null }>(`/v1/alerts/history${params()}`)
      .then((r) => { if (current) { setRows(r.alerts); setNextBefore(r.next_before); setError(undefined) } })
      .catch((e: ApiError) => { if (current) setError(e) })
    return () => { current = false }
  }, [filters.machine_id, filters.rule, filters.severity, filters.since, refreshKey])
  const older = () => {
    if (nextBefore === null) return
    getJson<{ alerts: AlertRow[]; next_before: number | null }>(`/v1/alerts/history${params(nextBefore)}`)
      .then((r) => { setRows((old) => [...(old ?? []), ...r.alerts]); setNextBefore(r.next_before) })
      .catch((e: ApiError) => setError(e))
  }
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(query)
    if (value) next.set(key, value)
    else next.delete(key)
    replaceQuery(next)
  }
  return (
    <div>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>Machine <input name="machine" value={filters.machine_id} onChange={(e) => set('machine', e.currentTarget.value)} /></label>
        <label>Rule <input name="rule" value={filters.rule} onChange={(e) => set('rule', e.currentTarget.value)} /></label>
        <label>Severity
          <select name="severity" value={filters.severity} onChange={(e) => set('severity', e.currentTarget.value)}>
            <option value="">all</option><option value="critical">critical</option><option value="warning">warning</option><option value="info">info</option>
          </select>
        </label>
        <label>Fired since <input type="datetime-local" name="since" value={filters.since} onChange={(e) => set('since', e.currentTarget.value)} /></label>
      </form>
      {error && <p class="error" role="alert">Could not read the history: {error.message}</p>}
      {rows && rows.length === 0 && <p class="muted">No alert fired{filters.machine_id || filters.rule || filters.severity || filters.since ? ' that matches these filters' : ' yet'}.</p>}
      {rows && rows.length > 0 && (
        <table class="table">
          <thead><tr><th>Fired</th><th>Severity</th><th>Rule</th><th>Machine</th><th>Acknowledged</th><th>Resolved</th><th>Notifications</th></tr></thead>
          <tbody>
            {rows.map((a) => [
              <tr data-history-alert={a.id}>
                <td>{formatTime(a.fired_at)}</td>
                <td><span class={`severity ${a.severity}`}>{a.severity}</span></td>
                <td>{a.rule}</td>
                <td><a href={`/machines/${encodeURIComponent(a.machine_id)}`}>{a.machine_id}</a></td>
                <td>{a.acknowledged_at ? `${formatTime(a.acknowledged_at)}${a.acknowledged_by ? ` by ${a.acknowledged_by}` : ''}` : '—'}</td>
                <td>{a.resolved_at ? formatTime(a.resolved_at) : <strong>active</strong>}</td>
                <td><button type="button" class="secondary" aria-expanded={open === a.id} onClick={() => setOpen(open === a.id ? undefined : a.id)}>{open === a.id ? 'Hide' : 'Delivery'}</button></td>
              </tr>,
              open === a.id && <tr class="deliveries-row"><td colSpan={7}><Deliveries alertId={a.id} /></td></tr>,
            ])}
          </tbody>
        </table>
      )}
      {nextBefore !== null && <button type="button" onClick={older}>Older alerts</button>}
    </div>
  )
}

function Deliveries({ alertId }: { alertId: number }) {
  const [deliveries, setDeliveries] = useState<Delivery[]>()
  const [error, setError] = useState<ApiError>()
  useEffect(() => {
    getJson<{ deliveries: Delivery[] }>(`/v1/alerts/${alertId}/deliveries`).then((d) => setDeliveries(d.deliveries), setError)
  }, [alertId])
  if (error) return <p class="error">Could not read the deliveries: {error.message}</p>
  if (!deliveries) return <p class="muted">Loading…</p>
  if (deliveries.length === 0) return <p class="muted">No notification: the rule has no channel.</p>
  return (
    <table class="table deliveries">
      <thead><tr><th>Notification</th><th>Channel</th><th>Destination</th><th>Status</th><th>Attempts</th></tr></thead>
      <tbody>
        {deliveries.map((d) => {
          const last = d.attempts[d.attempts.length - 1]
          return (
            <tr data-delivery-status={d.status}>
              <td>{d.kind} <span class="muted">{formatTime(d.created_at)}</span></td>
              <td>{d.channel_type}</td>
              <td><code>{d.destination}</code></td>
              <td><span class={`delivery ${d.status}`}>{d.status}</span>{d.delivered_at && <span class="muted"> {formatTime(d.delivered_at)}</span>}</td>
              <td>{d.attempts.length}{last && <span class="muted"> (last: {last.status_code ?? last.error ?? '—'})</span>}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
