// The OEE setup in effect: oee.yaml (reasons, microstop threshold, ideal cycle times, plant
// calendars) with the calendars edited through the API laid over it. An API edit of a plant
// wins over the file until the file changes again (the file is then the newer word).
import { type OeeConfig, DEFAULT_OEE_CONFIG, calendarForPlant, idealCycleLookup, parseOeeYaml } from '../../config/oeeConfig.js'
import type { PlantCalendar } from '../../domain/oee/calendar.js'

export const DEFAULT_REASONS: OeeConfig['reasons'] = [
  { code: 'changeover', label: 'Changeover / setup', planned: false },
  { code: 'tooling', label: 'Tool change or breakage', planned: false },
  { code: 'material', label: 'Waiting for material', planned: false },
  { code: 'operator', label: 'No operator', planned: false },
  { code: 'breakdown', label: 'Breakdown / repair', planned: false },
  { code: 'quality', label: 'Quality problem', planned: false },
  { code: 'program', label: 'Program / first-part proving', planned: false },
  { code: 'planned_maintenance', label: 'Planned maintenance', planned: true },
  { code: 'no_order', label: 'No order scheduled', planned: true },
  { code: 'meeting', label: 'Meeting / training', planned: true },
]

export interface ApiCalendar {
  plant: string
  /** The request body as sent (oee.yaml's shape of one plant), kept to show it back. */
  source: unknown
  calendar: PlantCalendar
  updatedAt: number
}

export class OeeSetup {
  constructor(
    readonly file: OeeConfig = DEFAULT_OEE_CONFIG,
    readonly fileLoadedAt = 0,
    private readonly edited: ReadonlyMap<string, ApiCalendar> = new Map(),
  ) {}

  withFile(file: OeeConfig, at: number): OeeSetup {
    // The file is newer than every API edit of the plants it names.
    const kept = new Map([...this.edited].filter(([plant]) => !file.plants.some((p) => p.plant === plant)))
    return new OeeSetup(file, at, kept)
  }

  withCalendar(c: ApiCalendar): OeeSetup {
    return new OeeSetup(this.file, this.fileLoadedAt, new Map([...this.edited, [c.plant, c]]))
  }

  get microstopMs(): number {
    return this.file.microstopSeconds * 1000
  }

  /** oee.yaml's reason list, or a starting list when it has none (operators can code stops from day one). */
  get reasons(): OeeConfig['reasons'] {
    return this.file.reasons.length > 0 ? this.file.reasons : DEFAULT_REASONS
  }

  isPlannedReason(code: string): boolean {
    return this.reasons.some((r) => r.code === code && r.planned)
  }

  calendar(plant: string | null | undefined): PlantCalendar {
    return this.edited.get(plant ?? '')?.calendar ?? calendarForPlant(this.file, plant ?? undefined)
  }

  /** Where a plant's calendar comes from, for the API. */
  calendarSource(plant: string): 'api' | 'file' | 'default' {
    if (this.edited.has(plant)) return 'api'
    return this.file.plants.some((p) => p.plant === plant) ? 'file' : 'default'
  }

  plants(): string[] {
    return [...new Set([...this.file.plants.map((p) => p.plant), ...this.edited.keys()])].sort()
  }

  idealCycle(machineId: string, registryS?: number | null): (program: string | undefined) => number | undefined {
    return idealCycleLookup(this.file, machineId, registryS ?? undefined)
  }
}

/**
 * A plant calendar from an API body in oee.yaml's shape of one plant; the oee.yaml parser
 * checks it, so the API and the file accept exactly the same thing (problems name the field).
 */
export function parseCalendarBody(plant: string, body: unknown, reasons: OeeConfig['reasons']): PlantCalendar {
  const text = JSON.stringify({ reasons, plants: [{ ...(body as object), name: plant }] }, null, 2)
  const parsed = parseOeeYaml(text, 'request body')
  const calendar = parsed.plants[0]
  if (!calendar) throw new Error('the calendar did not parse')
  return calendar
}
