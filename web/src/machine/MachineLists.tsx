// The machine's recent state changes and alarms (from raw samples) and its data gaps,
// restarts and connection changes (machine events).
import { formatDuration, formatTime } from '../format'
import type { AlarmSpan, StateChange } from './historySeries'
import type { MachineEvent } from './useHistory'

const EVENT_LABEL: Record<string, string> = {
  data_gap: 'Data gap', agent_restart: 'Agent restart', connection_lost: 'Connection lost', connection_restored: 'Connection restored', clock_skew: 'Clock skew', agent_error: 'Agent error',
}

export function MachineLists({ changes, events }: { changes: { states: StateChange[]; alarms: AlarmSpan[] } | undefined; events: MachineEvent[] | undefined }) {
  return (
    <div class="lists">
      <section>
        <h2>State changes <span class="muted">(last 30 min of the range)</span></h2>
        {!changes ? <p class="muted">Loading…</p> : changes.states.length === 0 ? <p class="muted">No state change.</p> : (
          <ol class="timeline">
            {changes.states.slice(0, 30).map((c) => <li><time>{formatTime(c.at)}</time> {c.from ?? 'unknown'} → <strong>{c.to}</strong></li>)}
          </ol>
        )}
      </section>
      <section>
        <h2>Alarms <span class="muted">(last 30 min of the range)</span></h2>
        {!changes ? <p class="muted">Loading…</p> : changes.alarms.length === 0 ? <p class="muted">No alarm.</p> : (
          <ol class="timeline">
            {changes.alarms.slice(0, 30).map((a) => <li><time>{formatTime(a.from)}</time> {a.alarm} <span class="muted">({formatDuration(a.to - a.from)})</span></li>)}
          </ol>
        )}
      </section>
      <section>
        <h2>Data gaps and connection</h2>
        {!events ? <p class="muted">Loading…</p> : events.length === 0 ? <p class="muted">No data gap, restart or connection change recorded.</p> : (
          <ol class="timeline">
            {events.slice(0, 30).map((e) => <li><time>{formatTime(e.ts)}</time> {EVENT_LABEL[e.kind] ?? e.kind} <span class="muted">{describe(e.detail)}</span></li>)}
          </ol>
        )}
      </section>
    </div>
  )
}

function describe(detail: Record<string, unknown>): string {
  return Object.entries(detail).filter(([, v]) => v !== null && typeof v !== 'object').map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`).join(', ')
}
