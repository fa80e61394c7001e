// The hour × day heatmap's rows: one per date, 24 columns for the local clock hours 00–23.
// Entries are placed by their `hour`, never by their index: on the day clocks go forward a
// date has 23 entries and one hour has none; on the day they go back it has 25 and one
// hour comes twice, drawn as two halves of its cell (docs/oee.md, DST).
import { cellView, type CellView } from './heatmapScale'
import type { HourFigures, MachineHours } from './oeeApi'
import { datesBetween } from './oeeFilters'

export type SlotState = 'one' | 'repeated' | 'skipped' | 'future' | 'none'

export interface HourSlot {
  hour: number
  /** One part per occurrence of the hour: none, one, or two (repeated). */
  parts: { figures: HourFigures; view: CellView }[]
  /** 'skipped': clocks went forward over it; 'future': later than the API has figures for (today). */
  state: SlotState
  title: string
}

export interface HourRow {
  date: string
  slots: HourSlot[]
  /** How many hour entries the API gave for this date (23 or 25 on a DST change day). */
  hours: number
  /** The clocks changed on this date. */
  dst: 'forward' | 'back' | undefined
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`
const utcTime = (iso: string) => `${new Date(iso).toISOString().slice(11, 16)} UTC`

const NOTE: Record<SlotState, string> = {
  one: '',
  repeated: 'this hour happened twice (clocks went back); both shown, the first on the left',
  skipped: 'this hour did not exist (clocks went forward)',
  future: 'not yet',
  none: 'no figures',
}

export function hourRows(data: MachineHours): HourRow[] {
  const byDate = new Map(data.days.map((d) => [d.date, d.hours]))
  return datesBetween(data.from, data.to).map((date) => {
    const entries = byDate.get(date) ?? []
    const present = new Set(entries.map((e) => e.hour))
    // Today's hours stop at now: the API lists none after the latest.
    const latest = Math.max(-1, ...entries.map((e) => e.hour))
    const slots: HourSlot[] = Array.from({ length: 24 }, (_, hour) => {
      const here = entries.filter((e) => e.hour === hour).sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      const what = `${data.machine_id}, ${date} ${hh(hour)}`
      const parts = here.map((figures, i) => ({ figures, view: cellView(figures, here.length > 1 ? `${what} (${i === 0 ? 'first' : 'second'} time, from ${utcTime(figures.start)})` : what) }))
      const state: SlotState = here.length === 1 ? 'one'
        : here.length > 1 ? 'repeated'
          : present.has(hour - 1) && present.has(hour + 1) && entries.length === 23 ? 'skipped'
            : entries.length > 0 && hour > latest ? 'future'
              : 'none'
      const title = state === 'one' ? (parts[0]?.view.title ?? what) : [`${what}: ${NOTE[state]}`, ...parts.map((p) => p.view.title)].join('\n')
      return { hour, parts, state, title }
    })
    const dst = slots.some((x) => x.state === 'repeated') ? 'back' : slots.some((x) => x.state === 'skipped') ? 'forward' : undefined
    return { date, slots, hours: entries.length, dst }
  })
}
