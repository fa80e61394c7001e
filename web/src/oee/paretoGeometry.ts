// Where the Pareto chart draws: a bar per reason (largest first, as the API orders them)
// on the left axis in time, and the cumulative share as a line on the right axis in %.
// Plain numbers in SVG user units; the component only renders them.
import type { ParetoRow } from './oeeApi'

export const PARETO_SIZE = { width: 760, height: 280, left: 64, right: 52, top: 14, bottom: 70 }

export interface ParetoBar {
  row: ParetoRow
  x: number
  y: number
  width: number
  height: number
  /** The centre of the bar, where its label and the cumulative point sit. */
  cx: number
  cumulativeY: number
  /** The reason's label in at most two lines that fit the bar's width. */
  lines: string[]
}

export interface ParetoGeometry {
  bars: ParetoBar[]
  /** The cumulative line, "x,y x,y …" for an SVG polyline. */
  line: string
  /** Left axis ticks (seconds) and right axis ticks (share 0–1), with their y. */
  leftTicks: { seconds: number; y: number }[]
  rightTicks: { share: number; y: number }[]
  plot: { x: number; y: number; width: number; height: number }
}

export function paretoGeometry(rows: readonly ParetoRow[], size = PARETO_SIZE): ParetoGeometry {
  const plot = { x: size.left, y: size.top, width: size.width - size.left - size.right, height: size.height - size.top - size.bottom }
  const max = Math.max(0, ...rows.map((r) => r.seconds))
  const top = niceCeiling(max)
  const band = rows.length > 0 ? plot.width / rows.length : plot.width
  const yOf = (seconds: number) => plot.y + plot.height * (1 - (top > 0 ? seconds / top : 0))
  const bars = rows.map((row, i) => {
    const width = Math.min(band * 0.7, 90)
    const cx = plot.x + band * (i + 0.5)
    const y = yOf(row.seconds)
    return { row, x: cx - width / 2, y, width, height: plot.y + plot.height - y, cx, cumulativeY: plot.y + plot.height * (1 - row.cumulative), lines: wrapLabel(row.label, Math.floor(band / CHAR_W)) }
  })
  return {
    bars,
    line: bars.map((b) => `${round(b.cx)},${round(b.cumulativeY)}`).join(' '),
    leftTicks: top > 0 ? [0, 0.25, 0.5, 0.75, 1].map((f) => ({ seconds: top * f, y: yOf(top * f) })) : [],
    rightTicks: [0, 0.5, 0.8, 1].map((share) => ({ share, y: plot.y + plot.height * (1 - share) })),
    plot,
  }
}

/** A round axis maximum in seconds: whole minutes, quarter hours, hours or days. */
export function niceCeiling(seconds: number): number {
  if (seconds <= 0) return 0
  const steps = [60, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400]
  for (const step of steps) if (seconds <= step * 4) return Math.ceil(seconds / step) * step
  const day = 86_400
  return Math.ceil(seconds / (day * 4)) * day * 4
}

const round = (v: number) => Math.round(v * 10) / 10

/** The width of a character of the 12-unit label font, roughly. */
const CHAR_W = 7

/** Words into at most two lines of `width` characters; what does not fit ends in "…". */
export function wrapLabel(label: string, width: number): string[] {
  const max = Math.max(4, width)
  const lines: string[] = []
  let line = ''
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word
    if (candidate.length <= max || !line) line = candidate
    else {
      lines.push(line)
      line = word
    }
  }
  if (line) lines.push(line)
  const kept = lines.slice(0, 2).map((l) => (l.length > max ? `${l.slice(0, max - 1)}…` : l))
  if (lines.length > 2 && kept[1] !== undefined) kept[1] = `${kept[1].slice(0, max - 1)}…`
  return kept
}
