// Scrap and rework entered by hand belong to the parts of one shift: the entry is placed at
// the start of the shift it names (or the one its instant falls in), and refused for a shift
// that has not started or would have more scrap and rework than parts made.
import { errors } from '../../domain/errors.js'
import { addDays, localDateOf } from '../../domain/oee/calendar.js'
import type { ShiftFigures } from './machineDay.js'
import type { OeeService } from './oeeService.js'

export interface QualityEntry {
  /** A shift by name on a local date, or the shift an instant falls in. */
  at: { date: string; shift: string } | { ts: number }
  scrap: number
  rework: number
  program: string | null
  note: string | null
  by: string | null
}

/** Stores the entry for its shift (figures of the closed shift and its roll-ups are computed again). */
export async function enterQuality(oee: OeeService, now: number, machine: { id: string; plant: string | null }, e: QualityEntry): Promise<{ id: number; ts: number }> {
  const shift = await shiftOf(oee, machine, e.at)
  const field = 'date' in e.at ? 'date' : 'ts'
  if (shift.shift.start > now) {
    throw errors.invalidRequest([{ field, reason: `shift "${shift.shift.shift}" of ${shift.shift.date} has not started yet (${new Date(shift.shift.start).toISOString()}): scrap and rework are entered for parts made` }])
  }
  const f = shift.figures
  if (f.parts_known && f.scrap + f.rework + e.scrap + e.rework > f.total_parts) {
    throw errors.invalidRequest([{ field: e.scrap > 0 ? 'scrap' : 'rework', reason: `shift "${shift.shift.shift}" of ${shift.shift.date} counted ${f.total_parts} parts and has ${f.scrap} scrap and ${f.rework} rework already; ${e.scrap} scrap and ${e.rework} rework more would exceed the parts made` }])
  }
  const ts = 'date' in e.at ? shift.shift.start : e.at.ts
  const id = await oee.enterQuality({ machineId: machine.id, ts, scrap: e.scrap, rework: e.rework, program: e.program, note: e.note, enteredBy: e.by })
  return { id, ts }
}

async function shiftOf(oee: OeeService, machine: { id: string; plant: string | null }, at: QualityEntry['at']): Promise<ShiftFigures> {
  if ('date' in at) {
    const day = await oee.machineDay(machine.id, at.date)
    const shift = day?.shifts.find((x) => x.shift.shift === at.shift)
    if (!shift) throw errors.unknownShiftInBody(at.shift, at.date, machine.id, day?.shifts.map((x) => x.shift.shift) ?? [])
    return shift
  }
  // The shift the instant falls in: it starts that local day or the day before (a night shift).
  const local = localDateOf(at.ts, oee.setup.calendar(machine.plant).timeZone)
  let shift: ShiftFigures | undefined
  for (const d of [local, addDays(local, -1)]) shift ??= (await oee.machineDay(machine.id, d))?.shifts.find((x) => x.shift.start <= at.ts && at.ts < x.shift.end)
  if (!shift) throw errors.invalidRequest([{ field: 'ts', reason: `${new Date(at.ts).toISOString()} is in no shift of ${machine.id}'s calendar: scrap and rework belong to the parts of a shift` }])
  return shift
}
