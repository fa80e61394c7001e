// Coding a machine's stops, day by day: the uncoded ones first, each with one-click reasons,
// several at once when selected, an optional note and name. OEE.md: "make coding fast,
// allow coding after the fact, suggest reasons".
import { useEffect, useMemo, useState } from 'preact/hooks'
import { formatClock } from '../format'
import { type CodingResult, codeStops, describeError } from './codeStops'
import { REASONS_PATH, type Reason, type Stop, stopsPath } from './oeeApi'
import { addDays } from './oeeFilters'
import { orderReasons, rememberReason } from './reasonOrder'
import { StopRow } from './StopRow'
import { useJson } from './useJson'

const NAME_KEY = 'cnc-telemetry.coded-by'

interface Props {
  machine: string
  machines: string[]
  timeZone: string
  date: string
  today: string
  refreshKey: unknown
  onMachine: (machine: string) => void
  onDate: (date: string) => void
  onCoded: () => void
}

export function StopCoding(props: Props) {
  const { machine, date, today } = props
  if (!machine) return <ChooseMachine machines={props.machines} onMachine={props.onMachine} />
  return (
    <div>
      <div class="range-bar" role="group" aria-label="Day of the stops">
        <button type="button" class="secondary" onClick={() => props.onDate(addDays(date, -1))}>← Previous day</button>
        <label class="inline">Day <input type="date" name="stops-day" value={date} max={today} onChange={(e) => { if (e.currentTarget.value) props.onDate(e.currentTarget.value) }} /></label>
        <button type="button" class="secondary" disabled={date >= today} onClick={() => props.onDate(addDays(date, 1))}>Next day →</button>
        {date !== today && <button type="button" class="secondary" onClick={() => props.onDate(today)}>Today</button>}
      </div>
      <StopList {...props} />
    </div>
  )
}

function StopList({ machine, timeZone, date, refreshKey, onCoded }: Props) {
  const [asked, setAsked] = useState(0)
  const stops = useJson<{ stops: Stop[] }>(stopsPath(machine, date), `${String(refreshKey)}/${asked}`)
  const reasonList = useJson<{ reasons: Reason[] }>(REASONS_PATH, refreshKey)
  const reasons = reasonList.data?.reasons
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [note, setNote] = useState('')
  const [name, setName] = useState(storedName)
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<{ text: string; failures: string[] }>()
  useEffect(() => { setSelected(new Set()); setOutcome(undefined) }, [machine, date])

  // Uncoded first, each group in time order.
  const list = useMemo(() => [...(stops.data?.stops ?? [])].sort((a, b) => Number(a.reason !== null) - Number(b.reason !== null) || Date.parse(a.start) - Date.parse(b.start)), [stops.data])
  const ordered = useMemo(() => orderReasons(reasons ?? [], machine, stops.data?.stops ?? []), [reasons, machine, stops.data])
  const labelOf = (code: string) => reasons?.find((r) => r.code === code)?.label ?? code
  const clock = (iso: string) => formatClock(iso, timeZone)

  const code = async (targets: Stop[], reason: string) => {
    setBusy(true)
    setOutcome(undefined)
    let result: CodingResult
    try {
      result = await codeStops(machine, targets, { reason, ...(note.trim() ? { note: note.trim() } : {}), by: name.trim() || 'dashboard' })
    } finally {
      setBusy(false)
    }
    if (result.coded.length > 0) {
      rememberReason(machine, reason)
      setNote('')
    }
    setSelected(new Set(result.failed.map((f) => f.stop.start)))
    setOutcome({
      text: result.coded.length > 0 ? `Coded ${result.coded.length === 1 ? `the stop ${clock(result.coded[0]?.start ?? '')}` : `${result.coded.length} stops`} as ${labelOf(reason)}.` : '',
      failures: result.failed.map((f) => `Could not code the stop ${clock(f.stop.start)}–${clock(f.stop.end)}: ${describeError(f.error)}.`),
    })
    setAsked((n) => n + 1)
    if (result.coded.length > 0) onCoded()
  }
  const saveName = (value: string) => {
    setName(value)
    try { localStorage.setItem(NAME_KEY, value) } catch { /* private browsing: not remembered */ }
  }

  if (stops.error && !stops.data) return <p class="error" role="alert">Could not read the stops of {machine}: {stops.error.message}</p>
  if (reasonList.error && !reasons) return <p class="error" role="alert">Could not read the downtime reasons: {reasonList.error.message}</p>
  if (!stops.data || !reasons) return <p class="muted" aria-busy="true">Loading the stops…</p>
  const chosen = list.filter((s) => selected.has(s.start))
  const uncoded = list.filter((s) => s.reason === null).length
  return (
    <div>
      <p>
        {list.length === 0 ? `No stop long enough to count on ${date}.` : `${list.length} stop${list.length === 1 ? '' : 's'} on ${date}, ${uncoded} not coded yet.`}
        {' '}<span class="muted">Times are local to the plant ({timeZone}); stops shorter than the microstop threshold are a performance loss and are not listed.</span>
      </p>
      <div class="filters coding-fields">
        <label>Note (optional, with the next reason) <input name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} size={40} /></label>
        <label>Coded by <input name="coded-by" value={name} placeholder="dashboard" onInput={(e) => saveName(e.currentTarget.value)} /></label>
      </div>
      <p class="status" role="status">{outcome?.text}</p>
      {outcome && outcome.failures.length > 0 && <ul class="error" role="alert">{outcome.failures.map((f) => <li>{f}</li>)}</ul>}
      {chosen.length > 0 && (
        <div class="bulk actions" role="group" aria-label="Code the selected stops">
          <strong>{chosen.length} selected:</strong>
          {ordered.reasons.map((r) => (
            <button type="button" class={ordered.recent.has(r.code) ? 'reason recent' : 'reason secondary'} disabled={busy} onClick={() => void code(chosen, r.code)}>
              Code {chosen.length} as {r.label}
            </button>
          ))}
          <button type="button" class="link" onClick={() => setSelected(new Set())}>Clear selection</button>
        </div>
      )}
      {list.length > 0 && (
        <table class="table stops">
          <thead><tr><th scope="col"><span class="sr-only">Select</span></th><th scope="col">When</th><th scope="col">Length</th><th scope="col">Reason</th><th scope="col">Code as</th></tr></thead>
          <tbody>
            {list.map((s) => (
              <StopRow key={s.start} stop={s} timeZone={timeZone} reasons={ordered.reasons} recent={ordered.recent} labelOf={labelOf} busy={busy}
                selected={selected.has(s.start)}
                onSelect={(on) => setSelected((old) => { const next = new Set(old); if (on) next.add(s.start); else next.delete(s.start); return next })}
                onCode={(reason) => void code([s], reason)} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

function storedName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? ''
  } catch {
    return ''
  }
}

function ChooseMachine({ machines, onMachine }: { machines: string[]; onMachine: (m: string) => void }) {
  return (
    <div>
      <p>Choose a machine to code its stops (or click a machine in the heatmap).</p>
      <label class="inline">Machine{' '}
        <select name="coding-machine" value="" onChange={(e) => { if (e.currentTarget.value) onMachine(e.currentTarget.value) }}>
          <option value="">choose…</option>
          {machines.map((m) => <option value={m}>{m}</option>)}
        </select>
      </label>
    </div>
  )
}
