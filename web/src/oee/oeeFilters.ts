// The OEE page's filters, kept in the URL so that a link or a reload shows the same view:
// a period (the last 7/30/90 days, or from/to), a plant, a machine, and the day whose stops
// are being coded. Dates are the plant's local dates, YYYY-MM-DD, as the API takes them.

export const QUICK_DAYS = [7, 30, 90] as const
const DEFAULT_DAYS = 30
const DATE = /^\d{4}-\d{2}-\d{2}$/

export interface OeeFilters {
  /** Last N days ending today, or null for the explicit from/to. */
  days: number | null
  from: string
  to: string
  plant: string
  machine: string
  /** The day shown by the reason-coding view; '' = today. */
  day: string
}

export function isDate(v: string | null | undefined): v is string {
  return typeof v === 'string' && DATE.test(v) && Number.isFinite(Date.parse(`${v}T00:00:00Z`))
}

/** Calendar arithmetic on local dates (no time zone involved: a date is a date). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

export function datesBetween(from: string, to: string): string[] {
  const out: string[] = []
  for (let d = from; d <= to && out.length < 1000; d = addDays(d, 1)) out.push(d)
  return out
}

/** The local date at instant `ms` in an IANA time zone. */
const formatters = new Map<string, Intl.DateTimeFormat>()

export function localDate(ms: number, timeZone: string): string {
  let formatter = formatters.get(timeZone)
  if (!formatter) formatters.set(timeZone, (formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })))
  const parts = formatter.formatToParts(ms)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}

export function filtersFromQuery(query: URLSearchParams, today: string): OeeFilters {
  const plant = query.get('plant') ?? ''
  const machine = query.get('machine') ?? ''
  const day = isDate(query.get('day')) ? (query.get('day') as string) : ''
  const from = query.get('from')
  const to = query.get('to')
  if (isDate(from) && isDate(to) && from <= to) return { days: null, from, to, plant, machine, day }
  const asked = Number(query.get('days'))
  const days = Number.isInteger(asked) && asked >= 1 && asked <= 400 ? asked : DEFAULT_DAYS
  return { days, from: addDays(today, 1 - days), to: today, plant, machine, day }
}

export function filtersToQuery(f: OeeFilters): URLSearchParams {
  const q = new URLSearchParams()
  if (f.days === null) {
    q.set('from', f.from)
    q.set('to', f.to)
  } else if (f.days !== DEFAULT_DAYS) q.set('days', String(f.days))
  if (f.plant) q.set('plant', f.plant)
  if (f.machine) q.set('machine', f.machine)
  if (f.day) q.set('day', f.day)
  return q
}

/** The hour heatmap's API reads at most 62 days: the end of a longer period. */
export const MAX_HOUR_DAYS = 62

export function hourRange(from: string, to: string): { from: string; to: string; clipped: boolean } {
  const earliest = addDays(to, 1 - MAX_HOUR_DAYS)
  return from < earliest ? { from: earliest, to, clipped: true } : { from, to, clipped: false }
}
