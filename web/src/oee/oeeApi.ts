// What the OEE endpoints answer (src/api/oeeRoutes.ts) and the calls the OEE page makes.
// Factors are ratios (0.853 = 85.3 %); a factor that is unknown is null, never 1.
import { postJson, query } from '../api'

export type Basis = 'A×P×Q' | 'A×Q (partial)' | 'none'

export interface OeeFlag {
  code: string
  message: string
  program?: string
}

/** The part of the figures (src/domain/oee/oeeFigures.ts) the page shows. */
export interface OeeFigures {
  availability: number | null
  performance: number | null
  performance_raw: number | null
  quality: number | null
  oee: number | null
  basis: Basis
  coverage: number | null
  utilization: number | null
  teep: number | null
  mtbf_s: number | null
  mttr_s: number | null
  calendar_s: number
  planned_busy_s: number
  run_s: number
  operating_s: number
  availability_loss_s: number
  no_data_s: number
  total_parts: number
  good_parts: number
  parts_known: boolean
  stop_count: number
  flags: OeeFlag[]
}

export interface OeeGroup {
  key: string
  figures: OeeFigures
  machines: number
}

export type GroupBy = 'machine' | 'plant' | 'shift' | 'day'

export interface OeePeriod {
  from: string
  to: string
  group_by: GroupBy
  total: OeeFigures
  groups: OeeGroup[]
}

export interface ParetoRow {
  reason: string
  label: string
  seconds: number
  share: number
  cumulative: number
}

export interface Pareto {
  from: string
  to: string
  total_s: number
  reasons: ParetoRow[]
  planned: Record<string, number>
}

/** One cell of the heatmaps: a machine's day, or one clock hour of it. */
export interface CellFigures {
  oee: number | null
  availability: number | null
  performance: number | null
  quality: number | null
  coverage: number | null
  basis: Basis
  planned_busy_s: number
}

export interface MachineDayGrid {
  from: string
  to: string
  dates: string[]
  machines: { machine_id: string; plant: string | null; days: Record<string, CellFigures> }[]
}

export interface HourFigures extends CellFigures {
  /** The local clock hour the slot starts at: repeats on the day clocks go back, skips one when they go forward. */
  hour: number
  start: string
  end: string
  run_s: number
}

export interface MachineHours {
  machine_id: string
  plant: string | null
  time_zone: string
  from: string
  to: string
  days: { date: string; hours: HourFigures[] }[]
}

export interface Stop {
  start: string
  end: string
  seconds: number
  reason: string | null
  planned: boolean | null
  coded_by: string | null
  coded_at: string | null
  note: string | null
  /** Set in the list across machines (GET /v1/stops). */
  machine_id?: string
  plant?: string | null
}

/** GET /v1/stops: the newest `limit` of the stops that match, and how many match in all. */
export interface StopList {
  stops: Stop[]
  matching: number
  uncoded: { count: number; seconds: number }
}

export interface Reason {
  code: string
  label: string
  planned: boolean
}

export interface PlantCalendar {
  plant: string
  timeZone: string
  source: 'api' | 'file' | 'default'
  alwaysOn?: boolean
}

export interface Scope {
  from: string
  to: string
  plant: string
  machine: string
}

const scopeQuery = (s: Scope, extra: Record<string, string> = {}) => query({ from: s.from, to: s.to, plant: s.plant, machine_id: s.machine, ...extra })

export const oeePath = (s: Scope, groupBy: GroupBy) => `/v1/oee${scopeQuery(s, { group_by: groupBy })}`
export const paretoPath = (s: Scope) => `/v1/oee/pareto${scopeQuery(s)}`
/** The machine × day grid covers the whole plant: the selected machine is a highlighted row of it. */
export const gridPath = (s: Scope) => `/v1/oee/grid${query({ from: s.from, to: s.to, plant: s.plant })}`
export const hoursPath = (machine: string, from: string, to: string) => `/v1/machines/${encodeURIComponent(machine)}/oee/hours${query({ from, to })}`
export const stopsPath = (machine: string, date: string) => `/v1/machines/${encodeURIComponent(machine)}/stops${query({ date })}`
/** The stops nobody coded yet, of every machine of the scope's plant (or all plants) over its period. */
export const uncodedStopsPath = (s: Scope, limit: number) => `/v1/stops${query({ from: s.from, to: s.to, plant: s.plant, coded: 'false', limit })}`
export const reportPath = (s: Scope, format: 'csv' | 'pdf', groupBy: GroupBy) => `/v1/reports/oee.${format}${scopeQuery(s, { group_by: groupBy })}`

export const CALENDARS_PATH = '/v1/oee/calendars'
export const REASONS_PATH = '/v1/oee/reasons'

export interface StopCode {
  reason: string
  note?: string
  by?: string
}

/** Codes one stop: the reason applies to the whole stop it overlaps (docs/oee.md, choice 2). */
export const codeStop = (machine: string, stop: Pick<Stop, 'start' | 'end'>, code: StopCode) =>
  postJson<{ id: number }>(`/v1/machines/${encodeURIComponent(machine)}/downtime`, { start: stop.start, end: stop.end, ...code })
