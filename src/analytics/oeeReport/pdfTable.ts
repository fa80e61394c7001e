// The table of report rows (with the total last) and the notes under it. Long tables go
// on over the following pages with the column headers repeated; `newPage` adds a page and
// returns the y where content starts on it.
import type { OeeFigures, OeeFlag, OeeFlagCode } from '../../domain/oee/oeeFigures.js'
import type { OeeReportInput } from './reportInput.js'
import { type ReportFormat, UNKNOWN } from './reportFormat.js'
import { blockHeight, COLOR, CONTENT_BOTTOM, CONTENT_WIDTH, type Doc, hLine, PAGE, textBlock, textLine } from './pdfStyle.js'

type Align = 'left' | 'right'
interface Column { title: string; width: number; align: Align; cell: (f: OeeFigures, fmt: ReportFormat) => string }

const ROW_HEIGHT = 15
const HEADER_HEIGHT = 18
const FONT_SIZE = 7.5
const CELL_PAD = 4

const GROUP_TITLE: Record<OeeReportInput['groupBy'], string> = { machine: 'Machine', plant: 'Plant', shift: 'Shift', day: 'Day' }

/** Short names for the flags column; the full messages are listed in the notes. */
const FLAG_SHORT: Record<OeeFlagCode, string> = {
  performance_over_100: 'P>100%',
  performance_partial: 'P partial',
  no_part_counter: 'no part counter',
  parts_from_cycles: 'parts from cycles',
  missing_ideal_cycle: 'no ideal cycle',
  low_coverage: 'low coverage',
  counter_reset: 'counter reset',
  scrap_exceeds_parts: 'scrap > parts',
  parts_without_run_time: 'parts w/o run time',
  running_in_planned_downtime: 'ran in break',
  overlapping_spans: 'overlapping data',
}

/** P of this row itself above 100 % (a roll-up may carry a member's flag while its own P is below). */
const pOver100 = (f: OeeFigures) => f.performance_raw !== null && f.performance_raw > 1

const COLUMNS: readonly Column[] = [
  { title: 'A', width: 50, align: 'right', cell: (f, fmt) => fmt.percent(f.availability) },
  // P is shown capped at 100 %; the asterisk points to the note and the raw value.
  { title: 'P', width: 54, align: 'right', cell: (f, fmt) => fmt.percent(f.performance) + (pOver100(f) ? '*' : '') },
  { title: 'Q', width: 50, align: 'right', cell: (f, fmt) => fmt.percent(f.quality) },
  { title: 'OEE', width: 52, align: 'right', cell: (f, fmt) => fmt.percent(f.oee) },
  { title: 'Basis', width: 66, align: 'left', cell: (f) => (f.basis === 'none' ? UNKNOWN : f.basis) },
  { title: 'Coverage', width: 54, align: 'right', cell: (f, fmt) => fmt.percent(f.coverage) },
  { title: 'Run h', width: 52, align: 'right', cell: (f, fmt) => fmt.hours(f.run_s) },
  { title: 'Good / total parts', width: 96, align: 'right', cell: (f, fmt) => (f.parts_known ? `${fmt.integer(f.good_parts)} / ${fmt.integer(f.total_parts)}` : UNKNOWN) },
  { title: 'Flags', width: 150, align: 'left', cell: (f) => flagSummary(f.flags) },
]
const LABEL_WIDTH = CONTENT_WIDTH - COLUMNS.reduce((sum, c) => sum + c.width, 0)

export function flagSummary(flags: readonly OeeFlag[]): string {
  return flags.map((f) => FLAG_SHORT[f.code] + (f.program ? ` (${f.program})` : '')).join(', ')
}

/** The least room the table needs to start on the current page (header and three rows). */
export const TABLE_MIN_START = HEADER_HEIGHT + 3 * ROW_HEIGHT

export function drawRowsTable(doc: Doc, startY: number, input: OeeReportInput, fmt: ReportFormat, newPage: () => number): number {
  let y = startY
  if (y + TABLE_MIN_START > CONTENT_BOTTOM) y = newPage()
  y = drawHeader(doc, y, input.groupBy)
  input.rows.forEach((row, i) => {
    if (y + ROW_HEIGHT > CONTENT_BOTTOM) y = drawHeader(doc, newPage(), input.groupBy)
    if (i % 2 === 1) doc.save().rect(PAGE.margin, y, CONTENT_WIDTH, ROW_HEIGHT).fill(COLOR.stripe).restore()
    drawCells(doc, y, row.label, row.figures, fmt, false)
    y += ROW_HEIGHT
  })
  if (y + ROW_HEIGHT > CONTENT_BOTTOM) y = drawHeader(doc, newPage(), input.groupBy)
  hLine(doc, PAGE.margin, PAGE.margin + CONTENT_WIDTH, y, COLOR.text, 0.75)
  drawCells(doc, y, `Total: ${input.scope}`, input.total, fmt, true)
  return y + ROW_HEIGHT
}

function drawHeader(doc: Doc, y: number, groupBy: OeeReportInput['groupBy']): number {
  doc.save().rect(PAGE.margin, y, CONTENT_WIDTH, HEADER_HEIGHT).fill(COLOR.headerFill).restore()
  const ty = y + (HEADER_HEIGHT - FONT_SIZE) / 2
  textLine(doc, GROUP_TITLE[groupBy], PAGE.margin + CELL_PAD, ty, { size: FONT_SIZE, bold: true, width: LABEL_WIDTH - 2 * CELL_PAD })
  let x = PAGE.margin + LABEL_WIDTH
  for (const c of COLUMNS) {
    textLine(doc, c.title, x + CELL_PAD, ty, { size: FONT_SIZE, bold: true, width: c.width - 2 * CELL_PAD, align: c.align })
    x += c.width
  }
  hLine(doc, PAGE.margin, PAGE.margin + CONTENT_WIDTH, y + HEADER_HEIGHT, COLOR.muted, 0.75)
  return y + HEADER_HEIGHT
}

function drawCells(doc: Doc, y: number, label: string, f: OeeFigures, fmt: ReportFormat, bold: boolean): void {
  const ty = y + (ROW_HEIGHT - FONT_SIZE) / 2
  textLine(doc, label, PAGE.margin + CELL_PAD, ty, { size: FONT_SIZE, bold, width: LABEL_WIDTH - 2 * CELL_PAD })
  let x = PAGE.margin + LABEL_WIDTH
  for (const c of COLUMNS) {
    const partial = c.title === 'Basis' && f.basis !== 'A×P×Q'
    const color = c.title === 'Flags' || partial ? COLOR.warn : COLOR.text
    textLine(doc, c.cell(f, fmt), x + CELL_PAD, ty, { size: FONT_SIZE, bold, color, width: c.width - 2 * CELL_PAD, align: c.align })
    x += c.width
  }
}

/**
 * The legend of the table's markers, then every flag message of the total and the rows
 * (each message once per row), so the short flags in the table can be looked up.
 */
export function drawNotes(doc: Doc, startY: number, input: OeeReportInput, fmt: ReportFormat, newPage: () => number): number {
  const width = CONTENT_WIDTH
  const style = { size: 7.5, color: COLOR.text }
  const paragraphs = [
    `${UNKNOWN} = unknown: a factor without data is never shown as ${fmt.percentWhole(0)} or ${fmt.percentWhole(1)}. Partial basis: OEE multiplies only the known factors (A×Q when P is unknown, A×P when Q is unknown). ` +
      `* = performance above ${fmt.percentWhole(1)}, shown capped at ${fmt.percentWhole(1)}: the ideal cycle time is likely set too slow. Coverage = share of the planned busy time with data; A, P and OEE describe the covered part only.`,
    ...flagNotes(input, fmt),
  ]
  let y = startY + 10
  if (y + 40 > CONTENT_BOTTOM) y = newPage()
  textLine(doc, 'Notes', PAGE.margin, y, { size: 9, bold: true })
  y += 14
  for (const p of paragraphs) {
    const h = blockHeight(doc, p, width, style)
    if (y + h > CONTENT_BOTTOM) y = newPage()
    y += textBlock(doc, p, PAGE.margin, y, width, style) + 3
  }
  return y
}

function flagNotes(input: OeeReportInput, fmt: ReportFormat): string[] {
  const entries: [label: string, f: OeeFigures][] = [[`Total (${input.scope})`, input.total], ...input.rows.map((r): [string, OeeFigures] => [r.label, r.figures])]
  const out: string[] = []
  for (const [label, f] of entries) {
    const messages = [...new Set(f.flags.map((flag) => flag.message))]
    if (pOver100(f) && f.performance_raw !== null) messages.push(`P raw ${fmt.percent(f.performance_raw)}, shown as ${fmt.percent(f.performance)}`)
    if (messages.length > 0) out.push(`${label}: ${messages.join('; ')}`)
  }
  return out
}
