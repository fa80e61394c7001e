// The OEE figures of a window and their roll-up. Both a single window (oeeForWindow) and a
// roll-up derive their factors from the same additive sums through `figuresFromSums`, so
// a day rolled up from its shifts and the same day computed in one go cannot disagree
// (OEE.md: "sum the times and counts, then divide; never average percentages").

export type OeeFlagCode =
  | 'performance_over_100'
  | 'performance_partial'
  | 'no_part_counter'
  | 'parts_from_cycles'
  | 'missing_ideal_cycle'
  | 'low_coverage'
  | 'counter_reset'
  | 'scrap_exceeds_parts'
  | 'parts_without_run_time'
  | 'running_in_planned_downtime'
  | 'overlapping_spans'

export interface OeeFlag {
  code: OeeFlagCode
  message: string
  program?: string
}

/**
 * Which factors `oee` multiplies. Partial values are the product of the known factors and
 * must be shown with this label; a factor that is unknown is null, never 1.
 */
export type OeeBasis = 'A×P×Q' | 'A×Q (partial)' | 'none'

/** The additive part of the figures: every field sums across windows, machines and plants. */
export interface OeeSums {
  /** Calendar time utilization and TEEP are measured against (a shift, or a local day). */
  calendar_s: number
  /** Shift time (ISO 22400 planned operation time). */
  planned_operation_s: number
  /** Scheduled downtime inside the shifts: breaks, maintenance, meetings. */
  planned_downtime_s: number
  /** Stops coded with a planned reason, outside scheduled downtime. */
  planned_stop_s: number
  /** PBT = planned_operation_s − planned_downtime_s − planned_stop_s. */
  planned_busy_s: number
  /** Time in `running` inside PBT. */
  run_s: number
  /** Stops shorter than the microstop threshold inside PBT: a performance loss. */
  microstop_s: number
  /** run_s + microstop_s: the operating time (APT) that A's numerator and P's denominator use. */
  operating_s: number
  /** stopped_s + idle_s: stops at or above the threshold, the availability loss. */
  availability_loss_s: number
  stopped_s: number
  idle_s: number
  /** Offline or uncovered by any state inside PBT; out of A altogether. */
  no_data_s: number
  /** Running during scheduled downtime (a break worked through): counted neither way. */
  running_in_planned_downtime_s: number
  /** Running in the window but outside the shifts (unscheduled work), for information. */
  running_outside_shifts_s: number
  /** Parts counted; 0 when nothing counts parts (see parts_known). */
  total_parts: number
  scrap: number
  rework: number
  /** max(0, total − scrap − rework) per window. */
  good_parts: number
  /** True when total_parts is a real count (counter, derived cycles, or entered by hand). */
  parts_known: boolean
  /** Σ over programs with a known ideal cycle time of ideal × parts, seconds. */
  ideal_s: number
  /** P's numerator and denominator, over the windows whose P is known (0 elsewhere). */
  p_ideal_s: number
  p_operating_s: number
  /** Stops at or above the microstop threshold inside PBT (the events of MTBF/MTTR). */
  stop_count: number
  microstop_count: number
  counter_resets: number
  /** Availability loss per reason code of the operator's coding; 'uncoded' for the rest. */
  unplanned_loss_by_reason_s: Record<string, number>
  /** planned_stop_s per reason code. */
  planned_stop_by_reason_s: Record<string, number>
}

export interface OeeFigures extends OeeSums {
  /** operating / (PBT − no data); null when no PBT is covered by data. */
  availability: number | null
  /** Σ ideal × parts / operating; may exceed 1 (stored raw). */
  performance_raw: number | null
  /** performance_raw capped at 1, for display and for oee. */
  performance: number | null
  /** good / total parts; null without parts. */
  quality: number | null
  /**
   * The product of the factors named by `basis` (with P capped); null when basis is 'none'.
   * Exactly 0 with basis A×P×Q when covered planned time made no part (A = 0 or P = 0),
   * although the unknown factor stays null.
   */
  oee: number | null
  basis: OeeBasis
  /** 1 − no_data / PBT; null without PBT. */
  coverage: number | null
  /** run / (calendar − no data). */
  utilization: number | null
  /** oee × (PBT − no data) / (calendar − no data); labelled by `basis` like oee. */
  teep: number | null
  /** operating time / stop_count. */
  mtbf_s: number | null
  /** availability loss / stop_count. */
  mttr_s: number | null
  flags: OeeFlag[]
}

export const DEFAULT_MIN_COVERAGE = 0.9

/** Flags recomputed from the sums every time; the others are carried from the members. */
const DERIVED_FLAGS: readonly OeeFlagCode[] = ['low_coverage', 'performance_partial']

/** How far above 1 a ratio of summed times may be from round-off alone. */
export const ROUND_OFF = 1e-9

/**
 * Times are sums of seconds from milliseconds: a machine running the whole covered time can
 * come out at 1.0000000000000002. Such round-off is taken back to 1; a real excess (a bug in
 * the buckets) stays visible.
 */
function withoutRoundOff(ratio: number): number {
  return ratio > 1 && ratio - 1 < ROUND_OFF ? 1 : ratio
}

export function figuresFromSums(sums: OeeSums, memberFlags: readonly OeeFlag[], minCoverage = DEFAULT_MIN_COVERAGE): OeeFigures {
  const covered = sums.planned_busy_s - sums.no_data_s
  const availability = covered > 0 ? withoutRoundOff(sums.operating_s / covered) : null
  const performanceRaw = sums.p_operating_s > 0 ? sums.p_ideal_s / sums.p_operating_s : null
  const performance = performanceRaw === null ? null : Math.min(1, performanceRaw)
  const quality = sums.total_parts > 0 ? sums.good_parts / sums.total_parts : null

  let basis: OeeBasis = 'none'
  let oee: number | null = null
  if (availability !== null && performance !== null && quality !== null) [basis, oee] = ['A×P×Q', availability * performance * quality]
  else if (availability !== null && sums.total_parts === 0 && (availability === 0 || performance === 0)) {
    // Covered planned time that made nothing: never operated (A = 0), or operated without a
    // part (P = 0). OEE = Σ ideal × good / covered PBT is exactly 0 whatever the unknown
    // factor would be, so it is the full figure, not a partial one. (Parts counted with no
    // operating time give A×Q (partial), flagged parts_without_run_time: the data disagrees.)
    // Q unknown with P known cannot otherwise happen (P > 0 needs parts): no 'A×P' basis.
    basis = 'A×P×Q'
    oee = 0
  } else if (availability !== null && quality !== null) [basis, oee] = ['A×Q (partial)', availability * quality]

  const coverage = sums.planned_busy_s > 0 ? 1 - sums.no_data_s / sums.planned_busy_s : null
  // Utilization and TEEP leave time without data out of the calendar, as A and OEE leave it
  // out of the planned busy time: all describe the covered part, so TEEP ≤ OEE's share of it
  // and a first hour of data is not judged against a day the server did not see.
  const coveredCalendar = sums.calendar_s - sums.no_data_s
  const flags = dedupe(memberFlags.filter((f) => !DERIVED_FLAGS.includes(f.code)))
  if (coverage !== null && coverage < minCoverage) {
    flags.push({ code: 'low_coverage', message: `data covers ${pct(coverage)} of the planned busy time (${Math.round(sums.no_data_s)} s without data); A, P and OEE describe the covered part only` })
  }
  const unknownP = sums.operating_s - sums.p_operating_s
  if (sums.p_operating_s > 0 && unknownP > 1e-6) {
    // A roll-up whose members do not all know P (no ideal cycle, no part counter): P is
    // Σ ideal / Σ operating over the members that know it, numerator and denominator from
    // the same members, never a blend with a guessed 100%. The flag says how much
    // operating time that P stands for.
    flags.push({ code: 'performance_partial', message: `performance covers ${pct(sums.p_operating_s / sums.operating_s)} of the operating time; the rest has no ideal cycle time or no part count` })
  }
  return {
    ...sums,
    availability,
    performance_raw: performanceRaw,
    performance,
    quality,
    oee,
    basis,
    coverage,
    utilization: coveredCalendar > 0 ? sums.run_s / coveredCalendar : null,
    teep: oee !== null && coveredCalendar > 0 ? (oee * covered) / coveredCalendar : null,
    mtbf_s: sums.stop_count > 0 ? sums.operating_s / sums.stop_count : null,
    mttr_s: sums.stop_count > 0 ? sums.availability_loss_s / sums.stop_count : null,
    flags,
  }
}

const SUMMED: readonly (keyof OeeSums)[] = [
  'calendar_s', 'planned_operation_s', 'planned_downtime_s', 'planned_stop_s', 'planned_busy_s', 'run_s', 'microstop_s',
  'operating_s', 'availability_loss_s', 'stopped_s', 'idle_s', 'no_data_s', 'running_in_planned_downtime_s',
  'running_outside_shifts_s', 'total_parts', 'scrap', 'rework', 'good_parts', 'ideal_s', 'p_ideal_s', 'p_operating_s',
  'stop_count', 'microstop_count', 'counter_resets',
]

export function emptySums(): OeeSums {
  const sums = Object.fromEntries(SUMMED.map((k) => [k, 0])) as unknown as OeeSums
  return { ...sums, parts_known: false, unplanned_loss_by_reason_s: {}, planned_stop_by_reason_s: {} }
}

/**
 * Shift → day → period, machine → plant → fleet: sums the times and counts, then divides.
 * Never averages percentages. Q is Σ good / Σ total over the members that count parts; P
 * is explained in figuresFromSums. Member flags are kept once per (code, program); low
 * coverage and partial performance are judged again on the sums.
 */
export function rollUp(figures: readonly OeeFigures[], options: { minCoverage?: number } = {}): OeeFigures {
  const sums = emptySums()
  const numeric = sums as unknown as Record<string, number>
  for (const f of figures) {
    for (const key of SUMMED) numeric[key] = (numeric[key] ?? 0) + (f[key] as number)
    sums.parts_known ||= f.parts_known
    addInto(sums.unplanned_loss_by_reason_s, f.unplanned_loss_by_reason_s)
    addInto(sums.planned_stop_by_reason_s, f.planned_stop_by_reason_s)
  }
  return figuresFromSums(sums, figures.flatMap((f) => f.flags), options.minCoverage)
}

function addInto(target: Record<string, number>, source: Readonly<Record<string, number>>): void {
  for (const [key, value] of Object.entries(source)) target[key] = (target[key] ?? 0) + value
}

function dedupe(flags: readonly OeeFlag[]): OeeFlag[] {
  const seen = new Set<string>()
  return flags.filter((f) => {
    const key = `${f.code}\u0000${f.program ?? ''}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export function pct(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`
}
