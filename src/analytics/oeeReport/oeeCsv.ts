// The OEE report as CSV (RFC 4180). Machine-readable beats locale-formatted here: the file
// is read by spreadsheets and scripts in any locale, so numbers use a dot decimal and no
// grouping, ratios are 0–1 with 4 decimals (not percent strings), durations are seconds,
// and an unknown value is an empty cell (never 0 or 1). The PDF is the human-formatted view.
import type { OeeFigures } from '../../domain/oee/oeeFigures.js'
import type { OeeReportInput } from './reportInput.js'

type Cell = { text: string } | { number: number | null; decimals?: number }
type Column = [name: string, cell: (f: OeeFigures) => Cell]

const ratio = (v: number | null): Cell => ({ number: v, decimals: 4 })
const amount = (v: number | null): Cell => ({ number: v })

/** Stable snake_case columns after `key` and `label`; add at the end, never rename. */
const COLUMNS: readonly Column[] = [
  ['availability', (f) => ratio(f.availability)],
  ['performance', (f) => ratio(f.performance)],
  ['performance_raw', (f) => ratio(f.performance_raw)],
  ['quality', (f) => ratio(f.quality)],
  ['oee', (f) => ratio(f.oee)],
  ['basis', (f) => ({ text: f.basis })],
  ['coverage', (f) => ratio(f.coverage)],
  ['utilization', (f) => ratio(f.utilization)],
  ['teep', (f) => ratio(f.teep)],
  ['calendar_s', (f) => amount(f.calendar_s)],
  ['planned_operation_s', (f) => amount(f.planned_operation_s)],
  ['planned_downtime_s', (f) => amount(f.planned_downtime_s)],
  ['planned_stop_s', (f) => amount(f.planned_stop_s)],
  ['planned_busy_s', (f) => amount(f.planned_busy_s)],
  ['run_s', (f) => amount(f.run_s)],
  ['microstop_s', (f) => amount(f.microstop_s)],
  ['operating_s', (f) => amount(f.operating_s)],
  ['availability_loss_s', (f) => amount(f.availability_loss_s)],
  ['no_data_s', (f) => amount(f.no_data_s)],
  // Part counts are empty, not 0, when nothing counted parts (Q unknown).
  ['total_parts', (f) => amount(f.parts_known ? f.total_parts : null)],
  ['good_parts', (f) => amount(f.parts_known ? f.good_parts : null)],
  ['scrap', (f) => amount(f.parts_known ? f.scrap : null)],
  ['rework', (f) => amount(f.parts_known ? f.rework : null)],
  ['stop_count', (f) => amount(f.stop_count)],
  ['mtbf_s', (f) => amount(f.mtbf_s)],
  ['mttr_s', (f) => amount(f.mttr_s)],
  ['flags', (f) => ({ text: f.flags.map((x) => (x.program ? `${x.code}:${x.program}` : x.code)).join(';') })],
  ['flag_messages', (f) => ({ text: f.flags.map((x) => x.message).join(' | ') })],
]

const CSV_HEADER: readonly string[] = ['key', 'label', ...COLUMNS.map(([name]) => name)]

/**
 * One line per row, then a `TOTAL` line (key `TOTAL`, label the scope) with the caller's
 * roll-up. `bom: true` prepends a UTF-8 byte order mark, which Excel on Windows needs to
 * read non-ASCII labels correctly; the default is without.
 */
export function oeeCsv(input: OeeReportInput, options: { bom?: boolean } = {}): string {
  const line = (key: string, label: string, f: OeeFigures): string =>
    [text(key), text(label), ...COLUMNS.map(([, cell]) => render(cell(f)))].join(',')
  const lines = [
    CSV_HEADER.join(','),
    ...input.rows.map((r) => line(r.key, r.label, r.figures)),
    line('TOTAL', input.scope, input.total),
  ]
  return (options.bom ? '\ufeff' : '') + lines.join('\r\n') + '\r\n'
}

function render(cell: Cell): string {
  return 'text' in cell ? text(cell.text) : number(cell.number, cell.decimals)
}

/**
 * A text cell: guarded against formula injection (OWASP "CSV injection": a cell starting
 * with = + - @, or tab/CR, is run as a formula by spreadsheets, so it gets a leading
 * apostrophe), then quoted per RFC 4180 when it holds a comma, quote, CR or LF. Numeric
 * cells are never guarded: they are produced here and a negative number must stay one.
 */
function text(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded
}

/** Dot decimal, no grouping, no exponent; empty for unknown. */
function number(value: number | null, decimals?: number): string {
  if (value === null || !Number.isFinite(value)) return ''
  const fixed = decimals !== undefined ? roundHalfUp(value, decimals) : trimZeros(roundHalfUp(value, 3))
  return /^-0(\.0*)?$/.test(fixed) ? fixed.slice(1) : fixed
}

/**
 * Half-up rounding of the value with float noise removed (12 significant digits): the
 * engine's A × Q for a hand-computed 0.875 × 0.95 = 0.83125 is 0.83124999…, which toFixed
 * alone would print as 0.8312.
 */
function roundHalfUp(value: number, decimals: number): string {
  const shifted = Number(`${Number(value.toPrecision(12))}e${decimals}`)
  return Number.isFinite(shifted) ? (Math.round(shifted) / 10 ** decimals).toFixed(decimals) : value.toFixed(decimals)
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
}
