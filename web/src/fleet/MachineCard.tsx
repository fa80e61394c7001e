// One machine on the fleet page: its state as a colour and a word, what it is doing, for how
// long, when it was last heard of, and its firing alerts.
import { formatAgo, formatDuration, formatNumber } from '../format'
import { STATE_LABEL } from '../machineState'
import type { ViewMachine } from './fleetView'

export function MachineCard({ view, now }: { view: ViewMachine; now: number }) {
  const { machine: m, state, since, alerts } = view
  return (
    <a class={`card state-${state}`} href={`/machines/${encodeURIComponent(m.id)}`} data-machine={m.id} data-state={state}
      aria-label={`${m.id}: ${STATE_LABEL[state]}${alerts ? `, ${alerts} firing alert${alerts > 1 ? 's' : ''}` : ''}`}>
      <div class="card-head">
        <span class="card-id">{m.id}</span>
        {alerts > 0 && <span class="badge-alert" title="firing alerts">{alerts} alert{alerts > 1 ? 's' : ''}</span>}
      </div>
      <div class="card-where">{[m.plant, m.model].filter(Boolean).join(' · ') || 'no plant or model registered'}</div>
      <div class="card-state">
        <span class="state-pill">{STATE_LABEL[state]}</span>
        <span class="card-since">{since !== null ? `for ${formatDuration(now - since)}` : ''}</span>
      </div>
      <dl class="card-values">
        <div><dt>rpm</dt><dd data-field="rpm">{formatNumber(m.rpm)}</dd></div>
        <div><dt>feed mm/min</dt><dd data-field="feed">{formatNumber(m.feed_mm_min)}</dd></div>
        <div><dt>parts</dt><dd data-field="parts">{formatNumber(m.part_count)}</dd></div>
      </dl>
      <div class="card-program" title={m.program ?? ''}>{m.alarm ? <span class="card-alarm">⚠ {m.alarm}</span> : (m.program ?? 'no program')}</div>
      <div class="card-seen">last seen {formatAgo(m.last_seen_at, now)}</div>
    </a>
  )
}
