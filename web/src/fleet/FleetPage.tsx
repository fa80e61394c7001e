// The fleet: a card per machine, counts per state, filters and sort kept in the URL, live.
import { firingByMachine, useActiveAlerts } from '../alerts/useActiveAlerts'
import { useFleetStream, useServerNow } from '../live/useLive'
import { MACHINE_STATES, STATE_LABEL } from '../machineState'
import { type RouteMatch, replaceQuery } from '../shell/router'
import { type FleetFilters, NONE, SORTS, type SortKey, filtersFromQuery, filtersToQuery, fleetView } from './fleetView'
import { MachineCard } from './MachineCard'
import { VirtualGrid } from './VirtualGrid'

export function FleetPage({ query }: RouteMatch) {
  const stream = useFleetStream()
  const now = useServerNow()
  const { alerts } = useActiveAlerts()
  const filters = filtersFromQuery(query)
  const set = (change: Partial<FleetFilters>) => replaceQuery(filtersToQuery({ ...filters, ...change }))

  if (!stream.loaded) {
    return <section class="empty" aria-busy="true"><h1>Fleet</h1><p>{stream.connection === 'unreachable' ? 'Waiting for the server…' : 'Loading the fleet…'}</p></section>
  }
  if (stream.machines.size === 0) return <NoMachines />

  const view = fleetView(stream, filters, firingByMachine(alerts), now)
  const filtered = filters.state || filters.plant || filters.model || filters.text
  return (
    <section class="fleet">
      <div class="fleet-head">
        <h1>Fleet <span class="muted">{view.machines.length} of {stream.machines.size} machines</span></h1>
        <div class="counts" role="group" aria-label="Machines per state; choose one to show only those">
          {MACHINE_STATES.map((s) => (
            <button type="button" class={`count state-${s}`} aria-pressed={filters.state === s} data-count={s}
              onClick={() => set({ state: filters.state === s ? '' : s })}>
              <span class="count-n">{view.counts[s]}</span> {STATE_LABEL[s]}
            </button>
          ))}
        </div>
      </div>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>Search <input type="search" name="q" value={filters.text} placeholder="id, program, alarm…" onInput={(e) => set({ text: e.currentTarget.value })} /></label>
        <label>State
          <select name="state" value={filters.state} onChange={(e) => set({ state: e.currentTarget.value as FleetFilters['state'] })}>
            <option value="">all</option>
            {MACHINE_STATES.map((s) => <option value={s}>{STATE_LABEL[s]}</option>)}
          </select>
        </label>
        <label>Plant
          <select name="plant" value={filters.plant} onChange={(e) => set({ plant: e.currentTarget.value })}>
            <option value="">all</option>
            {view.plants.map((p) => <option value={p}>{p === NONE ? '(none)' : p}</option>)}
          </select>
        </label>
        <label>Model
          <select name="model" value={filters.model} onChange={(e) => set({ model: e.currentTarget.value })}>
            <option value="">all</option>
            {view.models.map((m) => <option value={m}>{m === NONE ? '(none)' : m}</option>)}
          </select>
        </label>
        <label>Sort
          <select name="sort" value={filters.sort} onChange={(e) => set({ sort: e.currentTarget.value as SortKey })}>
            {Object.entries(SORTS).map(([k, label]) => <option value={k}>{label}</option>)}
          </select>
        </label>
        {filtered && <button type="button" onClick={() => replaceQuery(filtersToQuery({ state: '', plant: '', model: '', text: '', sort: filters.sort }))}>Clear filters</button>}
      </form>
      {view.machines.length === 0
        ? <p class="empty">No machine matches these filters. <button type="button" class="link" onClick={() => replaceQuery(new URLSearchParams())}>Show all machines</button></p>
        : <VirtualGrid items={view.machines} itemKey={(v) => v.machine.id} label="Machines" minItemWidth={250} rowHeight={178} gap={12}
            renderItem={(v) => <MachineCard view={v} now={now} />} />}
    </section>
  )
}

function NoMachines() {
  return (
    <section class="empty">
      <h1>No machines yet</h1>
      <p>A machine appears here with its first sample. To see the dashboard at work:</p>
      <ul>
        <li><code>npm start</code> runs the server with 10 simulated CNC machines;</li>
        <li><code>cnc-telemetry sim mtconnect --port 5000 --machines 5</code> starts a simulated MTConnect agent; list it in a <code>machines.yaml</code> and serve with <code>--config machines.yaml</code>;</li>
        <li>or send samples: <code>curl -X POST http://localhost:8001/v1/telemetry/ingest -d '{`{"machine_id":"TEST-001","timestamp":"…Z","rpm":4500,"state":"running"}`}'</code>.</li>
      </ul>
    </section>
  )
}
