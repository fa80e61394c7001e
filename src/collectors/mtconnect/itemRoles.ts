// Chooses, in a probed device model, which data item feeds which field of our sample, and how
// its values convert. Pure. Classification is by type + subType + units, never type alone:
// pre-1.3 agents send overrides as PathFeedrate/SpindleSpeed with units PERCENT (MTCONNECT.md).
import type { DataItem, DeviceModel } from './documents.js'

export const MAPPED_FIELDS = ['availability', 'execution', 'mode', 'emergency_stop', 'rpm', 'feed', 'part_count', 'program'] as const
export type MappedField = (typeof MAPPED_FIELDS)[number]

export interface ItemOverrides {
  /** A data item id or name per field, when the choice by type is wrong for a machine. */
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

/** mm/min per unit of each feed unit MTConnect defines. */
export const FEED_UNITS_TO_MM_MIN: Readonly<Record<string, number>> = {
  'MILLIMETER/SECOND': 60,
  'MILLIMETER/MINUTE': 1,
  'INCH/MINUTE': 25.4,
  'FOOT/MINUTE': 304.8,
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
    const item = wanted !== undefined ? device.dataItems.find((i) => i.id === wanted) ?? device.dataItems.find((i) => i.name === wanted) : best(device.dataItems, CANDIDATES[field])
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
