// The words of a machine's `mapping:` in machines.yaml: the fields of our sample a data item
// can feed, and the feed units MTConnect defines. Here, below both, because the file's reader
// (config/) checks them and the collectors apply them.

export const MAPPED_FIELDS = ['availability', 'execution', 'mode', 'emergency_stop', 'rpm', 'feed', 'part_count', 'program'] as const
export type MappedField = (typeof MAPPED_FIELDS)[number]

export function isMappedField(key: string): key is MappedField {
  return (MAPPED_FIELDS as readonly string[]).includes(key)
}

/** mm/min per unit of each feed unit MTConnect defines. */
export const FEED_UNITS_TO_MM_MIN: Readonly<Record<string, number>> = {
  'MILLIMETER/SECOND': 60,
  'MILLIMETER/MINUTE': 1,
  'INCH/MINUTE': 25.4,
  'FOOT/MINUTE': 304.8,
}
