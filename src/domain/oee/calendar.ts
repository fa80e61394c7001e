// Plant calendars: which instants are planned operation time. Shifts are written in the
// plant's wall-clock time and turned into instants with Intl.DateTimeFormat only (no date
// library), so DST days come out right: a local day has 23 or 25 hours, and a 22:00–06:00
// shift across the change lasts 7 or 9 hours (OEE.md, edge case 1).
import { hull, intersect, normalize, overlaps, union, type Interval } from './intervals.js'

export interface ShiftBreak {
  name?: string
  start: string // 'HH:MM'
  end: string // 'HH:MM'
}

export interface ShiftPattern {
  name: string
  /** 0 = Sunday … 6 = Saturday: the days the shift STARTS on. */
  days: number[]
  start: string // 'HH:MM'
  /** end <= start means the shift crosses midnight (00:00–00:00 is a 24 h shift). */
  end: string
  breaks: ShiftBreak[]
}

/** Replaces the shifts of one local date (empty list = no work that day); `days` is ignored. */
export interface DateException {
  date: string // 'YYYY-MM-DD'
  shifts: ShiftPattern[]
}

export interface PlannedDowntime extends Interval {
  reason: string
  /** Machine ids, or '*' for every machine of the plant. */
  machines: string[]
}

export interface PlantCalendar {
  plant: string
  timeZone: string
  locale: string
  shifts: ShiftPattern[]
  holidays: string[] // 'YYYY-MM-DD'
  exceptions: DateException[]
  plannedDowntime: PlannedDowntime[]
  /** Set on the default calendar of a plant that has none configured, so the UI can say so. */
  alwaysOn?: boolean
}

export interface ShiftInstance extends Interval {
  plant: string
  shift: string
  /** The local date the shift STARTS on: a shift crossing midnight belongs to its start date. */
  date: string
  breaks: Interval[]
}

export const ALWAYS_ON_SHIFT = 'all-day'

/** The calendar of a plant without one: a 24 h shift every day, in UTC, no breaks. */
export function alwaysOnCalendar(plant: string): PlantCalendar {
  return {
    plant,
    timeZone: 'UTC',
    locale: 'en-US',
    shifts: [{ name: ALWAYS_ON_SHIFT, days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '00:00', breaks: [] }],
    holidays: [],
    exceptions: [],
    plannedDowntime: [],
    alwaysOn: true,
  }
}

// ---------------------------------------------------------------------------------------
// Wall clock ↔ instant

const DAY_MS = 86_400_000
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The wall-clock reading of an instant in a zone, as if that reading were UTC (whole seconds). */
function wallMs(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value)
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
}

/** UTC offset of the zone at an instant, in ms (Berlin in winter: +3 600 000). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000
  return wallMs(whole, timeZone) - whole
}

/** True when the zone is an IANA name Intl knows (Europe/Berlin, UTC). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/**
 * The instant a plant's wall clock shows `time` on `date`.
 * - A time that does not exist (skipped by a spring-forward change, e.g. 02:30 on
 *   2026-03-29 in Europe/Berlin) maps to the instant right after the gap, the change
 *   itself (03:00 CEST = 01:00Z): the first moment the clock shows a later time.
 * - A time that occurs twice (fall-back, e.g. 02:30 on 2026-10-25 in Berlin) maps to its
 *   first occurrence (02:30 CEST = 00:30Z).
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): number {
  const local = Date.parse(`${date}T${time}:00Z`)
  if (!Number.isFinite(local)) throw new RangeError(`not a date and time: ${date} ${time}`)
  // Zones change their offset at most once in any two days, so the offsets a day either
  // side bracket the reading.
  const before = offsetAt(local - DAY_MS, timeZone)
  const after = offsetAt(local + DAY_MS, timeZone)
  const candidates = [local - before, local - after].filter((t) => wallMs(t, timeZone) === local)
  if (candidates.length > 0) return Math.min(...candidates)
  // In the gap: find the change, the first instant whose offset is the later one.
  let lo = local - after
  let hi = local - before
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (offsetAt(mid, timeZone) === after) hi = mid
    else lo = mid
  }
  return hi
}

/** The plant-local date ('YYYY-MM-DD') of an instant. */
export function localDateOf(ms: number, timeZone: string): string {
  return new Date(wallMs(ms, timeZone)).toISOString().slice(0, 10)
}

/** Local midnight to the next local midnight: 23 h or 25 h on DST change days. */
export function localDayWindow(calendar: Pick<PlantCalendar, 'timeZone'>, date: string): Interval {
  return { start: zonedTimeToUtc(date, '00:00', calendar.timeZone), end: zonedTimeToUtc(addDays(date, 1), '00:00', calendar.timeZone) }
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay()
}

// ---------------------------------------------------------------------------------------
// Shifts

/** 'HH:MM' → minutes after midnight; undefined unless 00:00–23:59. */
export function minutesOf(time: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time)
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined
}

/** A shift as minutes relative to the midnight of its start date (end may exceed 1440). */
interface WallShift {
  pattern: ShiftPattern
  start: number
  end: number
}

function wallShift(pattern: ShiftPattern, dayOffset = 0): WallShift | undefined {
  const s = minutesOf(pattern.start)
  const e = minutesOf(pattern.end)
  if (s === undefined || e === undefined) return undefined
  const duration = e > s ? e - s : e + 1440 - s
  return { pattern, start: dayOffset * 1440 + s, end: dayOffset * 1440 + s + duration }
}

/** The patterns that start on a local date: holidays and exceptions applied. */
export function shiftsOfDate(calendar: PlantCalendar, date: string): ShiftPattern[] {
  // An exception is the more specific statement, so it wins over a holiday on the same date.
  const exception = calendar.exceptions.find((x) => x.date === date)
  if (exception) return exception.shifts
  if (calendar.holidays.includes(date)) return []
  const day = dayOfWeek(date)
  return calendar.shifts.filter((s) => s.days.includes(day))
}

/** Every shift instance overlapping [from, to), in start order. */
export function shiftInstances(calendar: PlantCalendar, from: number, to: number): ShiftInstance[] {
  const out: ShiftInstance[] = []
  // A shift lasts at most 24 h, so one that overlaps `from` started at most a day earlier.
  const last = localDateOf(to, calendar.timeZone)
  for (let date = addDays(localDateOf(from, calendar.timeZone), -1); date <= last; date = addDays(date, 1)) {
    for (const instance of shiftInstancesOfDate(calendar, date)) {
      if (overlaps(instance, { start: from, end: to })) out.push(instance)
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

/** The shift instances that start on a local date (they may end the next day). */
export function shiftInstancesOfDate(calendar: PlantCalendar, date: string): ShiftInstance[] {
  const out: ShiftInstance[] = []
  for (const pattern of shiftsOfDate(calendar, date)) {
    const wall = wallShift(pattern)
    if (!wall) continue
    const at = (minutes: number) => zonedTimeToUtc(addDays(date, Math.floor(minutes / 1440)), hhmm(minutes % 1440), calendar.timeZone)
    const span = { start: at(wall.start), end: at(wall.end) }
    const breaks: Interval[] = []
    for (const b of pattern.breaks) {
      const rel = breakRelative(wall, b)
      if (rel) breaks.push({ start: at(wall.start + rel.start), end: at(wall.start + rel.end) })
    }
    out.push({ plant: calendar.plant, shift: pattern.name, date, ...span, breaks: intersect(breaks, [span]) })
  }
  return out
}

/**
 * A break as minutes after its shift's start, or undefined when it is malformed or not
 * wholly inside the shift. A break time earlier than the shift start lies after midnight.
 */
export function breakRelative(shift: { start: number; end: number }, b: ShiftBreak): Interval | undefined {
  const bs = minutesOf(b.start)
  const be = minutesOf(b.end)
  if (bs === undefined || be === undefined || bs === be) return undefined
  const start = (bs - (shift.start % 1440) + 1440) % 1440
  const end = start + ((be - bs + 1440) % 1440)
  return end <= shift.end - shift.start ? { start, end } : undefined
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

// ---------------------------------------------------------------------------------------
// Planned downtime and the planned operation time of a shift or a day

/** Scheduled downtime of one machine (entries for it or for '*'), clipped to the window. */
export function plannedDowntimeFor(calendar: PlantCalendar, machineId: string, window: Interval): Interval[] {
  const mine = calendar.plannedDowntime.filter((d) => d.machines.includes('*') || d.machines.includes(machineId))
  return intersect(mine, [window])
}

/**
 * What the OEE engine needs to know about the plan of a window: the window, the planned
 * operation time inside it (the shifts), the planned downtime (breaks and scheduled
 * downtime) and the calendar time utilization and TEEP are measured against.
 */
export interface OeePlan {
  window: Interval
  operating: Interval[]
  plannedDowntime: Interval[]
  calendarMs: number
}

/** The plan of one shift instance for one machine: the shift is the window and the calendar time. */
export function planForShift(calendar: PlantCalendar, machineId: string, shift: ShiftInstance): OeePlan {
  const window = { start: shift.start, end: shift.end }
  return {
    window,
    operating: [window],
    plannedDowntime: union(shift.breaks, plannedDowntimeFor(calendar, machineId, window)),
    calendarMs: window.end - window.start,
  }
}

/**
 * The plan of one local date for one machine: the planned operation time is the union of
 * the shift instances that START on that date (so the whole night shift that began at
 * 22:00 belongs to it, and none of the previous evening's); the window stretches past the
 * next midnight to cover such a shift, but the calendar time stays the local day
 * (23/24/25 h), so that days summed into a period count every hour once.
 */
export function planForDay(calendar: PlantCalendar, machineId: string, date: string): OeePlan & { shifts: ShiftInstance[] } {
  const day = localDayWindow(calendar, date)
  const shifts = shiftInstancesOfDate(calendar, date)
  const operating = normalize(shifts)
  const window = hull([day, ...operating]) ?? day
  const breaks = shifts.flatMap((s) => s.breaks)
  return {
    window,
    operating,
    plannedDowntime: intersect(union(breaks, plannedDowntimeFor(calendar, machineId, window)), operating),
    calendarMs: day.end - day.start,
    shifts,
  }
}

// ---------------------------------------------------------------------------------------
// Validation

export interface ShiftOverlap {
  /** Indexes into the list given. */
  first: number
  second: number
  /** Day of week (0 = Sunday) on which the first of the two starts. */
  day: number
}

/**
 * Pairs of weekly patterns whose instances overlap, including a night shift running into
 * the next morning's shift and Saturday night running into Sunday.
 */
export function findOverlappingShifts(patterns: readonly ShiftPattern[]): ShiftOverlap[] {
  const WEEK = 7 * 1440
  const instances: { index: number; day: number; start: number; end: number }[] = []
  patterns.forEach((p, index) => {
    for (const day of new Set(p.days)) {
      const wall = wallShift(p, day)
      if (!wall) continue
      // Repeat each instance a week later so that Saturday night meets Sunday morning.
      instances.push({ index, day, start: wall.start, end: wall.end }, { index, day, start: wall.start + WEEK, end: wall.end + WEEK })
    }
  })
  const found = new Map<string, ShiftOverlap>()
  for (const a of instances) {
    for (const b of instances) {
      if (a.index >= b.index || !overlaps(a, b)) continue
      const key = `${a.index}/${b.index}`
      if (!found.has(key)) found.set(key, { first: a.index, second: b.index, day: a.day })
    }
  }
  return [...found.values()]
}

export interface DateOverlap {
  /** The exception date concerned. */
  date: string
  first: { date: string; shift: string }
  second: { date: string; shift: string }
}

/**
 * Overlaps that exception dates create: among their own shifts, with the previous day's
 * shifts running into them, and with the next day's shifts they run into.
 */
export function findExceptionOverlaps(calendar: PlantCalendar): DateOverlap[] {
  const out: DateOverlap[] = []
  for (const { date } of calendar.exceptions) {
    const around = [-1, 0, 1].flatMap((offset) => {
      const d = addDays(date, offset)
      return shiftsOfDate(calendar, d).flatMap((p) => {
        const wall = wallShift(p, offset)
        return wall ? [{ date: d, shift: p.name, start: wall.start, end: wall.end }] : []
      })
    })
    around.forEach((a, i) => {
      for (const b of around.slice(i + 1)) {
        if ((a.date === date || b.date === date) && overlaps(a, b)) {
          out.push({ date, first: { date: a.date, shift: a.shift }, second: { date: b.date, shift: b.shift } })
        }
      }
    })
  }
  return out
}
