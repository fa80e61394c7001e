// One observation of one data item, as the agent stores and serves it.

/** The literal every MTConnect value may take: "unknown", never zero. */
export const UNAVAILABLE = 'UNAVAILABLE'

export type ConditionLevel = 'NORMAL' | 'WARNING' | 'FAULT' | 'UNAVAILABLE'
export const CONDITION_LEVELS: readonly ConditionLevel[] = ['NORMAL', 'WARNING', 'FAULT', 'UNAVAILABLE']

export interface Observation {
  dataItemId: string
  /** Epoch milliseconds: the machine-side time (it carries the simulated clock skew). */
  timestamp: number
  /** The value of an event or sample; for a condition, its text ('' when it has none). */
  value: string
  /** Set exactly for condition data items. */
  level?: ConditionLevel
  /** Conditions and MESSAGE events. */
  nativeCode?: string
  nativeSeverity?: string
  qualifier?: string
}

export interface StoredObservation extends Observation {
  sequence: number
}

export function sameContent(a: Observation, b: Observation): boolean {
  return a.value === b.value && a.level === b.level && a.nativeCode === b.nativeCode && a.nativeSeverity === b.nativeSeverity && a.qualifier === b.qualifier
}

/**
 * The latest state of every data item: one observation each, except conditions, which keep
 * every active Warning/Fault by nativeCode (MTConnect Part 2, Condition: several alarms can be
 * active at once; a Normal with a nativeCode clears that one, a Normal without clears all).
 */
export class LatestValues {
  private readonly byItem = new Map<string, StoredObservation[]>()

  apply(o: StoredObservation): void {
    if (o.level === undefined || o.level === 'UNAVAILABLE') {
      this.byItem.set(o.dataItemId, [o])
      return
    }
    const active = (this.byItem.get(o.dataItemId) ?? []).filter((c) => c.level === 'WARNING' || c.level === 'FAULT')
    if (o.level === 'NORMAL') {
      const left = o.nativeCode ? active.filter((c) => c.nativeCode !== o.nativeCode) : []
      this.byItem.set(o.dataItemId, left.length > 0 ? left : [o])
      return
    }
    this.byItem.set(o.dataItemId, [...active.filter((c) => c.nativeCode !== o.nativeCode), o])
  }

  /** True when storing `o` would change nothing: the agent drops such repeats (cppagent's duplicate filter). */
  isDuplicate(o: Observation): boolean {
    const current = this.byItem.get(o.dataItemId)
    if (!current) return false
    if (o.level === undefined || o.level === 'UNAVAILABLE' || (o.level === 'NORMAL' && !o.nativeCode)) {
      return current.length === 1 && sameContent(current[0] as Observation, o)
    }
    if (o.level === 'NORMAL') {
      // Clearing one alarm by code: a repeat unless that alarm is active or the item is unknown.
      return !current.some((c) => c.level === 'UNAVAILABLE' || (c.level !== 'NORMAL' && c.nativeCode === o.nativeCode))
    }
    return current.some((c) => c.nativeCode === o.nativeCode && sameContent(c, o))
  }

  get(dataItemId: string): readonly StoredObservation[] {
    return this.byItem.get(dataItemId) ?? []
  }

  all(): StoredObservation[] {
    return [...this.byItem.values()].flat()
  }

  clone(): LatestValues {
    const copy = new LatestValues()
    for (const [id, list] of this.byItem) copy.byItem.set(id, [...list])
    return copy
  }
}
