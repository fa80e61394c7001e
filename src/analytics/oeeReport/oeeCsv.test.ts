// The CSV export. The known row is docs/oee.md's early shift (06:00–14:00, lunch 10:00–
// 10:30): PBT 27 000 s, operating 25 200 s, ideal 24 000 s, 500 parts, 10 scrap, 5 rework.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { emptySums, figuresFromSums, type OeeFigures, type OeeSums } from '../../domain/oee/oeeFigures.js'
import { oeeCsv } from './oeeCsv.js'
import type { OeeReportInput } from './reportInput.js'

const HEADER = 'key,label,availability,performance,performance_raw,quality,oee,basis,coverage,utilization,teep,' +
  'calendar_s,planned_operation_s,planned_downtime_s,planned_stop_s,planned_busy_s,run_s,microstop_s,operating_s,' +
  'availability_loss_s,no_data_s,total_parts,good_parts,scrap,rework,stop_count,mtbf_s,mttr_s,flags,flag_messages'

function figures(overrides: Partial<OeeSums>, flags: OeeFigures['flags'] = []): OeeFigures {
  return figuresFromSums({ ...emptySums(), ...overrides }, flags)
}

const earlyShift = figures({
  calendar_s: 28_800, planned_operation_s: 28_800, planned_downtime_s: 1_800, planned_busy_s: 27_000,
  run_s: 25_140, microstop_s: 60, operating_s: 25_200, availability_loss_s: 1_800, stopped_s: 1_800,
  total_parts: 500, scrap: 10, rework: 5, good_parts: 485, parts_known: true,
  ideal_s: 24_000, p_ideal_s: 24_000, p_operating_s: 25_200, stop_count: 1, microstop_count: 1,
})

/** docs/oee.md "No part counter": running 7 h of 8, 200 parts entered by hand, 10 scrap. */
const noCounter = figures({
  calendar_s: 28_800, planned_operation_s: 28_800, planned_busy_s: 28_800, run_s: 25_200, operating_s: 25_200,
  availability_loss_s: 3_600, idle_s: 3_600, total_parts: 200, scrap: 10, good_parts: 190, parts_known: true, stop_count: 1,
}, [{ code: 'no_part_counter', message: 'no part counter: parts were entered by hand' }])

/** No parts at all and half the shift offline: only A is known, so basis none. */
const nothingCounted = figures({ calendar_s: 28_800, planned_operation_s: 28_800, planned_busy_s: 28_800, run_s: 10_800, operating_s: 10_800, availability_loss_s: 3_600, no_data_s: 14_400 })

function input(rows: OeeReportInput['rows'], total: OeeFigures = earlyShift): OeeReportInput {
  return {
    title: 'OEE report', scope: 'Plant North', locale: 'de-DE', timeZone: 'Europe/Berlin', from: '2026-03-02', to: '2026-03-02',
    generatedAt: Date.UTC(2026, 2, 3), groupBy: 'machine', rows, total, trend: [], pareto: [],
  }
}

/** RFC 4180 parser, enough to prove every line splits into the header's columns. */
function parse(csv: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') { cell += '"'; i++ } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') { row.push(cell); cell = '' } else if (c === '\r' && csv[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++ } else cell += c
  }
  assert.equal(cell + row.join(''), '', 'the file ends with CRLF')
  return rows
}

describe('oeeCsv', () => {
  it('writes the stable header and the early shift with hand-checked ratios (4 decimals, dot) and seconds', () => {
    const csv = oeeCsv(input([{ key: 'M-1', label: 'Early shift', figures: earlyShift }]))
    const lines = csv.split('\r\n')
    assert.equal(lines[0], HEADER)
    // A 25 200/27 000, P 24 000/25 200, Q 485/500, OEE 24 000 × 0.97/27 000, utilization
    // 25 140/28 800, TEEP 0.86222 × 27 000/28 800, MTBF 25 200/1, MTTR 1 800/1.
    assert.equal(lines[1], 'M-1,Early shift,0.9333,0.9524,0.9524,0.9700,0.8622,A×P×Q,1.0000,0.8729,0.8083,' +
      '28800,28800,1800,0,27000,25140,60,25200,1800,0,500,485,10,5,1,25200,1800,,')
  })

  it('ends with a TOTAL line holding the caller’s roll-up, uses CRLF and has no BOM unless asked', () => {
    const csv = oeeCsv(input([{ key: 'M-1', label: 'Early shift', figures: earlyShift }]))
    const lines = csv.split('\r\n')
    assert.equal(lines.length, 4, 'header, row, total and the empty string after the last CRLF')
    assert.match(lines[2] ?? '', /^TOTAL,Plant North,0\.9333,/)
    assert.ok(!csv.startsWith('\ufeff'))
    assert.ok(!/[^\r]\n/.test(csv), 'every line break is CRLF')
    assert.ok(oeeCsv(input([]), { bom: true }).startsWith('\ufeffkey,label,'))
  })

  it('leaves unknown factors empty (never 0 or 1) and names the partial basis', () => {
    const rows = parse(oeeCsv(input([{ key: 'M-2', label: 'No counter', figures: noCounter }, { key: 'M-3', label: 'Nothing counted', figures: nothingCounted }])))
    const header = rows[0] ?? []
    const col = (row: string[] | undefined, name: string) => row?.[header.indexOf(name)]
    // A = 25 200/28 800 = 0.875, Q = 190/200 = 0.95, OEE = A × Q = 0.83125 → 0.8313.
    assert.deepEqual(['availability', 'performance', 'performance_raw', 'quality', 'oee', 'basis'].map((n) => col(rows[1], n)), ['0.8750', '', '', '0.9500', '0.8313', 'A×Q (partial)'])
    assert.equal(col(rows[1], 'flags'), 'no_part_counter')
    assert.equal(col(rows[1], 'flag_messages'), 'no part counter: parts were entered by hand')
    // A = 10 800/(28 800 − 14 400) = 0.75, coverage 0.5; no parts: P, Q, OEE and the counts unknown.
    assert.deepEqual(['availability', 'performance', 'quality', 'oee', 'basis', 'coverage', 'total_parts', 'good_parts', 'scrap', 'mtbf_s'].map((n) => col(rows[2], n)),
      ['0.7500', '', '', '', 'none', '0.5000', '', '', '', ''])
    assert.equal(col(rows[2], 'flags'), 'low_coverage')
  })

  it('quotes commas, quotes and line breaks (RFC 4180) and guards cells that start a formula', () => {
    const labels = ['Fräse "alt", Halle 2', 'two\r\nlines', '=HYPERLINK("http://x","y")', '+49 123', '-1', '@SUM(A1)', '\tTab']
    const csv = oeeCsv(input(labels.map((label, i) => ({ key: i === 0 ? '=cmd|calc' : `M-${i}`, label, figures: earlyShift }))))
    assert.ok(csv.includes('\r\n\'=cmd|calc,"Fräse ""alt"", Halle 2",'), 'quote doubled, comma quoted, formula key guarded')
    assert.ok(csv.includes(',"\'=HYPERLINK(""http://x"",""y"")",'))
    const rows = parse(csv)
    assert.ok(rows.every((r) => r.length === HEADER.split(',').length), 'every line has every column')
    assert.deepEqual(rows.slice(1, -1).map((r) => r[1]), ['Fräse "alt", Halle 2', 'two\r\nlines', '\'=HYPERLINK("http://x","y")', "'+49 123", "'-1", "'@SUM(A1)", "'\tTab"])
  })
})
