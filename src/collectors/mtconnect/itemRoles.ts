// Chooses, in a probed device model, which data item feeds which field of our sample, and how
// its values convert. Pure. Classification is by type + subType + units, never type alone:
// pre-1.3 agents send overrides as PathFeedrate/SpindleSpeed with units PERCENT (MTCONNECT.md).
import { FEED_UNITS_TO_MM_MIN, MAPPED_FIELDS, type MappedField } from '../../domain/machineMapping.js'
import type { ComponentPlace, DataItem, DeviceModel } from './documents.js'

/** `mapping.items.rpm: fastest`: rpm is the fastest of the machine's spindles at each instant. */
export const FASTEST_SPINDLE = 'fastest'

export interface ItemOverrides {
  /** A data item id or name per field, when the choice by type is wrong for a machine (rpm: also FASTEST_SPINDLE). */
  items?: Partial<Record<MappedField, string>>
  /** Units the feed item's values really are in, when the agent declares the wrong ones. */
  feedUnits?: string
}

export interface ItemRoles {
  /** dataItemId → field it feeds. */
  fields: Map<string, MappedField>
  /** Multiply the feed item's value by this to get mm/min. */
  feedFactor: number
  /** Ids of every condition item (alarms). */
  conditions: Set<string>
  /** Problems worth showing (e.g. no Execution item: no state). */
  warnings: string[]
}

const SPEED_UNITS = new Set(['REVOLUTION/MINUTE'])

interface Candidate {
  types: string[]
  /** Lower is better; undefined excludes the item. */
  rank(item: DataItem): number | undefined
}

// ACTUAL before no subType before the commanded/programmed values; OVERRIDE/PERCENT never.
const SUBTYPE_RANK: Record<string, number> = { ACTUAL: 0, '': 1, COMMANDED: 2, PROGRAMMED: 3 }

const byEventType = (...types: string[]): Candidate => ({ types, rank: (i) => (i.category === 'EVENT' ? 0 : undefined) })

const CANDIDATES: Record<MappedField, Candidate> = {
  availability: byEventType('AVAILABILITY'),
  execution: byEventType('EXECUTION'),
  mode: byEventType('CONTROLLER_MODE'),
  emergency_stop: byEventType('EMERGENCY_STOP'),
  // RotaryVelocity since 1.3; SpindleSpeed before it (MTConnect 1.3 deprecated it).
  rpm: {
    types: ['ROTARY_VELOCITY', 'SPINDLE_SPEED'],
    rank: (i) => {
      if (i.category !== 'SAMPLE' || (i.units !== undefined && !SPEED_UNITS.has(i.units))) return undefined
      const sub = SUBTYPE_RANK[i.subType ?? '']
      return sub === undefined ? undefined : sub * 2 + (i.type === 'ROTARY_VELOCITY' ? 0 : 1)
    },
  },
  feed: {
    types: ['PATH_FEEDRATE'],
    rank: (i) => {
      if (i.category !== 'SAMPLE' || i.units === undefined || !(i.units in FEED_UNITS_TO_MM_MIN)) return undefined
      return SUBTYPE_RANK[i.subType ?? '']
    },
  },
  // 2.x adds subTypes; ALL (or none) is the machine's own counter, GOOD next; BAD, TARGET,
  // REMAINING are not "parts made".
  part_count: { types: ['PART_COUNT'], rank: (i) => ({ '': 0, ALL: 0, GOOD: 1 } as Record<string, number>)[i.subType ?? ''] },
  program: { types: ['PROGRAM'], rank: (i) => ({ '': 0, MAIN: 0, ACTIVE: 1 } as Record<string, number>)[i.subType ?? ''] },
}

export function chooseItemRoles(device: DeviceModel, overrides: ItemOverrides = {}): ItemRoles {
  const fields = new Map<string, MappedField>()
  const warnings: string[] = []
  const chosen: Partial<Record<MappedField, DataItem>> = {}
  for (const field of MAPPED_FIELDS) {
    const wanted = overrides.items?.[field]
    if (field === 'rpm' && wanted === FASTEST_SPINDLE && !device.dataItems.some((i) => i.id === wanted || i.name === wanted)) {
      const speeds = everySpindleSpeed(device, chosen.execution)
      if (speeds.length === 0) warnings.push(`mapping.items.rpm: fastest: the device ${device.name} has no spindle speed item`)
      for (const speed of speeds) fields.set(speed.id, 'rpm')
      chosen.rpm = speeds[0]
      continue
    }
    const item = wanted !== undefined
      ? device.dataItems.find((i) => i.id === wanted) ?? device.dataItems.find((i) => i.name === wanted)
      // MAPPED_FIELDS lists execution before rpm: the main spindle is found from it.
      : field === 'rpm' ? mainSpindleSpeed(device, chosen.execution, warnings) : best(device.dataItems, CANDIDATES[field])
    if (wanted !== undefined && !item) {
      warnings.push(`mapping.items.${field}: the device ${device.name} has no data item with id or name "${wanted}"`)
      continue
    }
    if (!item) continue
    chosen[field] = item
    fields.set(item.id, field)
  }
  if (!chosen.execution) warnings.push(`device ${device.name} has no Execution data item: its state cannot be derived`)
  let feedFactor = 1
  const feed = chosen.feed
  if (feed) {
    const units = overrides.feedUnits ?? feed.units ?? 'MILLIMETER/SECOND'
    const factor = FEED_UNITS_TO_MM_MIN[units]
    if (factor === undefined) warnings.push(`feed units "${units}" unknown; accepted: ${Object.keys(FEED_UNITS_TO_MM_MIN).join(', ')}`)
    else feedFactor = factor
  }
  const conditions = new Set(device.dataItems.filter((i) => i.category === 'CONDITION').map((i) => i.id))
  return { fields, feedFactor, conditions, warnings }
}

function best(items: readonly DataItem[], candidate: Candidate): DataItem | undefined {
  let found: DataItem | undefined
  let foundRank = Infinity
  for (const item of items) {
    if (!candidate.types.includes(item.type)) continue
    const rank = candidate.rank(item)
    // Strictly better only: among equals the first in document order (the main path/spindle).
    if (rank !== undefined && rank < foundRank) {
      found = item
      foundRank = rank
    }
  }
  return found
}

// Which spindle feeds rpm. A multitasking lathe has several: the demo Okuma (MULT_U3000)
// declares C1 "Main Spindle", C2 "Second Spindle" and C6, the milling spindle of turret A, each
// with its ACTUAL RotaryVelocity, all under Axes; its Execution sits on the Controller and
// nothing links the two. The speed item's subType still decides first (a measured speed is
// never traded for a commanded one); among equals the main spindle's, by where it sits:
//   0. pointed at by the References (ComponentRef, DataItemRef; MTConnect Part 2 "References")
//      of the Execution item's component or a component above it: the model says so;
//   1. inside the Execution item's component: a spindle modelled under its Path;
//   2. in a spindle: a Spindle (the component 1.1 deprecated for a Rotary with a RotaryMode),
//      a component named like one, or a Rotary whose RotaryMode may be SPINDLE;
//   3. anywhere else (a speed item of the Device itself);
//   4. in a Rotary whose RotaryMode is constrained to INDEX or CONTOUR: a positioning axis (a
//      rotary table, a C axis), not a spindle.
// Then the first in document order, which was the whole rule before: on the Okuma this is
// still S1speed on C1, its main spindle, and nothing in the model tells which spindle cuts
// (while hobbing C6 turns the hob at ~600 rpm and C1 the part at ~13; the 4B program turns
// C2 while C1 stands). So when the order alone chose among several spindles a warning says
// so and names them: `mapping.items.rpm` makes another one the machine's rpm.
const PLACE = { referenced: 0, underExecution: 1, spindle: 2, elsewhere: 3, positioningAxis: 4 } as const
type Place = (typeof PLACE)[keyof typeof PLACE]

function mainSpindleSpeed(device: DeviceModel, execution: DataItem | undefined, warnings: string[]): DataItem | undefined {
  const placeOf = spindlePlaces(device, execution)
  const ranked = device.dataItems.flatMap((item) => {
    const rank = CANDIDATES.rpm.types.includes(item.type) ? CANDIDATES.rpm.rank(item) : undefined
    return rank === undefined ? [] : [{ item, rank, place: placeOf(item) }]
  })
  let found: (typeof ranked)[number] | undefined
  for (const r of ranked) {
    // Strictly better only: among equals the first in document order.
    if (!found || r.rank < found.rank || (r.rank === found.rank && r.place < found.place)) found = r
  }
  if (!found) return undefined
  const { rank, place } = found
  const tied = new Map<string, DataItem>()
  for (const r of ranked) {
    const spindle = ownComponent(r.item)?.id ?? ''
    if (r.rank === rank && r.place === place && !tied.has(spindle)) tied.set(spindle, r.item)
  }
  if (place === PLACE.spindle && tied.size > 1) {
    const named = [...tied.values()].map((i) => `${i.name ?? i.id} on ${describe(ownComponent(i))}`)
    warnings.push(`${tied.size} spindles report a speed (${named.join(', ')}); rpm follows the first, ${named[0]}: set mapping.items.rpm to follow another, or to ${FASTEST_SPINDLE} for the fastest of them`)
  }
  return found.item
}

/**
 * `rpm: fastest`: the speed item of every spindle, of the best subType the device has (ACTUAL
 * where there is one), one per spindle, positioning axes (a Rotary constrained to INDEX or
 * CONTOUR) left out. A machine cutting on any of its spindles then shows that speed.
 */
function everySpindleSpeed(device: DeviceModel, execution: DataItem | undefined): DataItem[] {
  const placeOf = spindlePlaces(device, execution)
  const ranked = device.dataItems.flatMap((item) => {
    const rank = CANDIDATES.rpm.types.includes(item.type) ? CANDIDATES.rpm.rank(item) : undefined
    return rank === undefined || placeOf(item) === PLACE.positioningAxis ? [] : [{ item, rank }]
  })
  const bestRank = Math.min(...ranked.map((r) => r.rank))
  const perSpindle = new Map<string, DataItem>()
  for (const r of ranked) {
    const spindle = ownComponent(r.item)?.id ?? r.item.id
    if (r.rank === bestRank && !perSpindle.has(spindle)) perSpindle.set(spindle, r.item)
  }
  return [...perSpindle.values()]
}

/** Where a speed item sits, as the rule above ranks it. */
function spindlePlaces(device: DeviceModel, execution: DataItem | undefined): (item: DataItem) => Place {
  const executionPath = execution?.components ?? []
  const referenced = new Set(executionPath.flatMap((c) => c.references))
  const executionComponent = executionPath.at(-1)?.id
  // The values each component's RotaryMode may take, when its model constrains them.
  const rotaryModes = new Map<string, string[]>()
  for (const item of device.dataItems) {
    const own = ownComponent(item)
    if (item.type === 'ROTARY_MODE' && own && item.constraintValues) rotaryModes.set(own.id, item.constraintValues)
  }
  const isPositioningAxis = (c: ComponentPlace) => c.element === 'Rotary' && !isSpindleNamed(c) && rotaryModes.get(c.id)?.includes('SPINDLE') === false
  return (item) => {
    const components = item.components ?? []
    if (referenced.has(item.id) || components.some((c) => referenced.has(c.id))) return PLACE.referenced
    // The innermost rotating component decides whether the item belongs to a spindle.
    const rotating = [...components].reverse().find((c) => c.element === 'Rotary' || isSpindleNamed(c))
    if (rotating && isPositioningAxis(rotating)) return PLACE.positioningAxis
    if (executionComponent !== undefined && components.some((c) => c.id === executionComponent)) return PLACE.underExecution
    return rotating ? PLACE.spindle : PLACE.elsewhere
  }
}

const isSpindleNamed = (c: ComponentPlace) => /spindle/i.test(`${c.element} ${c.name ?? ''} ${c.nativeName ?? ''}`)

const ownComponent = (item: DataItem): ComponentPlace | undefined => item.components?.at(-1)

function describe(c: ComponentPlace | undefined): string {
  if (!c) return 'the device'
  const label = c.name ?? c.id
  return c.nativeName && c.nativeName !== label ? `${c.element} ${label} (${c.nativeName})` : `${c.element} ${label}`
}
