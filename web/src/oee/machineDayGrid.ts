// The machine × day heatmap's rows: one per machine (in id order, numbers compared as
// numbers), one cell per date of the period, whether or not the API has figures for it.
import { cellView, type CellView } from './heatmapScale'
import type { MachineDayGrid } from './oeeApi'

export interface MachineRow {
  machineId: string
  plant: string | null
  cells: { date: string; view: CellView }[]
}

export function machineDayRows(grid: MachineDayGrid): MachineRow[] {
  return [...grid.machines]
    .sort((a, b) => a.machine_id.localeCompare(b.machine_id, undefined, { numeric: true }))
    .map((m) => ({
      machineId: m.machine_id,
      plant: m.plant,
      cells: grid.dates.map((date) => ({ date, view: cellView(m.days[date], `${m.machine_id}, ${date}`) })),
    }))
}
