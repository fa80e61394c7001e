// Numbers and dates for the PDF, in the report's locale (Intl only), already made safe for
// the standard PDF fonts (winAnsi.ts). The CSV does not use these: it is machine-readable.
import { toWinAnsi } from './winAnsi.js'

export const UNKNOWN = '—' // an unknown factor is shown as a dash, never as 0 or 100 %

export interface ReportFormat {
  /** 0.853 → "85,3 %" (de-DE); null → "—". */
  percent(ratio: number | null): string
  /** 0.25 → "25 %", for axes. */
  percentWhole(ratio: number): string
  /** Seconds → hours with one decimal, e.g. "1.234,5". */
  hours(seconds: number): string
  integer(n: number): string
  /** Up to two decimals, for axis ticks: 2,5 / 0,63. */
  decimal(n: number): string
  /** 'YYYY-MM-DD' → the locale's date, e.g. "01.03.2026". */
  date(isoDate: string): string
  /** 'YYYY-MM-DD' → day and month only, for chart axes, e.g. "01.03.". */
  dayMonth(isoDate: string): string
  /** Epoch ms → date and time in the plant's zone, e.g. "31.03.2026, 08:15". */
  dateTime(epochMs: number): string
}

export function reportFormat(locale: string, timeZone: string): ReportFormat {
  const loc = withLatinDigits(locale)
  const pct = new Intl.NumberFormat(loc, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const pct0 = new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 0 })
  const dec1 = new Intl.NumberFormat(loc, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const dec2 = new Intl.NumberFormat(loc, { maximumFractionDigits: 2 })
  const int = new Intl.NumberFormat(loc, { maximumFractionDigits: 0 })
  // from/to and trend dates are plant-local calendar dates already; formatting them as UTC
  // midnight keeps the day (formatting them in the plant zone would shift them a day west
  // of Greenwich). Only generatedAt is an instant, shown in the plant's zone.
  const date = new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeZone: 'UTC' })
  const dayMonth = new Intl.DateTimeFormat(loc, { day: '2-digit', month: '2-digit', timeZone: 'UTC' })
  const dateTime = new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeStyle: 'short', timeZone })
  return {
    percent: (ratio) => (ratio === null || !Number.isFinite(ratio) ? UNKNOWN : toWinAnsi(pct.format(ratio))),
    percentWhole: (ratio) => toWinAnsi(pct0.format(ratio)),
    hours: (seconds) => toWinAnsi(dec1.format(seconds / 3600)),
    integer: (n) => toWinAnsi(int.format(n)),
    decimal: (n) => toWinAnsi(dec2.format(n)),
    date: (iso) => toWinAnsi(date.format(utcDate(iso))),
    dayMonth: (iso) => toWinAnsi(dayMonth.format(utcDate(iso))),
    dateTime: (ms) => toWinAnsi(dateTime.format(ms)),
  }
}

/**
 * The standard PDF fonts have Latin digits only: a locale whose default digits are others
 * (ar-EG, fa-IR, …) keeps its separators and date order but writes 0–9.
 */
function withLatinDigits(locale: string): string {
  if (new Intl.NumberFormat(locale).resolvedOptions().numberingSystem === 'latn') return locale
  return new Intl.Locale(locale, { numberingSystem: 'latn' }).toString()
}

/** 'YYYY-MM-DD' → UTC midnight of that date (epoch ms). */
export function utcDate(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number)
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)
}

/** Every date from `from` to `to` inclusive, as 'YYYY-MM-DD'. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = []
  const end = utcDate(to)
  for (let t = utcDate(from); t <= end && out.length < 3660; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10))
  return out
}
