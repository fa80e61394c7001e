// oee.yaml: downtime reasons, plant calendars (shifts, breaks, holidays, exceptions,
// scheduled downtime) and ideal cycle times. Parsed and validated once, here, into typed
// objects; every problem names the file, the line and the field, all problems at once,
// unknown keys rejected — like machines.yaml.
import type { Node, YAMLMap } from 'yaml'
import {
  addDays, alwaysOnCalendar, breakRelative, dayOfWeek, findExceptionOverlaps, findOverlappingShifts, isValidTimeZone, minutesOf,
  zonedTimeToUtc, type DateException, type PlannedDowntime, type PlantCalendar, type ShiftBreak, type ShiftPattern,
} from '../domain/oee/calendar.js'
import { MACHINE_ID, MACHINE_ID_RULE } from '../domain/machineId.js'
import { ConfigError } from './configError.js'
import { YamlDocument } from './yamlDocument.js'

export interface DowntimeReason {
  code: string
  label: string
  /** A stop coded with a planned reason is taken out of planned busy time. */
  planned: boolean
}

export interface IdealCycle {
  machine: string
  /** An NC program, or '*' for any program of the machine. */
  program: string
  seconds: number
}

export interface OeeConfig {
  microstopSeconds: number
  reasons: DowntimeReason[]
  plants: PlantCalendar[]
  idealCycles: IdealCycle[]
}

export const DEFAULT_OEE_CONFIG: OeeConfig = { microstopSeconds: 120, reasons: [], plants: [], idealCycles: [] }

const TOP_KEYS = ['microstop_seconds', 'reasons', 'plants', 'ideal_cycles']
const REASON_KEYS = ['code', 'label', 'planned']
const PLANT_KEYS = ['name', 'time_zone', 'locale', 'shifts', 'holidays', 'exceptions', 'planned_downtime']
const SHIFT_KEYS = ['name', 'days', 'start', 'end', 'breaks']
const EXCEPTION_SHIFT_KEYS = ['name', 'start', 'end', 'breaks']
const BREAK_KEYS = ['name', 'start', 'end']
const EXCEPTION_KEYS = ['date', 'shifts']
const DOWNTIME_KEYS = ['start', 'end', 'machines', 'reason']
const IDEAL_KEYS = ['machine', 'program', 'seconds']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const CODE = /^[A-Za-z0-9._-]{1,64}$/
const TIME_HINT = 'must be a time "HH:MM" from "00:00" to "23:59", e.g. "06:00" (a shift may end at "24:00")'
const DATE_HINT = 'must be a date "YYYY-MM-DD", e.g. "2026-12-25"'

/** Parses oee.yaml text; throws ConfigError listing every problem. */
export function parseOeeYaml(text: string, file: string): OeeConfig {
  const r = new YamlDocument(text, file)
  const root = r.root
  if (root === undefined) return { ...DEFAULT_OEE_CONFIG }
  if (!r.isMapping(root, '(top level)', TOP_KEYS.join(', '))) throw new ConfigError(r.problems)
  const map = root
  r.onlyKeys(map, '', TOP_KEYS)
  const microstop = r.number(map, 'microstop_seconds', 'microstop_seconds', { min: 0 }) ?? 120
  const reasons = r.list(map, 'reasons', 'reasons').flatMap(([node, at]) => readReason(r, node, at))
  dupes(r, reasons.map((x) => x.value.code), reasons.map((x) => x.node), 'reasons', 'code')
  const codes = reasons.map((x) => x.value.code)
  const plants = r.list(map, 'plants', 'plants').flatMap(([node, at]) => readPlant(r, node, at, codes))
  dupes(r, plants.map((x) => x.value.plant), plants.map((x) => x.node), 'plants', 'name')
  const ideals = r.list(map, 'ideal_cycles', 'ideal_cycles').flatMap(([node, at]) => readIdeal(r, node, at))
  dupes(r, ideals.map((x) => `${x.value.machine} ${x.value.program}`), ideals.map((x) => x.node), 'ideal_cycles', 'machine and program')
  r.throwIfAny()
  return { microstopSeconds: microstop, reasons: reasons.map((x) => x.value), plants: plants.map((x) => x.value), idealCycles: ideals.map((x) => x.value) }
}

/**
 * Ideal cycle time of a machine's program: the entry for that program, else the machine's
 * '*' entry, else `fallbackS` (machines.yaml ideal_cycle_s), else undefined (P unknown).
 */
export function idealCycleLookup(config: OeeConfig, machineId: string, fallbackS?: number): (program: string | undefined) => number | undefined {
  const mine = config.idealCycles.filter((c) => c.machine === machineId)
  const any = mine.find((c) => c.program === '*')?.seconds ?? fallbackS
  const byProgram = new Map(mine.filter((c) => c.program !== '*').map((c) => [c.program, c.seconds]))
  return (program) => (program !== undefined ? byProgram.get(program) : undefined) ?? any
}

/** The calendar of a plant, or the labelled always-on default when oee.yaml has none for it. */
export function calendarForPlant(config: OeeConfig, plant: string | undefined): PlantCalendar {
  return config.plants.find((p) => p.plant === plant) ?? alwaysOnCalendar(plant ?? '(no plant)')
}

interface Located<T> {
  value: T
  node: Node
}

function readReason(r: YamlDocument, node: Node, at: string): Located<DowntimeReason>[] {
  if (!r.isMapping(node, at, 'code, label, planned')) return []
  const map = node as YAMLMap
  r.onlyKeys(map, at, REASON_KEYS)
  const code = r.text(map, 'code', `${at}.code`, { required: true, pattern: CODE, hint: 'must be 1-64 characters of A-Z a-z 0-9 . _ -' })
  const label = r.text(map, 'label', `${at}.label`)
  const planned = r.bool(map, 'planned', `${at}.planned`) ?? false
  return code === undefined ? [] : [{ value: { code, label: label ?? code, planned }, node }]
}

function readPlant(r: YamlDocument, node: Node, at: string, reasonCodes: string[]): Located<PlantCalendar>[] {
  if (!r.isMapping(node, at, PLANT_KEYS.join(', '))) return []
  const map = node as YAMLMap
  r.onlyKeys(map, at, PLANT_KEYS)
  const before = r.problems.length
  const plant = r.text(map, 'name', `${at}.name`, { required: true })
  const timeZone = r.text(map, 'time_zone', `${at}.time_zone`, { required: true })
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
    r.fail(map.get('time_zone', true) as Node, `${at}.time_zone`, `"${timeZone}" is not an IANA time zone; use a name such as Europe/Berlin, America/Chicago or UTC`)
  }
  const locale = r.text(map, 'locale', `${at}.locale`) ?? 'en-US'
  if (!isKnownLocale(locale)) r.fail(map.get('locale', true) as Node, `${at}.locale`, `"${locale}" is not a locale this runtime knows; use a BCP 47 tag such as de-DE or en-US`)

  const shiftNodes = r.list(map, 'shifts', `${at}.shifts`, true)
  const shifts = shiftNodes.map(([n, sAt]) => readShift(r, n, sAt, true))
  const valid = shifts.filter((s): s is ShiftPattern => s !== undefined)
  if (valid.length === shifts.length) {
    for (const o of findOverlappingShifts(valid)) {
      const [first, second] = [valid[o.first] as ShiftPattern, valid[o.second] as ShiftPattern]
      r.fail(shiftNodes[o.second]?.[0], `${at}.shifts[${o.second}]`, `"${second.name}" (${second.start}–${second.end}) overlaps "${first.name}" (${first.start}–${first.end}) starting on ${DAY_NAMES[o.day]}; shifts of a plant must not overlap`)
    }
  }
  const holidays = r.list(map, 'holidays', `${at}.holidays`).flatMap(([n, hAt]) => {
    const date = r.scalarText(n, hAt)
    if (date !== undefined && !isDate(date)) r.fail(n, hAt, `"${date}" ${DATE_HINT}`)
    return date !== undefined && isDate(date) ? [{ value: date, node: n }] : []
  })
  const exceptions = r.list(map, 'exceptions', `${at}.exceptions`).flatMap(([n, eAt]) => readException(r, n, eAt))
  dupes(r, exceptions.map((x) => x.value.date), exceptions.map((x) => x.node), `${at}.exceptions`, 'date')
  for (const x of exceptions) {
    if (holidays.some((h) => h.value === x.value.date)) r.fail(x.node, `${x.at}.date`, `${x.value.date} is also listed in holidays; keep one of the two`)
  }
  const downtime = r.list(map, 'planned_downtime', `${at}.planned_downtime`).flatMap(([n, dAt]) =>
    readDowntime(r, n, dAt, timeZone !== undefined && isValidTimeZone(timeZone) ? timeZone : undefined, reasonCodes))
  if (plant === undefined || timeZone === undefined || r.problems.length > before) return []
  const calendar: PlantCalendar = {
    plant, timeZone, locale, shifts: valid, holidays: holidays.map((h) => h.value), exceptions: exceptions.map((x) => x.value), plannedDowntime: downtime,
  }
  for (const o of findExceptionOverlaps(calendar)) {
    const x = exceptions.find((e) => e.value.date === o.date)
    r.fail(x?.node, `${x?.at ?? at}.shifts`, `on ${o.date}, "${o.first.shift}" of ${o.first.date} overlaps "${o.second.shift}" of ${o.second.date}; shifts must not overlap`)
  }
  return [{ value: calendar, node }]
}

function readShift(r: YamlDocument, node: Node, at: string, weekly: boolean): ShiftPattern | undefined {
  const keys = weekly ? SHIFT_KEYS : EXCEPTION_SHIFT_KEYS
  if (!r.isMapping(node, at, keys.join(', '))) return undefined
  const map = node as YAMLMap
  r.onlyKeys(map, at, keys)
  const name = r.text(map, 'name', `${at}.name`, { required: true })
  const start = time(r, map, 'start', `${at}.start`)
  // "24:00" ends a shift at the next midnight; the calendar writes that as an end of 00:00.
  const endText = r.text(map, 'end', `${at}.end`, { required: true })
  const end = endText === undefined ? undefined : endText === '24:00' ? '00:00' : time(r, map, 'end', `${at}.end`)
  if (start !== undefined && endText !== undefined && start === endText) {
    r.fail(map.get('end', true) as Node, `${at}.end`, `"${endText}" is also the start: a shift needs a length; a shift of the whole day is start "00:00", end "24:00"`)
  }
  const days = weekly
    ? r.list(map, 'days', `${at}.days`, true).flatMap(([n, dAt]) => {
      const day = r.scalarText(n, dAt)
      const index = day === undefined ? -1 : DAYS.indexOf(day.toLowerCase())
      if (day !== undefined && index < 0) r.fail(n, dAt, `"${day}" is not a day; accepted: ${DAYS.join(', ')}`)
      return index >= 0 ? [index] : []
    })
    : []
  const breaks: ShiftBreak[] = []
  for (const [n, bAt] of r.list(map, 'breaks', `${at}.breaks`)) {
    if (!r.isMapping(n, bAt, BREAK_KEYS.join(', '))) continue
    const b = n as YAMLMap
    r.onlyKeys(b, bAt, BREAK_KEYS)
    const breakName = r.text(b, 'name', `${bAt}.name`)
    const bs = time(r, b, 'start', `${bAt}.start`)
    const be = time(r, b, 'end', `${bAt}.end`)
    if (bs === undefined || be === undefined) continue
    const value: ShiftBreak = breakName === undefined ? { start: bs, end: be } : { name: breakName, start: bs, end: be }
    if (start !== undefined && end !== undefined) {
      const s = minutesOf(start) as number
      const e = minutesOf(end) as number
      if (!breakRelative({ start: s, end: s + (e > s ? e - s : e + 1440 - s) }, value)) {
        r.fail(n, bAt, `break ${bs}–${be} must lie inside its shift ${start}–${end} and end after it starts`)
        continue
      }
    }
    breaks.push(value)
  }
  if (name === undefined || start === undefined || end === undefined) return undefined
  return { name, days, start, end, breaks }
}

function readException(r: YamlDocument, node: Node, at: string): (Located<DateException> & { at: string })[] {
  if (!r.isMapping(node, at, EXCEPTION_KEYS.join(', '))) return []
  const map = node as YAMLMap
  r.onlyKeys(map, at, EXCEPTION_KEYS)
  const date = r.text(map, 'date', `${at}.date`, { required: true })
  if (date !== undefined && !isDate(date)) r.fail(map.get('date', true) as Node, `${at}.date`, `"${date}" ${DATE_HINT}`)
  // An exception's shifts have no days: they happen on its date. An empty list = no work.
  if (!map.has('shifts')) r.fail(map, `${at}.shifts`, 'is required: the shifts of that date, or [] for no work')
  const shifts = r.list(map, 'shifts', `${at}.shifts`).map(([n, sAt]) => readShift(r, n, sAt, false))
  if (date === undefined || !isDate(date) || shifts.some((s) => s === undefined)) return []
  const day = dayOfWeek(date)
  return [{ value: { date, shifts: (shifts as ShiftPattern[]).map((s) => ({ ...s, days: [day] })) }, node, at }]
}

function readDowntime(r: YamlDocument, node: Node, at: string, timeZone: string | undefined, reasonCodes: string[]): PlannedDowntime[] {
  if (!r.isMapping(node, at, DOWNTIME_KEYS.join(', '))) return []
  const map = node as YAMLMap
  r.onlyKeys(map, at, DOWNTIME_KEYS)
  // Local wall times, compared as text ("YYYY-MM-DDTHH:MM" sorts in time order) so that the
  // order is checked even when the time zone is wrong; converted with the plant's zone.
  const local = (key: 'start' | 'end') => {
    const text = r.text(map, key, `${at}.${key}`, { required: true })
    if (text === undefined) return undefined
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(text)
    if (!m || !isDate(m[1] as string) || minutesOf(m[2] as string) === undefined) {
      return void r.fail(map.get(key, true) as Node, `${at}.${key}`, `"${text}" must be a local date and time "YYYY-MM-DDTHH:MM" in the plant's time zone, e.g. "2026-03-10T08:00"`)
    }
    return { text, date: m[1] as string, time: m[2] as string }
  }
  const from = local('start')
  const to = local('end')
  if (from && to && to.text <= from.text) r.fail(map.get('end', true) as Node, `${at}.end`, `must be after start (${from.text})`)
  const start = from && timeZone ? zonedTimeToUtc(from.date, from.time, timeZone) : undefined
  const end = to && timeZone ? zonedTimeToUtc(to.date, to.time, timeZone) : undefined
  const machines = r.list(map, 'machines', `${at}.machines`, true).flatMap(([n, mAt]) => {
    const id = r.scalarText(n, mAt)
    if (id !== undefined && id !== '*' && !MACHINE_ID.test(id)) r.fail(n, mAt, `"${id}" must be a machine id (${MACHINE_ID_RULE}) or "*" for all machines`)
    return id === undefined ? [] : [id]
  })
  const reason = r.text(map, 'reason', `${at}.reason`, { required: true })
  if (reason !== undefined && reasonCodes.length > 0 && !reasonCodes.includes(reason)) {
    r.fail(map.get('reason', true) as Node, `${at}.reason`, `"${reason}" is not a code from reasons; accepted: ${reasonCodes.join(', ')}`)
  }
  if (start === undefined || end === undefined || end <= start || reason === undefined || machines.length === 0) return []
  return [{ start, end, machines, reason }]
}

function readIdeal(r: YamlDocument, node: Node, at: string): Located<IdealCycle>[] {
  if (!r.isMapping(node, at, IDEAL_KEYS.join(', '))) return []
  const map = node as YAMLMap
  r.onlyKeys(map, at, IDEAL_KEYS)
  const machine = r.text(map, 'machine', `${at}.machine`, { required: true, pattern: MACHINE_ID, hint: `must be a machine id: ${MACHINE_ID_RULE}` })
  const program = r.text(map, 'program', `${at}.program`) ?? '*'
  const seconds = r.number(map, 'seconds', `${at}.seconds`, { min: 0, exclusive: true, required: true })
  return machine === undefined || seconds === undefined ? [] : [{ value: { machine, program, seconds }, node }]
}

function dupes(r: YamlDocument, values: string[], nodes: Node[], at: string, what: string): void {
  const seen = new Map<string, number>()
  values.forEach((v, i) => {
    const first = seen.get(v)
    if (first !== undefined) r.fail(nodes[i], at, `${what} "${v}" is listed twice (again after entry ${first + 1})`)
    else seen.set(v, i)
  })
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const ms = Date.parse(`${text}T00:00:00Z`)
  return Number.isFinite(ms) && addDays(text, 0) === text
}

function isKnownLocale(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0
  } catch {
    return false
  }
}

/** A time of day "HH:MM" (required). */
function time(r: YamlDocument, map: YAMLMap, key: string, at: string): string | undefined {
  const value = r.text(map, key, at, { required: true })
  if (value !== undefined && minutesOf(value) === undefined) return void r.fail(map.get(key, true) as Node, at, `"${value}" ${TIME_HINT}`)
  return value
}
