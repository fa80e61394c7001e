// The heatmaps' colour scale and what a cell says. Five bands (ColorBrewer RdYlBu, which
// colour-blind readers can tell apart), each with a text colour that keeps 4.5:1 contrast
// on it; styles.css holds the colours (.heat-0 … .heat-4). A cell with no planned time, or
// planned but without data, is not a colour of the scale: it has its own look and words.
import { formatDuration, formatPercent } from '../format'
import type { CellFigures } from './oeeApi'

export const BANDS = [
  { min: 0, label: 'below 40%' },
  { min: 0.4, label: '40–60%' },
  { min: 0.6, label: '60–75%' },
  { min: 0.75, label: '75–85%' },
  { min: 0.85, label: '85% and above' },
] as const

export function bandOf(ratio: number): number {
  let band = 0
  BANDS.forEach((b, i) => { if (ratio >= b.min) band = i })
  return band
}

export type CellKind = 'value' | 'not-planned' | 'no-data'

export interface CellView {
  kind: CellKind
  /** What the colour shows: OEE, or availability when OEE is unknown. */
  measure: 'oee' | 'availability' | null
  value: number | null
  band: number | null
  /** OEE from fewer than three factors (the basis says which): shown as availability. */
  partial: boolean
  /** The short text inside the cell. */
  text: string
  /** The whole story, for the title (tooltip) and screen readers. */
  title: string
}

const pctWhole = (ratio: number) => String(Math.round(ratio * 100))

/** `what` names the cell in its title ("M-1, 2026-03-03"). A missing cell is no data. */
export function cellView(cell: CellFigures | undefined, what: string): CellView {
  if (!cell) return { kind: 'no-data', measure: null, value: null, band: null, partial: false, text: '', title: `${what}: no data` }
  if (cell.planned_busy_s <= 0) return { kind: 'not-planned', measure: null, value: null, band: null, partial: false, text: '', title: `${what}: not planned (no shift, a break or planned downtime)` }
  const figures = `A ${formatPercent(cell.availability)}, P ${formatPercent(cell.performance)}, Q ${formatPercent(cell.quality)}; coverage ${formatPercent(cell.coverage)}; planned ${formatDuration(cell.planned_busy_s * 1000)}`
  if (cell.oee !== null && cell.basis === 'A×P×Q') {
    return { kind: 'value', measure: 'oee', value: cell.oee, band: bandOf(cell.oee), partial: false, text: pctWhole(cell.oee), title: `${what}: OEE ${formatPercent(cell.oee)}; ${figures}` }
  }
  // OEE unknown, or partial (A × Q: performance unknown): the cell shows availability, marked
  // "A", never a percentage that reads like an OEE.
  if (cell.availability !== null) {
    const why = cell.oee !== null ? `${cell.basis} ${formatPercent(cell.oee)}: performance unknown` : 'no part count or ideal cycle'
    return {
      kind: 'value', measure: 'availability', value: cell.availability, band: bandOf(cell.availability), partial: cell.oee !== null,
      text: `A${pctWhole(cell.availability)}`,
      title: `${what}: OEE unknown (${why}), coloured by availability ${formatPercent(cell.availability)}; ${figures}`,
    }
  }
  return { kind: 'no-data', measure: null, value: null, band: null, partial: false, text: '?', title: `${what}: planned ${formatDuration(cell.planned_busy_s * 1000)} but no data (coverage ${formatPercent(cell.coverage)})` }
}

/** The class that gives a cell its colour and text colour. */
export function cellClass(v: CellView): string {
  return v.kind === 'value' ? `heat heat-${v.band ?? 0}${v.measure === 'availability' ? ' heat-a' : ''}` : `heat heat-${v.kind}`
}
