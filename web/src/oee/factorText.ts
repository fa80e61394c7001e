// How a factor is told on screen: its value, or why it is unknown, and what a partial OEE
// multiplies. OEE.md: never show a partial OEE without its label, never an unknown as 100%.
import type { Basis, OeeFigures, OeeFlag } from './oeeApi'

export type Factor = 'oee' | 'availability' | 'performance' | 'quality'

export const FACTOR_NAME: Record<Factor, string> = { oee: 'OEE', availability: 'Availability', performance: 'Performance', quality: 'Quality' }
export const FACTOR_LETTER: Record<Factor, string> = { oee: 'OEE', availability: 'A', performance: 'P', quality: 'Q' }

/** The label to show beside a value computed from fewer than the three factors, or none. */
export function basisLabel(basis: Basis): string | undefined {
  if (basis === 'A×P×Q') return undefined
  if (basis === 'none') return 'not computable'
  return basis
}

const has = (flags: readonly OeeFlag[], code: string) => flags.some((f) => f.code === code)

/** Why a factor is null, in words a plant manager can act on. */
export function unknownReason(factor: Factor, f: OeeFigures): string {
  if (factor === 'availability' || (factor === 'oee' && f.availability === null)) {
    if (f.planned_busy_s === 0) return 'no planned time in this period (no shift, or all planned downtime)'
    return 'no data during the planned time (machine offline or not sending)'
  }
  if (factor === 'performance') {
    const missing = f.flags.filter((x) => x.code === 'missing_ideal_cycle').map((x) => x.program ?? '?')
    if (missing.length > 0) return `no ideal cycle time for ${missing.join(', ')} (oee.yaml ideal_cycles)`
    if (has(f.flags, 'no_part_counter')) return 'no part counter and no program completions'
    if (has(f.flags, 'parts_without_run_time')) return 'parts counted without running time'
    return 'no parts or no operating time to judge it by'
  }
  if (factor === 'quality') return has(f.flags, 'no_part_counter') ? 'no part counter: no parts to judge' : 'no parts counted'
  if (f.performance === null && f.quality !== null) return `performance is unknown: ${unknownReason('performance', f)}`
  if (f.quality === null && f.performance !== null) return `quality is unknown: ${unknownReason('quality', f)}`
  return 'performance and quality are both unknown (see below)'
}

/** Programs whose ideal cycle time looks too slow (performance above 100%). */
export function slowIdealPrograms(f: OeeFigures): string[] {
  return [...new Set(f.flags.filter((x) => x.code === 'performance_over_100').map((x) => x.program ?? '(no program)'))]
}

export const FLAG_TITLE: Record<string, string> = {
  performance_over_100: 'Performance above 100%',
  performance_partial: 'Performance from part of the time',
  no_part_counter: 'No part counter',
  parts_from_cycles: 'Parts from program completions',
  missing_ideal_cycle: 'Missing ideal cycle time',
  low_coverage: 'Low data coverage',
  counter_reset: 'Part counter reset',
  scrap_exceeds_parts: 'Scrap exceeds parts',
  parts_without_run_time: 'Parts without run time',
  running_in_planned_downtime: 'Ran during planned downtime',
  overlapping_spans: 'Overlapping data',
}

export interface FlagGroup {
  code: string
  title: string
  programs: string[]
  messages: string[]
}

/**
 * A period's roll-up keeps every member's flag once per (code, program): over a month that
 * can be dozens of lines. One line per code, naming the programs, the messages behind it.
 */
export function groupFlags(flags: readonly OeeFlag[]): FlagGroup[] {
  const groups = new Map<string, FlagGroup>()
  for (const f of flags) {
    const g = groups.get(f.code) ?? { code: f.code, title: FLAG_TITLE[f.code] ?? f.code, programs: [], messages: [] }
    if (f.program !== undefined && !g.programs.includes(f.program)) g.programs.push(f.program)
    if (!g.messages.includes(f.message)) g.messages.push(f.message)
    groups.set(f.code, g)
  }
  return [...groups.values()]
}
