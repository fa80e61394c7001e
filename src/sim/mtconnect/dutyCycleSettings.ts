// The knobs of a simulated machine's day, with defaults that make a live dashboard move within
// a minute: short cycles, a few parts per job, now and then a feed hold, an alarm, an e-stop,
// a power cycle. Times in seconds, chances per part (per job for power-off).

export type Range = readonly [min: number, max: number]

export interface DutyCycleSettings {
  /** Cutting time of one part. */
  cycleSeconds: Range
  partsPerJob: Range
  /** Unloading/loading between two parts (Execution PROGRAM_COMPLETED, then READY). */
  loadSeconds: Range
  /** Setup between jobs (ControllerMode MANUAL, Execution READY). */
  changeoverSeconds: Range
  /** Idle after power-on before the first job. */
  bootIdleSeconds: Range
  feedHoldChance: number
  feedHoldSeconds: Range
  alarmChance: number
  alarmSeconds: Range
  warningChance: number
  estopChance: number
  estopSeconds: Range
  powerOffChance: number
  powerOffSeconds: Range
  /** Chance that PartCount restarts at 0 when a job starts (real counters are reset by operators). */
  partCountResetChance: number
  spindleRpm: Range
  /** Programmed feed in mm/min (served as mm/s, see simDeviceModel). */
  feedMmPerMin: Range
}

export const DEFAULT_DUTY_CYCLE: DutyCycleSettings = {
  cycleSeconds: [20, 90],
  partsPerJob: [2, 6],
  loadSeconds: [4, 10],
  changeoverSeconds: [15, 60],
  bootIdleSeconds: [2, 6],
  feedHoldChance: 0.08,
  feedHoldSeconds: [5, 20],
  alarmChance: 0.05,
  alarmSeconds: [20, 90],
  warningChance: 0.06,
  estopChance: 0.015,
  estopSeconds: [10, 40],
  powerOffChance: 0.04,
  powerOffSeconds: [30, 120],
  partCountResetChance: 0.1,
  spindleRpm: [800, 8000],
  feedMmPerMin: [150, 3000],
}

const CHANCES = ['feedHoldChance', 'alarmChance', 'warningChance', 'estopChance', 'powerOffChance', 'partCountResetChance'] as const

/** Fills in defaults and rejects impossible knobs, naming the field. */
export function resolveDutyCycle(partial: Partial<DutyCycleSettings> = {}): DutyCycleSettings {
  const settings: DutyCycleSettings = { ...DEFAULT_DUTY_CYCLE, ...partial }
  for (const [field, value] of Object.entries(settings)) {
    if ((CHANCES as readonly string[]).includes(field)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Error(`duty cycle: ${field} must be a probability between 0 and 1, got ${JSON.stringify(value)}`)
      continue
    }
    const ok = Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0) && value[0] <= value[1]
    if (!ok) throw new Error(`duty cycle: ${field} must be [min, max] with 0 ≤ min ≤ max, got ${JSON.stringify(value)}`)
  }
  if (settings.cycleSeconds[0] <= 0) throw new Error('duty cycle: cycleSeconds must be above 0')
  if (settings.partsPerJob[0] < 1) throw new Error('duty cycle: partsPerJob must be at least 1')
  return settings
}
