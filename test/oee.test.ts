// OEE end to end: telemetry ingested through the API, a plant calendar from oee.yaml, a stop
// coded and scrap entered late by an operator, the figures read back from the API and from
// oee_daily. The expected numbers are worked out by hand below, independently of the engine.
//
// Plant North (Europe/Berlin, UTC+1 in March), Tuesday 2026-03-03, shift "early"
// 06:00–14:00 local with a break 10:00–10:30. Samples every 15 s from 05:59:45 to 14:00:15:
//   06:00–09:00 running, a part every 75 s            → 144 parts (the 144th at 09:00:00)
//   09:00–09:30 stopped (coded afterwards: changeover) → 1,800 s availability loss
//   09:30–14:00 running, a part every 75 s            → 215 parts before 14:00:00 (the 216th at 14:00 is outside)
// Planned busy time = 8 h − 0.5 h break = 27,000 s. Run inside it = 3 h + 4.5 h − 0.5 h = 25,200 s
// (the 1,800 s run through the break count neither way). Ideal cycle 60 s.
//   A = 25,200 / 27,000 = 0.93333
//   P = 60 × 359 / 25,200 = 0.85476
//   Q = (359 − 18 scrap) / 359 = 0.94986 once the scrap is entered (1 before)
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { getJson, postJson, sendJson, startTestSystem, tempDir, type TestSystem } from './helpers/system.js'

const OEE_YAML = `microstop_seconds: 120
reasons:
  - { code: changeover, label: Changeover, planned: false }
  - { code: maintenance, label: Planned maintenance, planned: true }
plants:
  - name: Plant North
    time_zone: Europe/Berlin
    locale: de-DE
    shifts:
      - name: early
        days: [mon, tue, wed, thu, fri]
        start: "06:00"
        end: "14:00"
        breaks: [{ name: lunch, start: "10:00", end: "10:30" }]
ideal_cycles:
  - { machine: M-OEE, program: "*", seconds: 60 }
`

const at = (local: string) => Date.parse(`2026-03-03T${local}+01:00`)
const close = (actual: number | null, expected: number, what: string) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-4, `${what}: ${actual} ≠ ${expected}`)

describe('OEE over the API', () => {
  let t: TestSystem
  let now = Date.parse('2026-03-04T08:00:00Z')
  const dir = tempDir()

  before(async () => {
    writeFileSync(join(dir, 'oee.yaml'), OEE_YAML)
    t = await startTestSystem('embedded', { clock: { now: () => now }, tune: (s) => { s.oee = { file: join(dir, 'oee.yaml'), refreshMs: 0, openDayRefreshMs: 0 } } })
    assert.equal((await sendJson('PUT', `${t.url}/v1/machines/M-OEE`, { plant: 'Plant North', model: 'DMG MORI NLX 2500' })).status, 200)
    const samples = []
    let parts = 0
    for (let ts = at('05:59:45'); ts <= at('14:00:15'); ts += 15_000) {
      const stopped = ts >= at('09:00:00') && ts < at('09:30:00')
      // A part completes every 75 s of cutting: at 06:01:15 … 09:00:00, and at 09:31:15 … 14:00:00.
      const since = ts <= at('09:00:00') ? ts - at('06:00:00') : ts - at('09:30:00')
      if (since > 0 && since % 75_000 === 0) parts++
      samples.push({ machine_id: 'M-OEE', timestamp: new Date(ts).toISOString(), state: stopped ? 'stopped' : 'running', part_count: parts, program: 'O1001', rpm: stopped ? 0 : 8000 })
    }
    const r = await postJson(`${t.url}/v1/telemetry/ingest`, samples)
    assert.equal(r.status, 200, JSON.stringify(r.body))
  })
  after(async () => t.close())

  it('computes A, P, Q and OEE of the shift as worked out by hand; with no scrap entered yet Q is 1', async () => {
    const r = await getJson(`${t.url}/v1/machines/M-OEE/oee?date=2026-03-03&shift=early`)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const f = r.body.figures
    assert.equal(f.planned_busy_s, 27_000)
    assert.equal(f.run_s, 25_200)
    assert.equal(f.availability_loss_s, 1_800)
    assert.equal(f.running_in_planned_downtime_s, 1_800)
    assert.equal(f.total_parts, 359)
    close(f.availability, 25_200 / 27_000, 'A')
    close(f.performance, (60 * 359) / 25_200, 'P')
    close(f.quality, 1, 'Q')
    assert.equal(f.basis, 'A×P×Q')
    close(f.coverage, 1, 'coverage')
    assert.equal(r.body.calendar.time_zone, 'Europe/Berlin')
  })

  it('scrap entered after the shift closed recomputes the shift, the day and oee_daily', async () => {
    const q = await postJson(`${t.url}/v1/machines/M-OEE/quality`, { date: '2026-03-03', shift: 'early', scrap: 18, by: 'QA' })
    assert.equal(q.status, 201, JSON.stringify(q.body))
    const r = await getJson(`${t.url}/v1/machines/M-OEE/oee?date=2026-03-03`)
    const f = r.body.figures
    close(f.quality, (359 - 18) / 359, 'Q')
    close(f.oee, (25_200 / 27_000) * ((60 * 359) / 25_200) * ((359 - 18) / 359), 'OEE')
    const row = await t.system.db.query<{ quality: number; oee: number; complete: boolean }>(`SELECT quality, oee, complete FROM oee_daily WHERE machine_id = 'M-OEE' AND date = '2026-03-03'`)
    close(row.rows[0]?.quality ?? null, (359 - 18) / 359, 'oee_daily.quality')
    assert.equal(row.rows[0]?.complete, true)
  })

  it('lists the long stop uncoded, codes it, and the Pareto shows the reason', async () => {
    const before = await getJson(`${t.url}/v1/machines/M-OEE/stops?date=2026-03-03`)
    assert.equal(before.body.stops.length, 1)
    assert.equal(before.body.stops[0].reason, null)
    assert.equal(before.body.stops[0].seconds, 1_800)
    // The same stop in the list across machines and days, as still to be coded.
    const todo = await getJson(`${t.url}/v1/stops?from=2026-03-02&to=2026-03-04&coded=false`)
    assert.equal(todo.status, 200, JSON.stringify(todo.body))
    assert.deepEqual(todo.body.stops, [{
      machine_id: 'M-OEE', plant: 'Plant North', date: '2026-03-03', start: new Date(at('09:00:00')).toISOString(), end: new Date(at('09:30:00')).toISOString(),
      seconds: 1_800, reason: null, planned: null, coded_by: null, coded_at: null, note: null,
    }])
    assert.deepEqual([todo.body.matching, todo.body.uncoded], [1, { count: 1, seconds: 1_800 }])
    const coded = await postJson(`${t.url}/v1/machines/M-OEE/downtime`, { start: before.body.stops[0].start, end: before.body.stops[0].end, reason: 'changeover', by: 'operator 7', note: 'fixture for O1002' })
    assert.equal(coded.status, 201, JSON.stringify(coded.body))
    const after = await getJson(`${t.url}/v1/machines/M-OEE/stops?date=2026-03-03`)
    assert.deepEqual([after.body.stops[0].reason, after.body.stops[0].coded_by, after.body.stops[0].note, after.body.stops[0].coded_at], ['changeover', 'operator 7', 'fixture for O1002', new Date(now).toISOString()])
    assert.deepEqual((await getJson(`${t.url}/v1/stops?from=2026-03-02&to=2026-03-04&coded=false`)).body, {
      from: '2026-03-02', to: '2026-03-04', plant: null, machine_id: null, matching: 0, uncoded: { count: 0, seconds: 0 }, stops: [],
    })
    const all = await getJson(`${t.url}/v1/stops?from=2026-03-03&to=2026-03-03&plant=Plant%20North`)
    assert.deepEqual(all.body.stops.map((s: { reason: string; planned: boolean }) => [s.reason, s.planned]), [['changeover', false]])
    const pareto = await getJson(`${t.url}/v1/oee/pareto?from=2026-03-03&to=2026-03-03`)
    assert.deepEqual(pareto.body.reasons.map((r: { reason: string; seconds: number }) => [r.reason, r.seconds]), [['changeover', 1_800]])
  })

  it('lists the stops of days stored before stops were kept by computing those days again', async () => {
    await t.system.db.query('DELETE FROM oee_stops')
    await t.system.db.query('UPDATE oee_daily SET stops_stored = false')
    const r = await getJson(`${t.url}/v1/stops?from=2026-03-03&to=2026-03-03&min_seconds=600`)
    assert.deepEqual(r.body.stops.map((s: { machine_id: string; reason: string }) => [s.machine_id, s.reason]), [['M-OEE', 'changeover']])
    assert.equal((await getJson(`${t.url}/v1/stops?from=2026-03-03&to=2026-03-03&min_seconds=3600`)).body.matching, 0)
  })

  it('rolls up by day over a period by summing times; today counts up to now, and its hours without data lower coverage, not A', async () => {
    // Now is Wednesday 09:00 local: 3 h of the early shift have passed, without data.
    const r = await getJson(`${t.url}/v1/oee?from=2026-03-03&to=2026-03-04&group_by=day`)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const days = Object.fromEntries(r.body.groups.map((g: { key: string; figures: { coverage: number | null; planned_busy_s: number } }) => [g.key, g.figures]))
    close(days['2026-03-03'].coverage, 1, 'coverage on the 3rd')
    assert.equal(days['2026-03-04'].planned_busy_s, 10_800)
    close(days['2026-03-04'].coverage, 0, 'coverage of today so far')
    assert.equal(r.body.total.planned_busy_s, 37_800)
    close(r.body.total.availability, 25_200 / 27_000, 'A of the period (over the covered part)')
    close(r.body.total.coverage, 27_000 / 37_800, 'coverage of the period')
    // The fleet summary's OEE of today: no data yet this morning, so no number (never 100 %).
    const fleet = await getJson(`${t.url}/v1/fleet/summary`)
    assert.equal(fleet.body.oee_today.oee, null)
    assert.equal(fleet.body.oee_today.coverage, 0)
    assert.equal(fleet.body.plants[0].oee_today.date, '2026-03-04')
    const byPlant = await getJson(`${t.url}/v1/oee?from=2026-03-03&to=2026-03-03&group_by=plant`)
    assert.deepEqual(byPlant.body.groups.map((g: { key: string; machines: number }) => [g.key, g.machines]), [['Plant North', 1]])
  })

  it('exports the period as CSV and as a PDF whose text poppler can read', async () => {
    const csv = await fetch(`${t.url}/v1/reports/oee.csv?from=2026-03-03&to=2026-03-03&group_by=machine`)
    assert.equal(csv.status, 200)
    const lines = (await csv.text()).trim().split('\r\n')
    assert.match(lines[0] ?? '', /^key,label,availability,/)
    assert.match(lines[1] ?? '', /^M-OEE,M-OEE,0\.9333,/)
    assert.match(lines[2] ?? '', /^TOTAL,/)
    const pdf = await fetch(`${t.url}/v1/reports/oee.pdf?from=2026-03-03&to=2026-03-03&plant=Plant%20North`)
    assert.equal(pdf.headers.get('content-type'), 'application/pdf')
    const file = join(dir, 'report.pdf')
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()))
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    assert.match(text, /OEE report/)
    assert.match(text, /Plant North/)
    assert.match(text, /93,3 %/) // A in the plant's locale (de-DE)
  })

  it('gives the hour × day grid from the same engine: the hours add up to the shift', async () => {
    // Hour 06: all running, parts at 06:01:15 … 06:58:45 (47; the one at 07:00:00 is the next
    // hour's), the 18 scrap entered for the shift are booked at its start. Hour 09: stopped
    // until 09:30, then running. Hour 10: the break halves the planned time.
    const r = await getJson(`${t.url}/v1/machines/M-OEE/oee/hours?from=2026-03-03&to=2026-03-03`)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    assert.equal(r.body.time_zone, 'Europe/Berlin')
    const hours = r.body.days[0].hours as { hour: number; planned_busy_s: number; run_s: number; total_parts: number; availability: number | null; performance: number | null; quality: number | null; oee: number | null; start: string }[]
    assert.equal(hours.length, 24)
    const h = (n: number) => hours.find((x) => x.hour === n) ?? assert.fail(`no hour ${n}`)
    assert.equal(h(5).planned_busy_s, 0)
    assert.equal(h(5).oee, null)
    assert.equal(h(6).start, '2026-03-03T05:00:00.000Z')
    close(h(6).availability, 1, 'A 06:00')
    close(h(6).performance, (60 * 47) / 3_600, 'P 06:00')
    close(h(6).quality, (47 - 18) / 47, 'Q 06:00')
    close(h(9).availability, 0.5, 'A 09:00')
    assert.equal(h(10).planned_busy_s, 1_800)
    assert.equal(hours.reduce((n, x) => n + x.planned_busy_s, 0), 27_000)
    assert.equal(hours.reduce((n, x) => n + x.run_s, 0), 25_200)
    assert.equal(hours.reduce((n, x) => n + x.total_parts, 0), 359)
    const tooLong = await getJson(`${t.url}/v1/machines/M-OEE/oee/hours?from=2025-12-31&to=2026-03-03`)
    assert.equal(tooLong.status, 400)
    assert.match(JSON.stringify(tooLong.body), /at most 62 days/)
  })

  it('gives the machine × day grid and suggests the ideal cycle the machine actually runs', async () => {
    const grid = await getJson(`${t.url}/v1/oee/grid?from=2026-03-03&to=2026-03-04`)
    assert.equal(grid.status, 200, JSON.stringify(grid.body))
    assert.deepEqual(grid.body.dates, ['2026-03-03', '2026-03-04'])
    close(grid.body.machines[0].days['2026-03-03'].availability, 25_200 / 27_000, 'A in the grid')
    // 75 s per part while cutting (configured: 60 s); the 30 min stop breaks the chain, and
    // the day's window (unlike the shift) holds the part at 14:00:00.
    const r = await getJson(`${t.url}/v1/machines/M-OEE/ideal-cycles?from=2026-03-03&to=2026-03-03`)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    assert.equal(r.body.programs.length, 1)
    const p = r.body.programs[0]
    assert.equal(p.program, 'O1001')
    assert.equal(p.configured_s, 60)
    assert.equal(p.suggestion.ok, true)
    assert.equal(p.suggestion.seconds, 75)
    assert.equal(p.suggestion.cycles, 143 + 215) // pairs of increments 06:01:15…09:00:00 and 09:31:15…14:00:00
  })

  it('rejects bad input with the field named', async () => {
    const bad = await postJson(`${t.url}/v1/machines/M-OEE/downtime`, { start: 'yesterday', end: '2026-03-03T09:30:00+01:00', reason: 'coffee' })
    assert.equal(bad.status, 400)
    assert.deepEqual(bad.body.details.map((d: { field: string }) => d.field).sort(), ['reason', 'start'])
    const q = await postJson(`${t.url}/v1/machines/M-OEE/quality`, { date: '2026-03-03', shift: 'late', scrap: 1 })
    assert.equal(q.status, 400)
    assert.match(q.body.message, /no shift "late".*early/)
    const range = await getJson(`${t.url}/v1/oee?from=2026-03-05&to=2026-03-01`)
    assert.equal(range.status, 400)
    const cal = await sendJson('PUT', `${t.url}/v1/oee/calendars/Plant%20North`, { time_zone: 'Mars/Olympus', shifts: [] })
    assert.equal(cal.status, 400)
    assert.match(JSON.stringify(cal.body.details), /time_zone/)
    assert.equal((await getJson(`${t.url}/v1/machines/NOPE/oee`)).status, 404)
    for (const [query, field] of [['coded=maybe', 'coded'], ['limit=0', 'limit'], ['min_seconds=-5', 'min_seconds'], ['from=2026-01-01&to=2026-06-01', '92 days']] as const) {
      const stops = await getJson(`${t.url}/v1/stops?${query}`)
      assert.equal(stops.status, 400, query)
      assert.match(JSON.stringify(stops.body.details), new RegExp(field), query)
    }
  })

  it('a calendar edited through the API applies at once (no break: the run through it now counts)', async () => {
    const put = await sendJson('PUT', `${t.url}/v1/oee/calendars/Plant%20North`, {
      time_zone: 'Europe/Berlin', locale: 'de-DE', shifts: [{ name: 'early', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '06:00', end: '14:00' }],
    })
    assert.equal(put.status, 200, JSON.stringify(put.body))
    const r = await getJson(`${t.url}/v1/machines/M-OEE/oee?date=2026-03-03&shift=early`)
    assert.equal(r.body.figures.planned_busy_s, 28_800)
    assert.equal(r.body.figures.run_s, 27_000)
    assert.equal(r.body.calendar.source, 'api')
    now += 1 // keep the clock honest for later tests
  })

  it('lists a stop over midnight once across days, whole, and one coding covers both days', async () => {
    // A machine without a plant is planned 24 h a day (UTC): idle 23:00–01:00 reaches into the
    // working time of both days, and each day reads it only up to its own edge (± 2 min).
    const samples = []
    for (let ts = Date.parse('2026-03-02T22:00:00Z'); ts <= Date.parse('2026-03-03T02:00:00Z'); ts += 15_000) {
      const idle = ts >= Date.parse('2026-03-02T23:00:00Z') && ts < Date.parse('2026-03-03T01:00:00Z')
      samples.push({ machine_id: 'M-NIGHT', timestamp: new Date(ts).toISOString(), state: idle ? 'idle' : 'running' })
    }
    assert.equal((await postJson(`${t.url}/v1/telemetry/ingest`, samples)).status, 200)
    const days = await Promise.all(['2026-03-02', '2026-03-03'].map(async (d) => (await getJson(`${t.url}/v1/machines/M-NIGHT/stops?date=${d}`)).body.stops))
    assert.deepEqual(days.map((list: { start: string; end: string }[]) => list.map((x) => [x.start, x.end])), [
      [['2026-03-02T23:00:00.000Z', '2026-03-03T00:02:00.000Z']],
      [['2026-03-02T23:58:00.000Z', '2026-03-03T01:00:00.000Z']],
    ])
    const todo = await getJson(`${t.url}/v1/stops?from=2026-03-02&to=2026-03-03&machine_id=M-NIGHT&coded=false`)
    assert.deepEqual(todo.body.stops.map((x: { start: string; end: string; seconds: number; date: string }) => [x.start, x.end, x.seconds, x.date]),
      [['2026-03-02T23:00:00.000Z', '2026-03-03T01:00:00.000Z', 7_200, '2026-03-02']])
    assert.deepEqual(todo.body.uncoded, { count: 1, seconds: 7_200 })
    const stop = todo.body.stops[0]
    assert.equal((await postJson(`${t.url}/v1/machines/M-NIGHT/downtime`, { start: stop.start, end: stop.end, reason: 'changeover' })).status, 201)
    const after = await getJson(`${t.url}/v1/stops?from=2026-03-02&to=2026-03-03&machine_id=M-NIGHT`)
    assert.deepEqual(after.body.stops.map((x: { reason: string; seconds: number }) => [x.reason, x.seconds]), [['changeover', 7_200]])
    assert.deepEqual(after.body.uncoded, { count: 0, seconds: 0 })
  })

  it("judges today's utilization and TEEP from the first shift's start to now, not from midnight", async () => {
    // At 12:00 on the day (the calendar now has no break): calendar 06:00–12:00 = 21,600 s,
    // run 6 h − the 30 min stop = 19,800 s → utilization 0.91667 (from midnight it would be 0.458);
    // no time without data, so TEEP = OEE × 21,600 / 21,600 = OEE.
    const saved = now
    now = at('12:00:00')
    try {
      const f = (await getJson(`${t.url}/v1/machines/M-OEE/oee?date=2026-03-03`)).body.figures
      assert.equal(f.calendar_s, 21_600)
      assert.equal(f.run_s, 19_800)
      close(f.utilization, 19_800 / 21_600, 'utilization')
      close(f.teep, f.oee, 'TEEP')
    } finally {
      now = saved
    }
  })
})
