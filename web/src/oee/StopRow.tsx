// One stop in the coding view: when, how long, its reason (or "Not coded yet") with its note,
// a box to select it with others, the reasons as one-click buttons (the usual ones first) and
// the rest in a list. A coded stop can be coded again (the newest reason wins). In the list
// across machines a row also names its machine and its date.
import { useState } from 'preact/hooks'
import { formatClock, formatDuration } from '../format'
import type { Reason, Stop } from './oeeApi'
import { localDate } from './oeeFilters'

const QUICK = 4

interface Props {
  stop: Stop
  /** Set in the list across machines: the row names the machine and the date. */
  machine?: string
  timeZone: string
  reasons: Reason[]
  recent: Set<string>
  labelOf: (code: string) => string
  selected: boolean
  busy: boolean
  onSelect: (selected: boolean) => void
  onCode: (reason: string) => void
}

export function StopRow({ stop, machine, timeZone, reasons, recent, labelOf, selected, busy, onSelect, onCode }: Props) {
  const [recoding, setRecoding] = useState(false)
  const clocks = `${formatClock(stop.start, timeZone)}–${formatClock(stop.end, timeZone)}`
  const when = machine ? `of ${machine} on ${localDate(Date.parse(stop.start), timeZone)} ${clocks}` : clocks
  const coded = stop.reason !== null
  const picking = !coded || recoding
  const code = (reason: string) => {
    setRecoding(false)
    onCode(reason)
  }
  return (
    <tr data-stop={stop.start} data-stop-machine={machine} data-coded={coded ? stop.reason ?? '' : ''} class={coded ? 'coded' : 'uncoded'}>
      <td><input type="checkbox" checked={selected} disabled={busy} aria-label={`select the stop ${when}`} onChange={(e) => onSelect(e.currentTarget.checked)} /></td>
      {machine && <td data-field="machine">{machine}</td>}
      <td><time datetime={stop.start}>{machine ? `${localDate(Date.parse(stop.start), timeZone)} ${clocks}` : clocks}</time></td>
      <td>{formatDuration(stop.seconds * 1000)}</td>
      <td data-field="reason">
        {coded
          ? <><strong>{labelOf(stop.reason as string)}</strong>{stop.planned && <span class="muted"> (planned)</span>}{stop.coded_by && <span class="muted"> by {stop.coded_by}</span>}
            {stop.note && <span class="stop-note" data-field="note"> — {stop.note}</span>}</>
          : <span class="uncoded-tag">Not coded yet</span>}
      </td>
      <td class="actions">
        {picking && reasons.slice(0, QUICK).map((r) => (
          <button type="button" class={recent.has(r.code) ? 'reason recent' : 'reason secondary'} disabled={busy} aria-label={`Code the stop ${when} as ${r.label}`}
            title={recent.has(r.code) ? 'used recently on this machine' : undefined} onClick={() => code(r.code)}>
            {r.label}
          </button>
        ))}
        {picking && reasons.length > QUICK && (
          <select aria-label={`Other reason for the stop ${when}`} disabled={busy} value="" onChange={(e) => { if (e.currentTarget.value) code(e.currentTarget.value) }}>
            <option value="">Other reason…</option>
            {reasons.slice(QUICK).map((r) => <option value={r.code}>{r.label}{r.planned ? ' (planned)' : ''}</option>)}
          </select>
        )}
        {coded && (
          <button type="button" class="secondary" disabled={busy} aria-expanded={recoding} onClick={() => setRecoding(!recoding)}>
            {recoding ? 'Keep reason' : 'Change reason'}
          </button>
        )}
      </td>
    </tr>
  )
}
