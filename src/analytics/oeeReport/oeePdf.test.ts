// The PDF export, checked for real with poppler (pdftotext, pdftoppm; CI installs
// poppler-utils): the text a reader sees, the page count, and that every page renders to
// something other than a blank page.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import PDFDocument from 'pdfkit'
import { emptySums, figuresFromSums } from '../../domain/oee/oeeFigures.js'
import { oeePdf } from './oeePdf.js'
import { reportFixture } from './reportFixture.js'
import type { OeeReportInput } from './reportInput.js'

let dir = ''
before(() => {
  for (const tool of ['pdftotext', 'pdftoppm', 'pdfinfo']) {
    try { execFileSync(tool, ['-v'], { stdio: 'ignore' }) } catch { assert.fail(`${tool} is missing: install poppler-utils (apt-get install -y poppler-utils)`) }
  }
  dir = mkdtempSync(join(tmpdir(), 'oee-pdf-'))
})
after(() => rmSync(dir, { recursive: true, force: true }))

function write(name: string, pdf: Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, pdf)
  return path
}

/** The text of the PDF (or of one page), no-break spaces as plain spaces. */
function text(path: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)]
  return execFileSync('pdftotext', ['-layout', ...range, path, '-'], { encoding: 'utf8', timeout: 30_000 }).replace(/\u00a0/g, ' ')
}

/** Renders every page at 50 dpi; returns the PNG sizes in page order. */
function render(path: string, prefix: string): number[] {
  execFileSync('pdftoppm', ['-png', '-r', '50', path, join(dir, prefix)], { timeout: 30_000 })
  return readdirSync(dir).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png')).sort().map((f) => statSync(join(dir, f)).size)
}

async function blankPage(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0 })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.on('data', (c: Buffer) => chunks.push(c))
  doc.end()
  return done
}

/** One machine whose factors are hand-set: A = 8 530 / 10 000 = 85.3 %, P = Q = 1, OEE 85.3 %. */
function handInput(locale: string): OeeReportInput {
  const sums = { ...emptySums(), calendar_s: 10_000, planned_operation_s: 10_000, planned_busy_s: 10_000, run_s: 8_530, operating_s: 8_530,
    availability_loss_s: 1_470, total_parts: 100, good_parts: 100, parts_known: true, ideal_s: 8_530, p_ideal_s: 8_530, p_operating_s: 8_530 }
  const figures = figuresFromSums(sums, [])
  return {
    title: 'OEE report', scope: 'M-01', locale, timeZone: 'America/Chicago', from: '2026-03-01', to: '2026-03-01',
    generatedAt: Date.parse('2026-03-02T03:30:00Z'), groupBy: 'machine', rows: [{ key: 'M-01', label: 'Haas VF-2', figures }],
    total: figures, trend: [{ date: '2026-03-01', figures }], pareto: [{ reason: 'uncoded', label: 'Uncoded', seconds: 1_470 }],
  }
}

describe('oeePdf', () => {
  it('renders the realistic fixture: header, cards, charts, a table over several pages, page numbers', async (t) => {
    const input = reportFixture()
    const started = performance.now()
    const pdf = await oeePdf(input)
    t.diagnostic(`fixture PDF: ${pdf.length} bytes in ${Math.round(performance.now() - started)} ms`)
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
    const path = write('fixture.pdf', pdf)
    const all = text(path)

    const pages = Number(/Page 1 of (\d+)/.exec(all)?.[1])
    assert.ok(pages >= 3, `charts on page 1 and 31 table lines need 3 pages, got ${pages}`)
    for (let p = 1; p <= pages; p++) assert.ok(all.includes(`Page ${p} of ${pages}`), `footer of page ${p}`)
    for (const expected of ['OEE report', 'Plant North', 'Period 01.03.2026 – 30.03.2026', 'Generated 31.03.2026, 08:15 (Europe/Berlin)',
      'Availability', 'Performance', 'Quality', 'OEE per day', 'Unplanned downtime by reason', 'Changeover', 'Waiting for',
      'DMU 50 Fräse · early', 'Tour Réalmeca RV 1', 'A×Q (partial)', 'Total: Plant North', 'Notes']) {
      assert.ok(all.includes(expected), `"${expected}" is in the text`)
    }
    // The total in de-DE: comma decimal, no-break space before %.
    const oee = new Intl.NumberFormat('de-DE', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(input.total.oee ?? NaN)
    assert.match(oee.replace(/\u00a0/g, ' '), /^\d\d,\d %$/)
    assert.ok(all.includes(oee.replace(/\u00a0/g, ' ')))
    assert.ok(all.includes('100,0 %*'), 'P over 100 % is shown capped and marked')
    assert.ok(all.includes('Haas VF-2 Lódz') && all.includes('?????? 16?20'), 'Ł approximated, Cyrillic replaced, no garbage')
    assert.ok(text(path, 2).includes('Good / total parts'), 'the table header is repeated on page 2')

    const blank = render(write('blank.pdf', await blankPage()), 'blank')[0] ?? 0
    const sizes = render(path, 'page')
    assert.equal(sizes.length, pages)
    for (const [i, size] of sizes.entries()) assert.ok(size > blank * 3, `page ${i + 1} is not blank: ${size} bytes vs ${blank} blank`)
  })

  it('is deterministic: the same input gives the same bytes, dated generatedAt, not the clock', async () => {
    const input = reportFixture()
    const pdf = await oeePdf(input)
    assert.ok(pdf.equals(await oeePdf(input)))
    const info = execFileSync('pdfinfo', ['-isodates', write('dated.pdf', pdf)], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, timeout: 30_000 })
    assert.match(info, /CreationDate:\s+2026-03-31T06:15:00Z/)
  })

  it('formats a hand-set 85.3 % per locale and shows the generation time in the plant zone', async () => {
    const de = text(write('de.pdf', await oeePdf(handInput('de-DE'))))
    assert.ok(de.includes('85,3 %'))
    assert.ok(de.includes('Generated 01.03.2026, 21:30 (America/Chicago)'), '03:30Z is 21:30 the evening before in Chicago')
    assert.ok(de.includes('Page 1 of 1'))
    const en = text(write('en.pdf', await oeePdf(handInput('en-US'))))
    assert.ok(en.includes('85.3%') && en.includes('Mar 1, 2026') && !en.includes('85,3'))
  })

  it('shows unknown figures as a dash and an empty Pareto as such, without failing', async () => {
    const input = handInput('de-DE')
    const unknown = figuresFromSums({ ...emptySums(), calendar_s: 3_600 }, [])
    const path = write('empty.pdf', await oeePdf({ ...input, rows: [], total: unknown, trend: [], pareto: [] }))
    const out = text(path)
    assert.ok(out.includes('No unplanned downtime in this period'))
    assert.ok(out.includes('Basis none (—)'))
    assert.ok(!/NaN|undefined|null/.test(out))
  })

  it('rejects a period that is not two ordered YYYY-MM-DD dates, naming it', async () => {
    await assert.rejects(oeePdf({ ...handInput('de-DE'), from: '2026-03-05', to: '2026-03-01' }), /report period 2026-03-05\.\.2026-03-01/)
    await assert.rejects(oeePdf({ ...handInput('de-DE'), to: '1.3.2026' }), RangeError)
  })
})
