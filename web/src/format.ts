// How numbers, durations and instants are written on screen.

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })

export function formatNumber(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return `${integer.format(value)}${unit ? ` ${unit}` : ''}`
}

const percent = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })

/** A ratio as a percentage with one decimal (0.8532 → 85.3%); unknown is a dash, never 100%. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—'
  return percent.format(ratio)
}

/** 45 s, 12 min, 3 h 05 min, 2 d 4 h. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 60) return `${s} s`
  const min = Math.floor(s / 60)
  if (min < 60) return `${min} min`
  const h = Math.floor(min / 60)
  if (h < 48) return `${h} h ${String(min % 60).padStart(2, '0')} min`
  return `${Math.floor(h / 24)} d ${h % 24} h`
}

/** Working time as plants count it: 7 h 30 min, or whole hours past two days (1,213 h), never days. */
export function formatWorkTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 48 * 3_600_000) return formatDuration(ms)
  return `${integer.format(Math.round(ms / 3_600_000))} h`
}

export function formatAgo(at: number | null | undefined, now: number): string {
  if (at === null || at === undefined) return 'never'
  return `${formatDuration(now - at)} ago`
}

const dateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })

export function formatTime(at: string | number | null | undefined): string {
  if (at === null || at === undefined) return '—'
  const d = new Date(at)
  return Number.isNaN(d.getTime()) ? '—' : dateTime.format(d)
}

/** The wall-clock time of an instant in a given time zone (a plant's), 08:05. */
export function formatClock(at: string | number, timeZone: string): string {
  const d = new Date(at)
  if (Number.isNaN(d.getTime())) return '—'
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d)
  } catch {
    return formatTime(at)
  }
}
