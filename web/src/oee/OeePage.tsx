// OEE for plant managers and engineers: the period's A, P, Q and OEE (with what they rest
// on), the daily trend, machines × days and one machine's hours as heatmaps, downtime by
// reason, the coding of stops nobody explained yet, and the same figures as CSV or PDF.
// Filters live in the URL; the figures are read again every minute.
import { useFleetStream } from '../live/useLive'
import { type RouteMatch, replaceQuery } from '../shell/router'
import { ExportLinks } from './ExportLinks'
import { HourHeatmap } from './HourHeatmap'
import { Loading } from './Loading'
import { MachineDayHeatmap } from './MachineDayHeatmap'
import { OeeCards } from './OeeCards'
import { CALENDARS_PATH, type MachineDayGrid, type MachineHours, type OeePeriod, type Pareto, type PlantCalendar, type Scope, gridPath, hoursPath, oeePath, paretoPath } from './oeeApi'
import { type OeeFilters, filtersFromQuery, filtersToQuery, hourRange, localDate } from './oeeFilters'
import { OeeFilterBar } from './OeeFilterBar'
import { OeeTrend } from './OeeTrend'
import { ParetoChart } from './ParetoChart'
import { StopCoding } from './StopCoding'
import { useJson } from './useJson'
import { useRefresh } from './useRefresh'

const CODING_ID = 'oee-coding'

export function OeePage({ query }: RouteMatch) {
  const stream = useFleetStream()
  const [refreshKey, refreshNow] = useRefresh()
  const calendars = useJson<{ calendars: PlantCalendar[] }>(CALENDARS_PATH, refreshKey)
  const calendarOf = (plant: string | null | undefined) => calendars.data?.calendars.find((c) => c.plant === plant)
  // "Today" is the server's (its clock, from the live stream) in the zone the API counts the
  // scope's days in: the plant's, or UTC for all plants together.
  const plantParam = query.get('plant') ?? ''
  const today = localDate(stream.serverNow(), plantParam ? calendarOf(plantParam)?.timeZone ?? 'UTC' : 'UTC')
  const filters = filtersFromQuery(query, today)
  const setFilters = (next: OeeFilters) => replaceQuery(filtersToQuery(next))
  const ready = stream.loaded && calendars.data !== undefined

  const scope: Scope = { from: filters.from, to: filters.to, plant: filters.plant, machine: filters.machine }
  const cards = useJson<OeePeriod>(ready ? oeePath(scope, 'machine') : undefined, refreshKey)
  const trend = useJson<OeePeriod>(ready ? oeePath(scope, 'day') : undefined, refreshKey)
  const grid = useJson<MachineDayGrid>(ready ? gridPath(scope) : undefined, refreshKey)
  const pareto = useJson<Pareto>(ready ? paretoPath(scope) : undefined, refreshKey)
  const hours = hourRange(filters.from, filters.to)
  // The hours are computed from the raw data on every read (about 1.5 s of the server for
  // 30 days): read them every fifth refresh only; past hours rarely change.
  const hourData = useJson<MachineHours>(ready && filters.machine ? hoursPath(filters.machine, hours.from, hours.to) : undefined, Math.floor(refreshKey / 5))

  if (!ready) {
    return <section class="empty" aria-busy="true"><h1>OEE</h1>{calendars.error ? <p class="error" role="alert">Could not read the plant calendars: {calendars.error.message}</p> : <p>Loading…</p>}</section>
  }
  const machines = [...stream.machines.values()].filter((m) => !filters.plant || m.plant === filters.plant).map((m) => m.id)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
  if (stream.machines.size === 0) return <NoMachines />

  const plants = (calendars.data?.calendars ?? []).map((c) => c.plant)
  const machinePlant = stream.machines.get(filters.machine)?.plant
  const machineZone = calendarOf(machinePlant)?.timeZone ?? 'UTC'
  const machineToday = localDate(stream.serverNow(), machineZone)
  const noShifts = (filters.plant ? [calendarOf(filters.plant)] : calendars.data?.calendars ?? []).filter((c) => c?.alwaysOn).map((c) => c?.plant)
  const goToCoding = () => {
    const target = document.getElementById(CODING_ID)
    target?.scrollIntoView({ block: 'start' })
    target?.focus({ preventScroll: true })
  }
  const select = (machine: string) => setFilters({ ...filters, machine })
  return (
    <section class="oee">
      <h1>OEE <span class="muted">{[filters.plant || 'all plants', filters.machine].filter(Boolean).join(' · ')} · {filters.from} to {filters.to}</span></h1>
      <OeeFilterBar filters={filters} today={today} plants={plants} machines={machines} onChange={setFilters} />
      {noShifts.length > 0 && (
        <p class="notice">No shift calendar for {noShifts.join(', ')}: its OEE counts 24 hours a day (UTC) as planned time. Define shifts in <code>oee.yaml</code> (see docs/oee.md) for figures that match your shifts.</p>
      )}

      <div class="oee-top">
        <section aria-labelledby="oee-overview">
          <h2 id="oee-overview">Overview</h2>
          <Loading state={cards} what="the OEE">
            {(d) => (d.total.planned_busy_s === 0
              ? <p class="empty">No OEE yet: no planned time in this period{filters.machine ? ` for ${filters.machine}` : ''}. Define shifts in <code>oee.yaml</code> — see docs/oee.md — or choose another period.</p>
              : <OeeCards figures={d.total} />)}
          </Loading>
        </section>
        <section aria-labelledby="oee-trend">
          <h2 id="oee-trend">Daily trend</h2>
          <Loading state={trend} what="the daily trend">{(d) => <OeeTrend groups={d.groups} from={d.from} to={d.to} />}</Loading>
        </section>
      </div>

      <h2>Machines by day</h2>
      <Loading state={grid} what="the machine × day heatmap" missing="This server has no GET /v1/oee/grid yet: the machine × day heatmap needs it.">
        {(d) => <MachineDayHeatmap grid={d} selected={filters.machine} onSelect={select} />}
      </Loading>

      {filters.machine && (
        <>
          <h2>{filters.machine} by hour</h2>
          {hours.clipped && <p class="muted">The hour view shows the last 62 days of the period.</p>}
          <Loading state={hourData} what={`the hours of ${filters.machine}`} missing="This server has no GET /v1/machines/{id}/oee/hours yet: the hour heatmap needs it.">
            {(d) => <HourHeatmap data={d} />}
          </Loading>
        </>
      )}

      <h2>Downtime by reason</h2>
      <Loading state={pareto} what="the downtime by reason">{(d) => <ParetoChart pareto={d} onCode={goToCoding} />}</Loading>

      <h2 id={CODING_ID} tabIndex={-1}>Code stops{filters.machine ? ` of ${filters.machine}` : ''}</h2>
      <StopCoding machine={filters.machine} machines={machines} scope={scope} zoneOf={(plant) => calendarOf(plant)?.timeZone ?? 'UTC'}
        timeZone={machineZone} date={filters.day || machineToday} today={machineToday} refreshKey={refreshKey}
        onMachine={select} onDate={(day) => setFilters({ ...filters, day: day === machineToday ? '' : day })} onCoded={refreshNow} />

      <h2>Export</h2>
      <ExportLinks scope={scope} />
    </section>
  )
}

function NoMachines() {
  return (
    <section class="empty">
      <h1>OEE</h1>
      <p>No machines yet: OEE starts with the first samples. Run <code>npm start</code> for simulated machines, or list your machines in <code>machines.yaml</code>, and define the shifts in <code>oee.yaml</code> (see docs/oee.md).</p>
    </section>
  )
}
