// One machine's OEE hour by hour over a period of local dates (the hour × day heatmap),
// from the same inputs and the same engine as its days and shifts. An hour's planned time
// is the part of it inside a shift (whichever date the shift belongs to), minus breaks and
// planned downtime; parts and scrap count in the hour they were recorded.
import { addDays, localDayWindow, planForDay } from '../../domain/oee/calendar.js'
import { type Interval, clip, hull, intersect, normalize } from '../../domain/oee/intervals.js'
import type { OeeFigures } from '../../domain/oee/oeeFigures.js'
import type { Queryable } from '../../store/db.js'
import { type DayContext, type MachineInfo, type MachineInputs, figuresForPlan, loadMachineInputs } from './machineDay.js'

export interface HourFigures extends Interval {
  /** The local clock hour the window starts at, 0–23; a DST day has 23 or 25 hours, one repeated or missing. */
  hour: number
  figures: OeeFigures
}

export async function computeMachineHours(db: Queryable, machine: MachineInfo, from: string, to: string, ctx: DayContext): Promise<{ date: string; hours: HourFigures[] }[]> {
  const calendar = ctx.setup.calendar(machine.plant)
  const plans = new Map<string, ReturnType<typeof planForDay>>()
  // A night shift that starts the evening before `from` reaches into its first hours.
  for (let d = addDays(from, -1); d <= to; d = addDays(d, 1)) plans.set(d, planForDay(calendar, machine.id, d))
  const envelope = hull([...plans.values()].flatMap((p) => [p.window, ...p.operating])) as Interval
  const inputs = await loadMachineInputs(db, machine, envelope, ctx)
  const operating = normalize([...plans.values()].flatMap((p) => p.operating))
  const plannedDowntime = normalize([...plans.values()].flatMap((p) => p.plannedDowntime))
  const hourOf = new Intl.DateTimeFormat('en-GB', { timeZone: calendar.timeZone, hour: '2-digit', hourCycle: 'h23' })

  const days: { date: string; hours: HourFigures[] }[] = []
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const day = localDayWindow(calendar, date)
    const near = nearDay(inputs, day)
    const hours: HourFigures[] = []
    for (let start = day.start; start < day.end && start < ctx.now; start += 3_600_000) {
      const window = { start, end: Math.min(start + 3_600_000, day.end) }
      const inHour = clip(operating, window)
      const plan = { window, operating: inHour, plannedDowntime: intersect(plannedDowntime, inHour), calendarMs: window.end - window.start }
      hours.push({ ...window, hour: Number(hourOf.format(start)), figures: figuresForPlan(near, plan, inHour, ctx) })
    }
    days.push({ date, hours })
  }
  return days
}

const MARGIN_MS = 86_400_000

/**
 * The inputs within a day of `day` (and the last point before, each series' baseline), so
 * that each hour looks through two or three days of inputs rather than the whole period.
 * Spans are kept whole, so that a stop is still judged by its full length.
 */
function nearDay(inputs: MachineInputs, day: Interval): MachineInputs {
  const from = day.start - MARGIN_MS
  const to = day.end + MARGIN_MS
  const overlapping = <T extends Interval>(xs: readonly T[]) => xs.filter((x) => x.end > from && x.start < to)
  return {
    ...inputs,
    spans: overlapping(inputs.spans),
    codes: overlapping(inputs.codes),
    stops: overlapping(inputs.stops),
    partCounts: withBaseline(inputs.partCounts, from, to),
    executions: withBaseline(inputs.executions, from, to),
    quality: inputs.quality.filter((q) => q.ts >= from && q.ts < to),
  }
}

/** Points (in time order) from the last one before `from` up to `to`. */
function withBaseline<T extends { ts: number }>(points: readonly T[], from: number, to: number): T[] {
  const first = points.findIndex((p) => p.ts >= from)
  const start = first === -1 ? points.length - 1 : Math.max(0, first - 1)
  const end = points.findIndex((p) => p.ts >= to)
  return points.slice(Math.max(0, start), end === -1 ? points.length : end)
}
