// Unplanned downtime by reason, largest first, with the cumulative share: the few reasons
// worth working on. Stops nobody coded yet are hatched and lead to the coding view.
import { formatDuration, formatPercent } from '../format'
import type { Pareto } from './oeeApi'
import { PARETO_SIZE, paretoGeometry } from './paretoGeometry'

export const UNCODED = 'uncoded'

export function ParetoChart({ pareto, onCode }: { pareto: Pareto; onCode: () => void }) {
  if (pareto.reasons.length === 0) return <p class="muted">No unplanned stop long enough to count in this period.</p>
  const g = paretoGeometry(pareto.reasons)
  const { width, height } = PARETO_SIZE
  const bottom = g.plot.y + g.plot.height
  return (
    <div class="pareto">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Unplanned downtime by reason, ${formatDuration(pareto.total_s * 1000)} in all`}>
        <defs>
          <pattern id="uncoded-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" class="uncoded-bg" />
            <line x1="0" y1="0" x2="0" y2="8" class="uncoded-line" stroke-width="4" />
          </pattern>
        </defs>
        {g.leftTicks.map((t) => (
          <g>
            <line class="grid-line" x1={g.plot.x} x2={g.plot.x + g.plot.width} y1={t.y} y2={t.y} />
            <text class="axis" x={g.plot.x - 6} y={t.y + 4} text-anchor="end">{axisLabel(t.seconds, g.leftTicks)}</text>
          </g>
        ))}
        {g.rightTicks.map((t) => <text class="axis" x={g.plot.x + g.plot.width + 6} y={t.y + 4}>{formatPercent(t.share).replace('.0', '')}</text>)}
        {g.bars.map((b) => (
          <g key={b.row.reason} class={`bar${b.row.reason === UNCODED ? ' uncoded' : ''}`} data-reason={b.row.reason} onClick={b.row.reason === UNCODED ? onCode : undefined}>
            <title>{`${b.row.label}: ${formatDuration(b.row.seconds * 1000)}, ${formatPercent(b.row.share)} of the downtime; cumulative ${formatPercent(b.row.cumulative)}`}</title>
            <rect x={b.x} y={b.y} width={b.width} height={Math.max(0, b.height)} />
            <text class="bar-label" x={b.cx} y={bottom + 16} text-anchor="middle">
              {b.lines.map((line, i) => <tspan x={b.cx} dy={i === 0 ? 0 : 14}>{line}</tspan>)}
            </text>
          </g>
        ))}
        <polyline class="cumulative" points={g.line} />
        {g.bars.map((b) => <circle class="cumulative-point" cx={b.cx} cy={b.cumulativeY} r="4" />)}
        <line class="axis-line" x1={g.plot.x} x2={g.plot.x + g.plot.width} y1={bottom} y2={bottom} />
      </svg>
      <table class="table pareto-table">
        <thead><tr><th scope="col">Reason</th><th scope="col">Downtime</th><th scope="col">Share</th><th scope="col">Cumulative</th></tr></thead>
        <tbody>
          {pareto.reasons.map((r) => (
            <tr key={r.reason} data-reason={r.reason} class={r.reason === UNCODED ? 'uncoded' : undefined}>
              <td>{r.reason === UNCODED ? <button type="button" class="link" onClick={onCode} title="code these stops">{r.label}</button> : r.label}</td>
              <td>{formatDuration(r.seconds * 1000)}</td>
              <td>{formatPercent(r.share)}</td>
              <td>{formatPercent(r.cumulative)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Axis labels in one unit, hours or minutes, so they stay short and comparable. */
function axisLabel(seconds: number, ticks: readonly { seconds: number }[]): string {
  const top = Math.max(...ticks.map((t) => t.seconds))
  return top >= 4 * 3600 ? `${Math.round(seconds / 3600)} h` : `${Math.round(seconds / 60)} min`
}
