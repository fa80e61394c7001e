// uPlot options for the machine page: the rpm and feed lines and the state band share one
// x scale, one cursor and the same left axis width, so they line up and zoom together.
import type uPlot from 'uplot'
import { cssColor } from '../shell/theme'
import type { StateSegment } from './historySeries'

const SYNC_KEY = 'machine-history'
const Y_AXIS_PX = 64

export interface ZoomHandler {
  (fromMs: number, toMs: number): void
}

function base(width: number, height: number, fromS: number, toS: number, onZoom: ZoomHandler): uPlot.Options {
  const text = cssColor('--text')
  const grid = cssColor('--grid')
  return {
    width, height,
    legend: { show: false },
    scales: { x: { time: true, range: () => [fromS, toS] } },
    cursor: { sync: { key: SYNC_KEY }, drag: { x: true, y: false, setScale: false } },
    axes: [
      { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
      { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: Y_AXIS_PX },
    ],
    series: [{}],
    hooks: {
      setSelect: [(u) => {
        // Drag to zoom: the page reads the chosen range again, at the resolution it deserves.
        if (u.select.width < 4) return
        const from = u.posToVal(u.select.left, 'x')
        const to = u.posToVal(u.select.left + u.select.width, 'x')
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false)
        onZoom(from * 1000, to * 1000)
      }],
    },
  }
}

export interface LineSpec {
  label: string
  color: string
  /** Indexes (in the data) of a min and max series drawn as a band around this line. */
  band?: [number, number]
}

export function lineChartOptions(spec: { unit: string; lines: LineSpec[]; fromS: number; toS: number; onZoom: ZoomHandler }) {
  return (width: number): uPlot.Options => {
    const options = base(width, 180, spec.fromS, spec.toS, spec.onZoom)
    const series: uPlot.Series[] = [{}]
    const bands: uPlot.Band[] = []
    for (const line of spec.lines) {
      const color = cssColor(line.color)
      series.push({ label: line.label, stroke: color, width: 2, spanGaps: false, points: { show: false } })
      if (line.band) {
        series.push({ label: `${line.label} min`, stroke: 'transparent', spanGaps: false, points: { show: false } })
        series.push({ label: `${line.label} max`, stroke: 'transparent', spanGaps: false, points: { show: false } })
        bands.push({ series: [line.band[1], line.band[0]], fill: `${color}33` })
      }
    }
    const yAxis = options.axes?.[1]
    if (yAxis) yAxis.label = spec.unit
    return { ...options, series, bands, scales: { ...options.scales, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] } } }
  }
}

/** The state timeline: one coloured rectangle per segment, no y values. */
export function stateBandOptions(spec: { segments: StateSegment[]; fromS: number; toS: number; onZoom: ZoomHandler }) {
  return (width: number): uPlot.Options => {
    const options = base(width, 96, spec.fromS, spec.toS, spec.onZoom)
    const yAxis = options.axes?.[1]
    if (yAxis) {
      yAxis.values = () => []
      yAxis.grid = { show: false }
      yAxis.label = 'state'
    }
    const colors = new Map<string | null, string>()
    const colorOf = (state: string | null) => {
      if (!colors.has(state)) colors.set(state, cssColor(`--state-${state ?? 'none'}`))
      return colors.get(state) as string
    }
    return {
      ...options,
      series: [{}, { label: 'state', show: true, stroke: 'transparent', points: { show: false } }],
      scales: { ...options.scales, y: { range: [0, 1] } },
      hooks: {
        ...options.hooks,
        draw: [(u) => {
          const ctx = u.ctx
          const top = u.bbox.top
          const height = u.bbox.height
          ctx.save()
          for (const s of spec.segments) {
            if (s.state === null) continue
            const x0 = Math.max(u.bbox.left, u.valToPos(s.from, 'x', true))
            const x1 = Math.min(u.bbox.left + u.bbox.width, u.valToPos(s.to, 'x', true))
            if (x1 <= x0) continue
            ctx.fillStyle = colorOf(s.state)
            ctx.fillRect(x0, top, Math.max(1, x1 - x0), height)
          }
          ctx.restore()
        }],
      },
    }
  }
}
