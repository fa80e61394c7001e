// Half-open time intervals [start, end) in epoch milliseconds, and the set algebra the OEE
// buckets are built from. A "set" is a list of intervals; every function accepts any list
// (unsorted, overlapping, empty members) and returns a normalized one: sorted by start,
// non-empty, and neither overlapping nor touching (touching intervals are merged, so each
// set has exactly one normalized form and equal sets compare deep-equal).

export interface Interval {
  start: number
  end: number
}

/** Sorted, merged (overlapping or touching), empty and inverted intervals dropped. */
export function normalize(xs: readonly Interval[]): Interval[] {
  const sorted = xs.filter((x) => x.end > x.start).sort((a, b) => a.start - b.start)
  const out: Interval[] = []
  for (const x of sorted) {
    const last = out[out.length - 1]
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end)
    else out.push({ start: x.start, end: x.end })
  }
  return out
}

export function union(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  return normalize([...a, ...b])
}

export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const x = normalize(a)
  const y = normalize(b)
  const out: Interval[] = []
  let i = 0
  let j = 0
  while (i < x.length && j < y.length) {
    const p = x[i] as Interval
    const q = y[j] as Interval
    const start = Math.max(p.start, q.start)
    const end = Math.min(p.end, q.end)
    if (end > start) out.push({ start, end })
    if (p.end < q.end) i++
    else j++
  }
  return out
}

/** a − b: the parts of a not covered by b. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const y = normalize(b)
  const out: Interval[] = []
  let j = 0
  for (const p of normalize(a)) {
    let start = p.start
    while (j < y.length && (y[j] as Interval).end <= start) j++
    let k = j
    while (k < y.length && (y[k] as Interval).start < p.end) {
      const q = y[k] as Interval
      if (q.start > start) out.push({ start, end: q.start })
      start = Math.max(start, q.end)
      k++
    }
    if (p.end > start) out.push({ start, end: p.end })
  }
  return out
}

/** Measure of the set: overlapping members are counted once. */
export function totalMs(xs: readonly Interval[]): number {
  let sum = 0
  for (const x of normalize(xs)) sum += x.end - x.start
  return sum
}

/** The set cut to a window. */
export function clip(xs: readonly Interval[], window: Interval): Interval[] {
  return intersect(xs, [window])
}

/**
 * Cuts each member to the window and keeps its other fields (a state, a reason); members
 * are not merged, so this is for typed spans rather than sets.
 */
export function clipEach<T extends Interval>(xs: readonly T[], window: Interval): T[] {
  const out: T[] = []
  for (const x of xs) {
    const start = Math.max(x.start, window.start)
    const end = Math.min(x.end, window.end)
    if (end > start) out.push({ ...x, start, end })
  }
  return out
}

/** True when the two sets share time of positive length. */
export function overlaps(a: Interval, b: Interval): boolean {
  return Math.min(a.end, b.end) > Math.max(a.start, b.start)
}

/** The smallest interval covering every member, undefined for an empty set. */
export function hull(xs: readonly Interval[]): Interval | undefined {
  const n = normalize(xs)
  const first = n[0]
  const last = n[n.length - 1]
  return first && last ? { start: first.start, end: last.end } : undefined
}
