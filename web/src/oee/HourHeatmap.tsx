// One machine's days × local clock hours: when in the day it loses. Hours outside the
// shifts are "not planned", not 0%; a repeated hour (clocks going back) shows both halves.
import { useMemo } from 'preact/hooks'
import { cellClass } from './heatmapScale'
import { HeatLegend } from './HeatLegend'
import { hourRows } from './hourPlacement'
import type { MachineHours } from './oeeApi'

const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))

export function HourHeatmap({ data }: { data: MachineHours }) {
  const rows = useMemo(() => hourRows(data), [data])
  return (
    <div>
      <p class="muted">Local time of {data.plant ?? 'the machine'} ({data.time_zone}).</p>
      <div class="heatmap-scroll">
        <table class="heatmap hours" aria-label={`OEE of ${data.machine_id} per hour and day`}>
          <thead>
            <tr><th scope="col" class="row-head">Date</th>{HOURS.map((h) => <th scope="col"><abbr title={`${h}:00–${h}:59`}>{h}</abbr></th>)}</tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.date} data-date={r.date} data-hours={r.hours}>
                <th scope="row" class="row-head">{r.date}{r.dst && <span class="muted" title={`clocks went ${r.dst} on this date`}> ({r.dst === 'back' ? 25 : 23} h)</span>}</th>
                {r.slots.map((s) => s.state === 'one' && s.parts[0]
                  ? <td class={cellClass(s.parts[0].view)} data-hour={s.hour} data-parts={1} data-kind={s.parts[0].view.kind} title={s.title}><span>{s.parts[0].view.text}</span></td>
                  : (
                    <td class={`heat heat-${s.state}`} data-hour={s.hour} data-parts={s.parts.length} data-kind={s.state} title={s.title}>
                      {s.parts.map((p) => <span class={cellClass(p.view)} data-kind={p.view.kind}>{p.view.text}</span>)}
                    </td>
                  ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <HeatLegend />
    </div>
  )
}
