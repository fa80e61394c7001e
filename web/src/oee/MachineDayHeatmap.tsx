// Machines × days of the period, each cell coloured by that day's OEE (or A when OEE is
// unknown), its figures in its title. A machine's name selects it for the hour heatmap,
// the stop coding and the cards.
import { useMemo } from 'preact/hooks'
import { cellClass } from './heatmapScale'
import { HeatLegend } from './HeatLegend'
import { machineDayRows } from './machineDayGrid'
import type { MachineDayGrid } from './oeeApi'

interface Props {
  grid: MachineDayGrid
  selected: string
  onSelect: (machine: string) => void
}

export function MachineDayHeatmap({ grid, selected, onSelect }: Props) {
  const rows = useMemo(() => machineDayRows(grid), [grid])
  if (rows.length === 0) return <p class="muted">No machines with OEE figures in this period and plant.</p>
  return (
    <div>
      <div class="heatmap-scroll">
        <table class="heatmap machine-days" aria-label="OEE per machine and day">
          <thead>
            <tr>
              <th scope="col" class="row-head">Machine</th>
              {grid.dates.map((d, i) => <th scope="col" title={d}><abbr title={d}>{dayLabel(d, i)}</abbr></th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.machineId} data-machine={r.machineId} class={r.machineId === selected ? 'selected' : undefined}>
                <th scope="row" class="row-head">
                  <button type="button" class="link" aria-pressed={r.machineId === selected} title={`${r.plant ?? 'no plant'}: show ${r.machineId}'s hours and stops`}
                    onClick={() => onSelect(r.machineId === selected ? '' : r.machineId)}>
                    {r.machineId}
                  </button>
                </th>
                {r.cells.map((c) => <td class={cellClass(c.view)} data-date={c.date} data-kind={c.view.kind} title={c.view.title}><span>{c.view.text}</span></td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <HeatLegend />
    </div>
  )
}

/** The day of the month, with the month where it starts (and on the first column). */
function dayLabel(date: string, index: number): string {
  const day = date.slice(8, 10)
  return index === 0 || day === '01' ? `${date.slice(5, 7)}/${day}` : day
}
