// The daily trend as uPlot draws it: one x per date of the period (midnight UTC of the date,
// shown in UTC so that a date never slides into its neighbour), and OEE, A, P, Q with a null
// wherever a day has no figures: a gap in the line, never a zero.
import type uPlot from 'uplot'
import type { OeeGroup } from './oeeApi'
import { datesBetween } from './oeeFilters'

export const TREND_LINES = [
  { key: 'oee', label: 'OEE', color: '--chart-oee', width: 3 },
  { key: 'availability', label: 'A', color: '--chart-a', width: 1.5 },
  { key: 'performance', label: 'P', color: '--chart-p', width: 1.5 },
  { key: 'quality', label: 'Q', color: '--chart-q', width: 1.5 },
] as const

export const dateSeconds = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000

export function trendData(groups: readonly OeeGroup[], from: string, to: string): { data: uPlot.AlignedData; days: number; withFigures: number } {
  const byDate = new Map(groups.map((g) => [g.key, g.figures]))
  const dates = datesBetween(from, to)
  const x = dates.map(dateSeconds)
  const lines = TREND_LINES.map((l) => dates.map((d) => byDate.get(d)?.[l.key] ?? null))
  const withFigures = dates.filter((d) => byDate.get(d)?.availability != null).length
  return { data: [x, ...lines] as uPlot.AlignedData, days: dates.length, withFigures }
}
