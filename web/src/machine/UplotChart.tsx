// A uPlot chart that follows its container's width and is rebuilt when its options or data
// change (a new range or resolution): rebuilding costs about a millisecond.
import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'

interface Props {
  options: (width: number) => uPlot.Options
  data: uPlot.AlignedData
  label: string
}

export function UplotChart({ options, data, label }: Props) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const chart = new uPlot(options(element.clientWidth || 600), data, element)
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0 && Math.abs(element.clientWidth - chart.width) > 1) chart.setSize({ width: element.clientWidth, height: chart.height })
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      chart.destroy()
    }
  }, [options, data])
  return <div ref={ref} class="chart" role="img" aria-label={label} />
}
