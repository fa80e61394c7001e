// Daily OEE, A, P and Q over the period (uPlot). A day without figures is a gap, not a zero;
// a day standing alone between gaps shows as a point.
import { useMemo } from 'preact/hooks'
import uPlot from 'uplot'
import { formatPercent } from '../format'
import { UplotChart } from '../machine/UplotChart'
import { cssColor } from '../shell/theme'
import type { OeeGroup } from './oeeApi'
import { TREND_LINES, trendData } from './trendSeries'

export function OeeTrend({ groups, from, to }: { groups: OeeGroup[]; from: string; to: string }) {
  const trend = useMemo(() => trendData(groups, from, to), [groups, from, to])
  const options = useMemo(() => trendOptions(Number(trend.data[0]?.[0] ?? 0), Number(trend.data[0]?.[trend.days - 1] ?? 0)), [trend])
  if (trend.withFigures === 0) return <p class="muted">No day of this period has OEE figures yet.</p>
  return (
    <div class="oee-trend">
      <UplotChart label={`daily OEE, availability, performance and quality from ${from} to ${to}; ${trend.withFigures} of ${trend.days} days have figures`} options={options} data={trend.data} />
      <ul class="legend" aria-label="Lines">
        {TREND_LINES.map((l) => <li><span class="swatch line" style={{ background: `var(${l.color})` }} />{l.label}</li>)}
        <li class="muted">gaps: days without figures</li>
      </ul>
    </div>
  )
}

function trendOptions(fromS: number, toS: number) {
  return (width: number): uPlot.Options => {
    const text = cssColor('--text')
    const grid = cssColor('--grid')
    const half = 43_200
    return {
      width, height: 260,
      legend: { show: false },
      // Dates are drawn in UTC: x is midnight UTC of each local date, so no zone shifts a label to the day before.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true, range: () => [fromS - half, toS + half] }, y: { range: () => [0, 1.05] } },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 64, values: (_u, splits) => splits.map((v) => formatPercent(v)), splits: () => [0, 0.25, 0.5, 0.75, 1] },
      ],
      series: [{}, ...TREND_LINES.map((l) => ({
        label: l.label, stroke: cssColor(l.color), width: l.width, spanGaps: false,
        points: { show: true, size: l.key === 'oee' ? 6 : 4, fill: cssColor(l.color) },
        value: (_u: uPlot, v: number | null) => formatPercent(v),
      }))],
    }
  }
}
