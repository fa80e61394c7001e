// A grid that renders only the rows in view (plus a margin): 1,000 machine cards cost as
// much as the forty on screen. The page scrolls as a whole; rows have a fixed height.
import type { ComponentChildren } from 'preact'
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'

interface Props<T> {
  items: readonly T[]
  itemKey: (item: T) => string
  renderItem: (item: T) => ComponentChildren
  minItemWidth: number
  rowHeight: number
  gap: number
  label: string
}

const OVERSCAN_ROWS = 2

export function VirtualGrid<T>({ items, itemKey, renderItem, minItemWidth, rowHeight, gap, label }: Props<T>) {
  const ref = useRef<HTMLDivElement>(null)
  const [layout, setLayout] = useState({ width: 0, top: 0, viewport: window.innerHeight })

  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    let frame = 0
    const measure = () => {
      frame = 0
      const box = element.getBoundingClientRect()
      setLayout((old) => (old.width === box.width && old.top === box.top && old.viewport === window.innerHeight ? old : { width: box.width, top: box.top, viewport: window.innerHeight }))
    }
    const schedule = () => { if (!frame) frame = requestAnimationFrame(measure) }
    measure()
    const observer = new ResizeObserver(schedule)
    observer.observe(element)
    window.addEventListener('scroll', schedule, { passive: true })
    window.addEventListener('resize', schedule)
    return () => {
      observer.disconnect()
      window.removeEventListener('scroll', schedule)
      window.removeEventListener('resize', schedule)
      cancelAnimationFrame(frame)
    }
  }, [])

  const columns = Math.max(1, Math.floor((layout.width + gap) / (minItemWidth + gap)))
  const rows = Math.ceil(items.length / columns)
  const stride = rowHeight + gap
  const firstRow = Math.max(0, Math.floor(-layout.top / stride) - OVERSCAN_ROWS)
  const lastRow = Math.min(rows, Math.ceil((layout.viewport - layout.top) / stride) + OVERSCAN_ROWS)
  const visible = items.slice(firstRow * columns, Math.max(firstRow, lastRow) * columns)
  const width = (layout.width - gap * (columns - 1)) / columns

  // Keeps keyboard focus reachable: Tab past the last rendered card scrolls the next row in.
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const onFocus = (e: FocusEvent) => (e.target as HTMLElement).scrollIntoView?.({ block: 'nearest' })
    element.addEventListener('focusin', onFocus)
    return () => element.removeEventListener('focusin', onFocus)
  }, [])

  return (
    <div ref={ref} class="vgrid" role="list" aria-label={label} aria-rowcount={rows} style={{ height: `${Math.max(0, rows * stride - gap)}px` }}>
      {visible.map((item, i) => {
        const index = firstRow * columns + i
        const row = Math.floor(index / columns)
        const column = index % columns
        return (
          <div key={itemKey(item)} role="listitem" class="vgrid-cell"
            style={{ transform: `translate(${column * (width + gap)}px, ${row * stride}px)`, width: `${width}px`, height: `${rowHeight}px` }}>
            {renderItem(item)}
          </div>
        )
      })}
    </div>
  )
}
