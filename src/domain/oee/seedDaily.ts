// The seed's oee_daily row (ROADMAP.md G8, oee_daily.sql) from our figures, for the columns of
// that name and the API's answer: minutes and parts as whole numbers, unknown as null.
import type { OeeFigures } from './oeeFigures.js'

export interface SeedOeeDaily {
  /** Planned production time: the planned busy time (shifts less breaks and planned stops). */
  planned_time_min: number
  /** Operating time: running, plus microstops (a performance loss, not availability). */
  operating_time_min: number
  /** Parts made; null when nothing counts parts. */
  actual_parts: number | null
  /** What the operating time makes at the ideal cycle times: actual_parts / performance (uncapped); null when P is unknown or 0. */
  theoretical_parts: number | null
  good_parts: number | null
  availability: number | null
  performance: number | null
  quality: number | null
  oee: number | null
}

export function seedDaily(f: OeeFigures): SeedOeeDaily {
  const parts = f.parts_known ? f.total_parts : null
  return {
    planned_time_min: Math.round(f.planned_busy_s / 60),
    operating_time_min: Math.round(f.operating_s / 60),
    actual_parts: parts,
    theoretical_parts: parts !== null && f.performance_raw !== null && f.performance_raw > 0 ? Math.round(parts / f.performance_raw) : null,
    good_parts: f.parts_known ? f.good_parts : null,
    availability: f.availability,
    performance: f.performance,
    quality: f.quality,
    oee: f.oee,
  }
}
