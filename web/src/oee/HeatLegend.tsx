// The key to both heatmaps: the colour bands, and the cells that are not a value.
import { BANDS } from './heatmapScale'

export function HeatLegend() {
  return (
    <ul class="legend heat-legend" aria-label="Heatmap colours">
      {BANDS.map((b, i) => <li><span class={`swatch heat heat-${i}`} />{b.label}</li>)}
      <li><span class="swatch heat heat-not-planned" />not planned</li>
      <li><span class="swatch heat heat-no-data" />planned, no data</li>
      <li><span class="legend-sample">A80</span> OEE unknown: coloured by availability</li>
      <li><span class="legend-sample">80*</span> partial OEE (A×Q or A×P)</li>
    </ul>
  )
}
