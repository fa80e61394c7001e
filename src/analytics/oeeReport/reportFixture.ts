// A realistic report input for the tests (and for anyone trying the exporters by hand):
// 10 machines × 3 shifts on weekdays of March 2026 in Europe/Berlin, figures built as
// additive sums and rolled up with the OEE engine's own `rollUp`, exactly as a caller
// does. Deterministic (seeded). It includes the corner cases the report must show: a
// machine without a part counter (A×Q partial), one with P over 100 %, one with low
// coverage, a plant-wide outage day (no data: a gap in the trend), a day the trend leaves
// out, and labels with é, ü, Ł (approximated) and Cyrillic (outside WinAnsi).
import { emptySums, figuresFromSums, rollUp, type OeeFigures, type OeeFlag, type OeeSums } from '../../domain/oee/oeeFigures.js'
import type { OeeReportInput } from './reportInput.js'
import { datesBetween, utcDate } from './reportFormat.js'

const MACHINES = [
  { id: 'M-01', label: 'DMU 50 Fräse' },
  { id: 'M-02', label: 'Hermle C42 – Zelle 2' },
  { id: 'M-03', label: 'Mazak Integrex i-200' },
  { id: 'M-04', label: 'Tour Réalmeca RV 1' },
  { id: 'M-05', label: 'Okuma LB3000 EX II' },
  { id: 'M-06', label: 'DMG CTX beta 800 (no counter)' },
  { id: 'M-07', label: 'Haas VF-2 Łódź' },
  { id: 'M-08', label: 'Index G200 Drehzentrum' },
  { id: 'M-09', label: 'Chiron FZ 12 (often offline)' },
  { id: 'M-10', label: 'Станок 16К20' },
] as const
const SHIFTS = ['early', 'late', 'night'] as const
export const FIXTURE_REASONS: Record<string, string> = {
  changeover: 'Changeover',
  tool_breakage: 'Tool breakage',
  material_wait: 'Waiting for material',
  maintenance_unplanned: 'Breakdown repair',
  operator_absent: 'Operator absent',
  uncoded: 'Uncoded',
}
const REASON_WEIGHTS = [0.34, 0.22, 0.16, 0.12, 0.06, 0.1]
const OUTAGE_DAY = '2026-03-12'
const DAY_LEFT_OUT_OF_TREND = '2026-03-19'

/** mulberry32: a small seeded generator, so the fixture is the same on every run. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Window { machine: string; shift: string; date: string; figures: OeeFigures }

function shiftWindow(machine: string, date: string, rnd: () => number): OeeFigures {
  const s: OeeSums = emptySums()
  s.calendar_s = s.planned_operation_s = 28_800
  s.planned_downtime_s = 1_800
  s.planned_busy_s = 27_000
  const flags: OeeFlag[] = []
  const outage = date === OUTAGE_DAY
  s.no_data_s = outage ? 27_000 : machine === 'M-09' && rnd() < 0.6 ? Math.round(27_000 * (0.3 + 0.4 * rnd())) : 0
  const covered = s.planned_busy_s - s.no_data_s
  s.run_s = Math.round(covered * (0.62 + 0.3 * rnd()))
  s.microstop_s = Math.round(covered * (0.01 + 0.02 * rnd()))
  s.operating_s = s.run_s + s.microstop_s
  s.availability_loss_s = covered - s.operating_s
  s.stopped_s = Math.round(s.availability_loss_s * 0.6)
  s.idle_s = s.availability_loss_s - s.stopped_s
  s.stop_count = Math.round(s.availability_loss_s / 900)
  s.microstop_count = Math.round(s.microstop_s / 45)
  REASON_WEIGHTS.forEach((w, i) => {
    const code = Object.keys(FIXTURE_REASONS)[i] ?? 'uncoded'
    if (s.availability_loss_s > 0) s.unplanned_loss_by_reason_s[code] = s.availability_loss_s * w * (0.5 + rnd())
  })
  if (outage) return figuresFromSums(s, flags)

  const cycle = 40 + Number(machine.slice(2)) * 5
  const performance = machine === 'M-08' ? 1.05 + 0.1 * rnd() : 0.8 + 0.17 * rnd()
  s.total_parts = Math.round((s.operating_s * performance) / cycle)
  s.parts_known = true
  s.scrap = Math.round(s.total_parts * 0.03 * rnd())
  s.rework = Math.round(s.total_parts * 0.01 * rnd())
  s.good_parts = Math.max(0, s.total_parts - s.scrap - s.rework)
  if (machine === 'M-06') {
    flags.push({ code: 'no_part_counter', message: 'no part counter: parts were entered by hand, P is unknown' })
  } else {
    s.ideal_s = s.p_ideal_s = s.total_parts * cycle
    s.p_operating_s = s.operating_s
  }
  if (machine === 'M-08') flags.push({ code: 'performance_over_100', program: 'O4711', message: 'program O4711 runs faster than its ideal cycle time (P 110%): check the ideal cycle time' })
  return figuresFromSums(s, flags)
}

export function reportFixture(overrides: Partial<OeeReportInput> = {}): OeeReportInput {
  const rnd = random(20260301)
  const windows: Window[] = []
  for (const date of datesBetween('2026-03-01', '2026-03-30')) {
    const weekday = new Date(utcDate(date)).getUTCDay()
    if (weekday === 0 || weekday === 6) continue
    for (const m of MACHINES) for (const shift of SHIFTS) windows.push({ machine: m.id, shift, date, figures: shiftWindow(m.id, date, rnd) })
  }
  const pick = (f: (w: Window) => boolean) => rollUp(windows.filter(f).map((w) => w.figures))
  const total = pick(() => true)
  const trendDates = [...new Set(windows.map((w) => w.date))].filter((d) => d !== DAY_LEFT_OUT_OF_TREND)
  return {
    title: 'OEE report',
    scope: 'Plant North',
    locale: 'de-DE',
    timeZone: 'Europe/Berlin',
    from: '2026-03-01',
    to: '2026-03-30',
    generatedAt: Date.parse('2026-03-31T06:15:00Z'),
    groupBy: 'shift',
    rows: MACHINES.flatMap((m) => SHIFTS.map((shift) => ({ key: `${m.id}/${shift}`, label: `${m.label} · ${shift}`, figures: pick((w) => w.machine === m.id && w.shift === shift) }))),
    total,
    trend: trendDates.map((date) => ({ date, figures: pick((w) => w.date === date) })),
    pareto: Object.entries(total.unplanned_loss_by_reason_s)
      .map(([reason, seconds]) => ({ reason, label: FIXTURE_REASONS[reason] ?? reason, seconds }))
      .sort((a, b) => b.seconds - a.seconds),
    ...overrides,
  }
}
