// Which resolution a history read uses. `auto` picks the finest that yields at most
// MAX_POINTS points, so a chart never gets more than it can draw.
export const RESOLUTIONS = ['raw', '5m', '1h', '1d'] as const
export type Resolution = (typeof RESOLUTIONS)[number]
export type AggregateResolution = Exclude<Resolution, 'raw'>

export const MAX_POINTS = 2000

export const BUCKET_MS: Record<AggregateResolution, number> = {
  '5m': 5 * 60_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
}

/** Buckets touched by [from, to) at a given width, counting partial buckets at both ends. */
export function bucketCount(fromMs: number, toMs: number, widthMs: number): number {
  if (toMs <= fromMs) return 0
  return Math.floor((toMs - 1) / widthMs) - Math.floor(fromMs / widthMs) + 1
}

/** `rawCount` is the number of raw samples in range, counted up to MAX_POINTS + 1. */
export function chooseResolution(fromMs: number, toMs: number, rawCount: number): Resolution {
  if (rawCount <= MAX_POINTS) return 'raw'
  for (const r of ['5m', '1h'] as const) {
    if (bucketCount(fromMs, toMs, BUCKET_MS[r]) <= MAX_POINTS) return r
  }
  return '1d'
}
