// The two charts of the report's first page, drawn as vector graphics: OEE per day (bars,
// days without data left as a shaded gap, never drawn as 0) and the unplanned downtime
// Pareto (bars by reason, largest first, with the cumulative share as a line).
import type { OeeReportInput } from './reportInput.js'
import type { ReportFormat } from './reportFormat.js'
import { datesBetween } from './reportFormat.js'
import { COLOR, type Doc, hLine, niceCeil, textLine } from './pdfStyle.js'
import { toWinAnsi } from './winAnsi.js'

export interface Box { x: number; y: number; width: number; height: number }

/** Room around a chart's plot area for the title, axis labels and legend. */
const PAD = { top: 30, bottom: 24, left: 34, right: 36 }

export function drawTrend(doc: Doc, box: Box, input: OeeReportInput, fmt: ReportFormat): void {
  textLine(doc, 'OEE per day', box.x, box.y, { size: 10, bold: true })
  const plot = { x: box.x + PAD.left, y: box.y + PAD.top, width: box.width - PAD.left - 8, height: box.height - PAD.top - PAD.bottom }
  legend(doc, box.x + box.width, box.y + 1, [[COLOR.bar, 'A×P×Q'], [COLOR.barPartial, 'partial basis'], [COLOR.noData, 'no data']])

  // The x axis is every date of the period, so a day the caller sent nothing for is a gap too.
  const byDate = new Map(input.trend.map((t) => [t.date, t.figures]))
  const dates = datesBetween(input.from, input.to)
  const slot = plot.width / Math.max(1, dates.length)
  const yOf = (ratio: number) => plot.y + plot.height * (1 - Math.max(0, Math.min(1, ratio)))

  dates.forEach((date, i) => {
    const figures = byDate.get(date)
    const x = plot.x + i * slot
    if (figures?.oee === null || figures?.oee === undefined) {
      doc.save().rect(x + slot * 0.1, plot.y, slot * 0.8, plot.height).fill(COLOR.noData).restore()
      return
    }
    const top = yOf(figures.oee)
    const color = figures.basis === 'A×P×Q' ? COLOR.bar : COLOR.barPartial
    doc.save().rect(x + slot * 0.15, top, slot * 0.7, plot.y + plot.height - top).fill(color).restore()
  })

  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    hLine(doc, plot.x, plot.x + plot.width, yOf(tick), tick === 0 ? COLOR.muted : COLOR.grid, tick === 0 ? 0.75 : 0.5)
    textLine(doc, fmt.percentWhole(tick), box.x, yOf(tick) - 3.5, { size: 7, color: COLOR.muted, width: PAD.left - 5, align: 'right' })
  }
  const every = Math.max(1, Math.ceil(dates.length / 10))
  dates.forEach((date, i) => {
    if (i % every !== 0) return
    const cx = plot.x + (i + 0.5) * slot
    doc.save().moveTo(cx, plot.y + plot.height).lineTo(cx, plot.y + plot.height + 3).lineWidth(0.5).strokeColor(COLOR.muted).stroke().restore()
    textLine(doc, fmt.dayMonth(date), cx - 20, plot.y + plot.height + 6, { size: 7, color: COLOR.muted, width: 40, align: 'center' })
  })

  // The period's OEE as a reference line: the roll-up of the scope, not a mean of the bars.
  const total = input.total.oee
  if (total !== null) {
    const y = yOf(total)
    doc.save().moveTo(plot.x, y).lineTo(plot.x + plot.width, y).lineWidth(0.8).dash(3, { space: 2 }).strokeColor(COLOR.cumulative).stroke().undash().restore()
    const label = `period ${fmt.percent(total)}`
    doc.font('Helvetica').fontSize(7)
    const w = doc.widthOfString(label) + 6
    const lx = plot.x + plot.width - w
    doc.save().rect(lx, y - 11, w, 10).fill('#ffffff').restore()
    textLine(doc, label, lx + 3, y - 9.5, { size: 7, color: COLOR.cumulative })
  }
}

/** Reasons beyond this many are summed into one "Other" bar to keep labels readable. */
const MAX_PARETO_BARS = 8

export function drawPareto(doc: Doc, box: Box, input: OeeReportInput, fmt: ReportFormat): void {
  textLine(doc, 'Unplanned downtime by reason (h)', box.x, box.y, { size: 10, bold: true })
  const plot = { x: box.x + PAD.left, y: box.y + PAD.top, width: box.width - PAD.left - PAD.right, height: box.height - PAD.top - PAD.bottom - 10 }
  const bars = paretoBars(input.pareto)
  const totalS = bars.reduce((sum, b) => sum + b.seconds, 0)
  if (totalS <= 0) {
    textLine(doc, 'No unplanned downtime in this period', plot.x, plot.y + plot.height / 2, { size: 9, color: COLOR.muted, width: plot.width, align: 'center' })
    return
  }
  legend(doc, box.x + box.width, box.y + 1, [[COLOR.loss, 'hours'], [COLOR.cumulative, 'cumulative %']])

  const maxH = niceCeil(Math.max(...bars.map((b) => b.seconds)) / 3600)
  const yHours = (h: number) => plot.y + plot.height * (1 - h / maxH)
  const yShare = (ratio: number) => plot.y + plot.height * (1 - ratio)
  for (let i = 0; i <= 4; i++) {
    const y = plot.y + (plot.height * i) / 4
    hLine(doc, plot.x, plot.x + plot.width, y, i === 4 ? COLOR.muted : COLOR.grid, i === 4 ? 0.75 : 0.5)
    textLine(doc, fmt.decimal(maxH * (1 - i / 4)), box.x, y - 3.5, { size: 7, color: COLOR.muted, width: PAD.left - 5, align: 'right' })
    textLine(doc, fmt.percentWhole(1 - i / 4), plot.x + plot.width + 4, y - 3.5, { size: 7, color: COLOR.muted })
  }

  const slot = plot.width / bars.length
  let cumulative = 0
  const points: [number, number][] = []
  bars.forEach((bar, i) => {
    const x = plot.x + i * slot
    const hours = bar.seconds / 3600
    const top = yHours(hours)
    doc.save().rect(x + slot * 0.15, top, slot * 0.7, plot.y + plot.height - top).fill(COLOR.loss).restore()
    textLine(doc, fmt.hours(bar.seconds), x, top - 9, { size: 6.5, color: COLOR.muted, width: slot, align: 'center' })
    twoLines(doc, bar.label, slot - 2, 6.5).forEach((line, j) =>
      textLine(doc, line, x + 1, plot.y + plot.height + 5 + j * 8.5, { size: 6.5, color: COLOR.text, width: slot - 2, align: 'center' }))
    cumulative += bar.seconds
    points.push([x + slot / 2, yShare(cumulative / totalS)])
  })
  doc.save().lineWidth(1.2).strokeColor(COLOR.cumulative)
  points.forEach(([x, y], i) => (i === 0 ? doc.moveTo(x, y) : doc.lineTo(x, y)))
  doc.stroke()
  for (const [x, y] of points) doc.circle(x, y, 2).fill(COLOR.cumulative)
  doc.restore()
}

function paretoBars(pareto: OeeReportInput['pareto']): { label: string; seconds: number }[] {
  // Sorted again here: the Pareto's meaning depends on it and the cost is nothing.
  const sorted = pareto.filter((p) => p.seconds > 0).sort((a, b) => b.seconds - a.seconds)
  if (sorted.length <= MAX_PARETO_BARS) return sorted
  const rest = sorted.slice(MAX_PARETO_BARS - 1).reduce((sum, p) => sum + p.seconds, 0)
  return [...sorted.slice(0, MAX_PARETO_BARS - 1), { label: 'Other', seconds: rest }]
}

/** `label` broken at spaces into at most two lines of `width` (the second cut with '…'). */
function twoLines(doc: Doc, label: string, width: number, size: number): string[] {
  doc.font('Helvetica').fontSize(size)
  const words = toWinAnsi(label).split(' ')
  let first = words[0] ?? ''
  let i = 1
  while (i < words.length && doc.widthOfString(`${first} ${words[i]}`) <= width) first += ` ${words[i++]}`
  const rest = words.slice(i).join(' ')
  return rest ? [first, rest] : [first]
}

/** Colour swatches with labels, right-aligned to `right`. */
function legend(doc: Doc, right: number, y: number, items: [color: string, label: string][]): void {
  let x = right
  for (const [color, label] of [...items].reverse()) {
    doc.font('Helvetica').fontSize(7)
    x -= doc.widthOfString(label)
    textLine(doc, label, x, y + 1, { size: 7, color: COLOR.muted })
    x -= 11
    doc.save().rect(x, y + 1, 8, 7).fill(color).restore()
    x -= 10
  }
}
