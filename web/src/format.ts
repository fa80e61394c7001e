// How numbers, durations and instants are written on screen.

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })

export function formatNumber(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return `${integer.format(value)}${unit ? ` ${unit}` : ''}`
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
