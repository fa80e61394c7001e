// One machine: its status now, rpm and feed over a range with the state band under them
// (drag across a chart to zoom), its recent state changes, alarms and data gaps, and its
// active alerts.
import { useEffect, useMemo, useState } from 'preact/hooks'
import type uPlot from 'uplot'
import { ActiveAlertsTable } from '../alerts/ActiveAlertsTable'
import { useActiveAlerts } from '../alerts/useActiveAlerts'
import { formatAgo, formatDuration, formatNumber, formatTime } from '../format'
import { useFleetStream, useServerNow } from '../live/useLive'
import { STATE_LABEL } from '../machineState'
import { type RouteMatch, replaceQuery } from '../shell/router'
import { lineChartOptions, stateBandOptions } from './chartOptions'
import { changesIn, chartSeries } from './historySeries'
import { MachineLists } from './MachineLists'
import { UplotChart } from './UplotChart'
import { useHistory } from './useHistory'

const RANGES = { '1h': 3_600_000, '8h': 8 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const
type RangeKey = keyof typeof RANGES
const REFRESH_MS = 30_000

export function MachinePage({ params, query }: RouteMatch) {
  const id = params.id ?? ''
  const stream = useFleetStream()
  const now = useServerNow()
  const { alerts, reload } = useActiveAlerts()
  const rangeKey: RangeKey = (query.get('range') ?? '') in RANGES ? (query.get('range') as RangeKey) : '1h'
  const zoomFrom = Number(query.get('from'))
  const zoomTo = Number(query.get('to'))
  const zoomed = zoomFrom > 0 && zoomTo > zoomFrom

  // A relative range ends now and moves forward every REFRESH_MS.
  const [anchor, setAnchor] = useState(() => stream.serverNow())
  useEffect(() => {
    setAnchor(stream.serverNow())
    if (zoomed) return
    const timer = window.setInterval(() => setAnchor(stream.serverNow()), REFRESH_MS)
    return () => window.clearInterval(timer)
  }, [rangeKey, zoomed, stream])
  const toMs = zoomed ? zoomTo : anchor
  const fromMs = zoomed ? zoomFrom : anchor - RANGES[rangeKey]
  const { history, recent, events, error, loading } = useHistory(id, fromMs, toMs)

  const setRange = (key: RangeKey) => replaceQuery(new URLSearchParams({ range: key }))
  const zoom = useMemo(() => (from: number, to: number) => replaceQuery(new URLSearchParams({ range: rangeKey, from: String(Math.round(from)), to: String(Math.round(to)) })), [rangeKey])
  const zoomOut = () => {
    const span = toMs - fromMs
    const to = Math.min(stream.serverNow(), toMs + span / 2)
    zoom(to - span * 2, to)
  }

  const machine = stream.machines.get(id)
  const maxGapS = stream.staleAfterMs / 1000
  const charts = useMemo(() => {
    if (!history) return undefined
    const fromS = Date.parse(history.from) / 1000
    const toS = Date.parse(history.to) / 1000
    const s = chartSeries(history, maxGapS, Math.min(toS, stream.serverNow() / 1000))
    const band = s.rpmMin && s.rpmMax
    return {
      points: history.points.length,
      resolution: history.resolution,
      rpm: {
        options: lineChartOptions({ unit: 'rpm', fromS, toS, onZoom: zoom, lines: [{ label: 'rpm', color: '--chart-rpm', band: band ? [2, 3] : undefined }] }),
        data: (band ? [s.x, s.rpm, s.rpmMin ?? [], s.rpmMax ?? []] : [s.x, s.rpm]) as uPlot.AlignedData,
      },
      feed: { options: lineChartOptions({ unit: 'mm/min', fromS, toS, onZoom: zoom, lines: [{ label: 'feed', color: '--chart-feed' }] }), data: [s.x, s.feed] as uPlot.AlignedData },
      band: { options: stateBandOptions({ segments: s.segments, fromS, toS, onZoom: zoom }), data: [[fromS, toS], [null, null]] as uPlot.AlignedData },
    }
  }, [history, maxGapS, zoom])
  const changes = useMemo(() => (recent ? changesIn(recent) : undefined), [recent])

  if (stream.loaded && !machine) {
    return (
      <section class="empty">
        <h1>Machine {id} is unknown</h1>
        <p>A machine appears with its first sample. Check the id, or go back to <a href="/">the fleet</a>.</p>
      </section>
    )
  }
  const state = machine ? stream.effectiveState(machine, now) : undefined
  const since = machine ? stream.stateSince(machine, now) : null
  return (
    <section class="machine">
      <p><a href="/">← Fleet</a></p>
      <header class={`machine-head state-${state ?? 'none'}`}>
        <h1>{id}</h1>
        <span class="state-pill">{state ? STATE_LABEL[state] : '…'}</span>
        {since !== null && <span>for {formatDuration(now - since)}</span>}
        <span class="muted">{[machine?.plant, machine?.model].filter(Boolean).join(' · ')}</span>
      </header>
      {machine && (
        <dl class="machine-now">
          <div><dt>rpm</dt><dd>{formatNumber(machine.rpm)}</dd></div>
          <div><dt>feed</dt><dd>{formatNumber(machine.feed_mm_min, 'mm/min')}</dd></div>
          <div><dt>program</dt><dd>{machine.program ?? '—'}</dd></div>
          <div><dt>parts</dt><dd>{formatNumber(machine.part_count)}</dd></div>
          <div><dt>alarm</dt><dd>{machine.alarm ?? 'none'}</dd></div>
          <div><dt>last seen</dt><dd>{formatAgo(machine.last_seen_at, now)}</dd></div>
        </dl>
      )}

      <div class="range-bar" role="group" aria-label="Time range">
        {(Object.keys(RANGES) as RangeKey[]).map((k) => (
          <button type="button" aria-pressed={!zoomed && rangeKey === k} onClick={() => setRange(k)}>{k}</button>
        ))}
        <button type="button" class="secondary" onClick={() => zoom(fromMs + (toMs - fromMs) / 4, toMs - (toMs - fromMs) / 4)}>Zoom in</button>
        <button type="button" class="secondary" onClick={zoomOut}>Zoom out</button>
        {zoomed && <button type="button" class="secondary" onClick={() => setRange(rangeKey)}>Back to last {rangeKey}</button>}
        <span class="muted range-text">
          {formatTime(fromMs)} – {formatTime(toMs)}
          {charts && ` · ${charts.points} points at ${charts.resolution === 'raw' ? 'raw samples' : `${charts.resolution} buckets`}`}
          {loading && ' · loading…'}
        </span>
      </div>
      <p class="hint muted">Drag across a chart to zoom into that time.</p>
      {error && <p class="error" role="alert">Could not read the history: {error.message}. {error.unreachable ? 'Retrying when the server is back.' : ''}</p>}
      {charts && charts.points === 0 && <p class="empty">No data in this range. Choose a longer range, or check that the machine sends samples.</p>}
      {charts && (
        <div class="charts" data-resolution={charts.resolution}>
          <h2 class="chart-title">Spindle speed (rpm)</h2>
          <UplotChart label="spindle speed over time" options={charts.rpm.options} data={charts.rpm.data} />
          <h2 class="chart-title">Feed (mm/min)</h2>
          <UplotChart label="feed rate over time" options={charts.feed.options} data={charts.feed.data} />
          <h2 class="chart-title">State</h2>
          <UplotChart label="machine state over time" options={charts.band.options} data={charts.band.data} />
          <StateLegend />
        </div>
      )}

      <h2>Active alerts</h2>
      {alerts ? <ActiveAlertsTable alerts={alerts} machineId={id} onChanged={reload} allowSilence={false} /> : <p class="muted">Loading alerts…</p>}
      <MachineLists changes={changes} events={events} />
    </section>
  )
}

function StateLegend() {
  return (
    <ul class="legend" aria-label="State colours">
      {(Object.keys(STATE_LABEL) as (keyof typeof STATE_LABEL)[]).map((s) => <li><span class={`swatch state-${s}`} />{STATE_LABEL[s]}</li>)}
      <li><span class="swatch state-none" />no data</li>
    </ul>
  )
}
