// Coding stops: a machine's day by day, or, with no machine chosen, what nobody coded yet on
// every machine of the scope over its period (newest first). Uncoded ones first, each with
// one-click reasons, several at once when selected, an optional note and name. OEE.md:
// "make coding fast, allow coding after the fact, suggest reasons".
import { useEffect, useMemo, useState } from 'preact/hooks'
import { formatClock, formatDuration } from '../format'
import { type CodingResult, codeStops, describeError } from './codeStops'
import { REASONS_PATH, type Reason, type Scope, type Stop, type StopList, stopsPath, uncodedStopsPath } from './oeeApi'
import { addDays } from './oeeFilters'
import { orderReasons, rememberReason } from './reasonOrder'
import { StopRow } from './StopRow'
import { useJson } from './useJson'

const NAME_KEY = 'cnc-telemetry.coded-by'
/** Rows of the list across machines; the summary counts all of them. */
const ACROSS_LIMIT = 200

interface Props {
  machine: string
  machines: string[]
  scope: Scope
  /** The time zone of a plant's calendar (UTC without one). */
  zoneOf: (plant: string | null | undefined) => string
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
  if (!machine) {
    return (
      <div>
        <ChooseMachine machines={props.machines} onMachine={props.onMachine} />
        <StopTable source={{ scope: props.scope }} zoneOf={(s) => props.zoneOf(s.plant)} zoneNote="Times are local to each plant. Stops"
          refreshKey={props.refreshKey} onCoded={props.onCoded} />
      </div>
    )
  }
  return (
    <div>
      <div class="range-bar" role="group" aria-label="Day of the stops">
        <button type="button" class="secondary" onClick={() => props.onDate(addDays(date, -1))}>← Previous day</button>
        <label class="inline">Day <input type="date" name="stops-day" value={date} max={today} onChange={(e) => { if (e.currentTarget.value) props.onDate(e.currentTarget.value) }} /></label>
        <button type="button" class="secondary" disabled={date >= today} onClick={() => props.onDate(addDays(date, 1))}>Next day →</button>
        {date !== today && <button type="button" class="secondary" onClick={() => props.onDate(today)}>Today</button>}
      </div>
      <StopTable source={{ machine, date }} zoneOf={() => props.timeZone} zoneNote={`Times are local to the plant (${props.timeZone}); stops`}
        refreshKey={props.refreshKey} onCoded={props.onCoded} />
    </div>
  )
}

interface TableProps {
  /** One machine's day, or the uncoded stops of every machine of a scope. */
  source: { machine: string; date: string } | { scope: Scope }
  zoneOf: (stop: Stop) => string
  /** Which zone the times are in, the start of a sentence ending "shorter than the microstop threshold…". */
  zoneNote: string
  refreshKey: unknown
  onCoded: () => void
}

function StopTable({ source, zoneOf, zoneNote, refreshKey, onCoded }: TableProps) {
  const one = 'machine' in source ? source : undefined
  const scope = 'scope' in source ? source.scope : undefined
  const path = scope ? uncodedStopsPath(scope, ACROSS_LIMIT) : stopsPath(one?.machine ?? '', one?.date ?? '')
  const [asked, setAsked] = useState(0)
  const stops = useJson<{ stops: Stop[] } & Partial<StopList>>(path, `${String(refreshKey)}/${asked}`)
  const reasonList = useJson<{ reasons: Reason[] }>(REASONS_PATH, refreshKey)
  const reasons = reasonList.data?.reasons
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [note, setNote] = useState('')
  const [name, setName] = useState(storedName)
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<{ text: string; failures: string[] }>()
  useEffect(() => { setSelected(new Set()); setOutcome(undefined) }, [path])

  const machineOf = (s: Stop) => s.machine_id ?? one?.machine ?? ''
  const keyOf = (s: Stop) => `${machineOf(s)}\u0000${s.start}`
  // A machine's day: uncoded first, each group in time order. Across machines: newest first, as served.
  const list = useMemo(() => one
    ? [...(stops.data?.stops ?? [])].sort((a, b) => Number(a.reason !== null) - Number(b.reason !== null) || Date.parse(a.start) - Date.parse(b.start))
    : stops.data?.stops ?? [], [stops.data])
  const ordered = useMemo(() => orderReasons(reasons ?? [], one?.machine ?? '', stops.data?.stops ?? []), [reasons, one?.machine, stops.data])
  const labelOf = (code: string) => reasons?.find((r) => r.code === code)?.label ?? code
  const stopName = (s: Stop) => `${one ? '' : `of ${machineOf(s)} at `}${formatClock(s.start, zoneOf(s))}`

  const code = async (targets: Stop[], reason: string) => {
    setBusy(true)
    setOutcome(undefined)
    let result: CodingResult
    try {
      result = await codeStops(targets, machineOf, { reason, ...(note.trim() ? { note: note.trim() } : {}), by: name.trim() || 'dashboard' })
    } finally {
      setBusy(false)
    }
    for (const m of new Set(result.coded.map(machineOf))) rememberReason(m, reason)
    if (result.coded.length > 0) setNote('')
    setSelected(new Set(result.failed.map((f) => keyOf(f.stop))))
    const first = result.coded[0]
    setOutcome({
      text: first ? `Coded ${result.coded.length === 1 ? `the stop ${stopName(first)}` : `${result.coded.length} stops`} as ${labelOf(reason)}.` : '',
      failures: result.failed.map((f) => `Could not code the stop ${stopName(f.stop)}–${formatClock(f.stop.end, zoneOf(f.stop))}: ${describeError(f.error)}.`),
    })
    setAsked((n) => n + 1)
    if (result.coded.length > 0) onCoded()
  }
  const saveName = (value: string) => {
    setName(value)
    try { localStorage.setItem(NAME_KEY, value) } catch { /* private browsing: not remembered */ }
  }

  const what = one ? `the stops of ${one.machine}` : 'the stops not coded yet'
  if (stops.error && !stops.data) return <p class="error" role="alert">Could not read {what}: {stops.error.message}</p>
  if (reasonList.error && !reasons) return <p class="error" role="alert">Could not read the downtime reasons: {reasonList.error.message}</p>
  if (!stops.data || !reasons) return <p class="muted" aria-busy="true">Loading {what}…</p>
  const chosen = list.filter((s) => selected.has(keyOf(s)))
  return (
    <div>
      <p data-field="stop-summary">
        {scope ? acrossText(stops.data, scope) : dayText(list, one?.date ?? '')}
        {' '}<span class="muted">{zoneNote} shorter than the microstop threshold are a performance loss and are not listed.</span>
      </p>
      {list.length > 0 && (
        <div class="filters coding-fields">
          <label>Note (optional, with the next reason) <input name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} size={40} /></label>
          <label>Coded by <input name="coded-by" value={name} placeholder="dashboard" onInput={(e) => saveName(e.currentTarget.value)} /></label>
        </div>
      )}
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
          <thead><tr><th scope="col"><span class="sr-only">Select</span></th>{!one && <th scope="col">Machine</th>}<th scope="col">When</th><th scope="col">Length</th><th scope="col">Reason</th><th scope="col">Code as</th></tr></thead>
          <tbody>
            {list.map((s) => (
              <StopRow key={keyOf(s)} stop={s} machine={one ? undefined : machineOf(s)} timeZone={zoneOf(s)} reasons={ordered.reasons} recent={ordered.recent} labelOf={labelOf} busy={busy}
                selected={selected.has(keyOf(s))}
                onSelect={(on) => setSelected((old) => { const next = new Set(old); if (on) next.add(keyOf(s)); else next.delete(keyOf(s)); return next })}
                onCode={(reason) => void code([s], reason)} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

function dayText(list: readonly Stop[], date: string): string {
  if (list.length === 0) return `No stop long enough to count on ${date}.`
  const uncoded = list.filter((s) => s.reason === null).length
  return `${list.length} stop${list.length === 1 ? '' : 's'} on ${date}, ${uncoded} not coded yet.`
}

function acrossText(data: Partial<StopList> & { stops: Stop[] }, scope: Scope): string {
  const where = `${scope.plant || 'all plants'}, ${scope.from} to ${scope.to}`
  const matching = data.matching ?? data.stops.length
  if (matching === 0) return `Every stop long enough to count is coded (${where}).`
  const lost = formatDuration((data.uncoded?.seconds ?? 0) * 1000)
  const shown = matching > data.stops.length ? `; the ${data.stops.length} newest are listed` : ''
  return `${matching} stop${matching === 1 ? '' : 's'} not coded yet (${where}): ${lost} of downtime without a reason${shown}.`
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
    <p>
      <label class="inline">Code the stops of one machine, day by day:{' '}
        <select name="coding-machine" value="" onChange={(e) => { if (e.currentTarget.value) onMachine(e.currentTarget.value) }}>
          <option value="">choose…</option>
          {machines.map((m) => <option value={m}>{m}</option>)}
        </select>
      </label>
      {' '}<span class="muted">(or click a machine in the heatmap). Below: what nobody coded yet, on every machine.</span>
    </p>
  )
}
