// The OEE report as a PDF (A4 landscape, pdfkit, standard Helvetica): a header, four cards
// with the scope's A, P, Q and OEE, the daily OEE trend and the downtime Pareto, the table
// of rows over as many pages as it needs, notes, and "Page X of Y" footers. Pure: the same
// input gives the same bytes (CreationDate and the file ID derive from generatedAt).
import PDFDocument from 'pdfkit'
import type { OeeFigures } from '../../domain/oee/oeeFigures.js'
import type { OeeReportInput } from './reportInput.js'
import { reportFormat, type ReportFormat, UNKNOWN } from './reportFormat.js'
import { drawPareto, drawTrend } from './pdfCharts.js'
import { drawNotes, drawRowsTable } from './pdfTable.js'
import { COLOR, CONTENT_WIDTH, type Doc, hLine, PAGE, textLine } from './pdfStyle.js'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Throws RangeError for dates that are not YYYY-MM-DD and (from Intl) unknown locales or zones. */
export async function oeePdf(input: OeeReportInput): Promise<Buffer> {
  if (!ISO_DATE.test(input.from) || !ISO_DATE.test(input.to) || input.from > input.to) {
    throw new RangeError(`report period ${input.from}..${input.to}: from and to must be YYYY-MM-DD dates with from <= to`)
  }
  const fmt = reportFormat(input.locale, input.timeZone)
  const created = new Date(input.generatedAt)
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    bufferPages: true,
    lang: input.locale,
    info: { Title: `${input.title}: ${input.scope}`, Author: 'cnc-telemetry', Creator: 'cnc-telemetry', CreationDate: created, ModDate: created },
  })
  const done = collect(doc)
  const period = `${fmt.date(input.from)} – ${fmt.date(input.to)}`

  let y = drawHeader(doc, input, fmt, period)
  y = drawCards(doc, y + 12, input.total, fmt)
  const chartTop = y + 16
  const chartHeight = 215
  const trendWidth = CONTENT_WIDTH * 0.58
  drawTrend(doc, { x: PAGE.margin, y: chartTop, width: trendWidth, height: chartHeight }, input, fmt)
  drawPareto(doc, { x: PAGE.margin + trendWidth + 24, y: chartTop, width: CONTENT_WIDTH - trendWidth - 24, height: chartHeight }, input, fmt)

  const newPage = () => {
    doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 })
    textLine(doc, `${input.title} · ${input.scope} · ${period}`, PAGE.margin, PAGE.margin - 14, { size: 8, color: COLOR.muted, width: CONTENT_WIDTH })
    return PAGE.margin + 2
  }
  y = drawRowsTable(doc, chartTop + chartHeight + 14, input, fmt, newPage)
  drawNotes(doc, y, input, fmt, newPage)
  drawFooters(doc, input)
  doc.end()
  return done
}

function collect(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = []
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}

function drawHeader(doc: Doc, input: OeeReportInput, fmt: ReportFormat, period: string): number {
  const top = PAGE.margin - 6
  const right = { width: 300, align: 'right' as const }
  textLine(doc, input.title, PAGE.margin, top, { size: 18, bold: true, width: CONTENT_WIDTH - 310 })
  textLine(doc, input.scope, PAGE.margin, top + 23, { size: 11, color: COLOR.muted, width: CONTENT_WIDTH - 310 })
  const x = PAGE.margin + CONTENT_WIDTH - right.width
  textLine(doc, `Period ${period}`, x, top + 2, { size: 10, bold: true, ...right })
  textLine(doc, `Grouped by ${input.groupBy} · ${input.rows.length} rows`, x, top + 16, { size: 8, color: COLOR.muted, ...right })
  textLine(doc, `Generated ${fmt.dateTime(input.generatedAt)} (${input.timeZone})`, x, top + 27, { size: 8, color: COLOR.muted, ...right })
  const y = top + 42
  hLine(doc, PAGE.margin, PAGE.margin + CONTENT_WIDTH, y, COLOR.rule, 0.75)
  return y
}

interface Card { title: string; value: number | null; lines: [text: string, warn: boolean][] }

/** A, P, Q and OEE of the total; P over 100 % is shown capped with a note, partial OEE labelled. */
function drawCards(doc: Doc, top: number, total: OeeFigures, fmt: ReportFormat): number {
  const coverage: [string, boolean] = [`Coverage ${fmt.percent(total.coverage)}`, total.coverage !== null && total.coverage < 0.9]
  const covered = total.planned_busy_s - total.no_data_s
  const overP = total.performance_raw !== null && total.performance_raw > 1
  const cards: Card[] = [
    { title: 'Availability', value: total.availability, lines: [[`Operating ${fmt.hours(total.operating_s)} h of ${fmt.hours(covered)} h`, false], coverage] },
    {
      title: 'Performance',
      value: total.performance,
      lines: overP && total.performance_raw !== null
        ? [[`Capped at ${fmt.percentWhole(1)}: raw ${fmt.percent(total.performance_raw)}`, true], ['Ideal cycle time likely set too slow', true]]
        : [[total.performance === null ? 'Unknown: no part count or ideal cycle time' : `Microstops ${fmt.hours(total.microstop_s)} h`, total.performance === null],
          [total.flags.some((f) => f.code === 'performance_partial') ? 'Covers part of the run time only' : '', true]],
    },
    { title: 'Quality', value: total.quality, lines: [[total.parts_known ? `Good ${fmt.integer(total.good_parts)} of ${fmt.integer(total.total_parts)} parts` : 'Unknown: no part count', !total.parts_known], [`Scrap ${fmt.integer(total.scrap)} · rework ${fmt.integer(total.rework)}`, false]] },
    { title: 'OEE', value: total.oee, lines: [[`Basis ${total.basis === 'none' ? `none (${UNKNOWN})` : total.basis}`, total.basis !== 'A×P×Q'], coverage] },
  ]
  const gap = 12
  const width = (CONTENT_WIDTH - gap * (cards.length - 1)) / cards.length
  const height = 78
  cards.forEach((card, i) => {
    const x = PAGE.margin + i * (width + gap)
    const accent = COLOR.card[i] ?? COLOR.text
    doc.save().roundedRect(x, top, width, height, 4).lineWidth(0.75).strokeColor(COLOR.rule).stroke().restore()
    doc.save().rect(x, top + 4, 3, height - 8).fill(accent).restore()
    textLine(doc, card.title, x + 12, top + 8, { size: 9, bold: true, color: COLOR.muted, width: width - 20 })
    textLine(doc, fmt.percent(card.value), x + 12, top + 22, { size: 22, bold: true, color: card.value === null ? COLOR.muted : accent, width: width - 20 })
    card.lines.forEach(([text, warn], j) => {
      if (text) textLine(doc, text, x + 12, top + 50 + j * 11, { size: 7.5, color: warn ? COLOR.warn : COLOR.muted, width: width - 20 })
    })
  })
  return top + height
}

function drawFooters(doc: Doc, input: OeeReportInput): void {
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const y = PAGE.height - PAGE.margin + 2
    hLine(doc, PAGE.margin, PAGE.margin + CONTENT_WIDTH, y - 5, COLOR.grid)
    textLine(doc, `cnc-telemetry · ${input.title} · ${input.scope}`, PAGE.margin, y, { size: 7.5, color: COLOR.muted, width: CONTENT_WIDTH - 120 })
    textLine(doc, `Page ${i + 1} of ${range.count}`, PAGE.margin + CONTENT_WIDTH - 110, y, { size: 7.5, color: COLOR.muted, width: 110, align: 'right' })
  }
}
