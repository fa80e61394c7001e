// Wall mode for a TV on the shop floor: large tiles, one plant at a time, rotating every
// `rotate` seconds (URL: /wall?rotate=20&plant=Plant%20North to stay on one plant).
import { useEffect, useState } from 'preact/hooks'
import { firingByMachine, useActiveAlerts } from '../alerts/useActiveAlerts'
import { formatDuration, formatNumber } from '../format'
import type { LiveMachine } from '../live/fleetStream'
import { useFleetStream, useServerNow } from '../live/useLive'
import { MACHINE_STATES, type MachineState, STATE_LABEL } from '../machineState'
import type { RouteMatch } from '../shell/router'

const TILE_W = 320
const TILE_H = 190
const HEADER_H = 110

interface WallPageView {
  plant: string
  machines: LiveMachine[]
  part: number
  parts: number
}

export function WallPage({ query }: RouteMatch) {
  const stream = useFleetStream()
  const now = useServerNow()
  const { alerts } = useActiveAlerts()
  const rotateS = Math.max(5, Number(query.get('rotate')) || 15)
  const onlyPlant = query.get('plant')
  const [size, setSize] = useState({ w: window.innerWidth, h: window.innerHeight })
  const [index, setIndex] = useState(0)
  useEffect(() => {
    const resize = () => setSize({ w: window.innerWidth, h: window.innerHeight })
    window.addEventListener('resize', resize)
    const timer = window.setInterval(() => setIndex((i) => i + 1), rotateS * 1000)
    return () => {
      window.removeEventListener('resize', resize)
      window.clearInterval(timer)
    }
  }, [rotateS])

  if (!stream.loaded) return <p class="wall-message">Connecting to the server…</p>
  if (stream.machines.size === 0) return <p class="wall-message">No machines yet. Start the server with simulated machines (<code>npm start</code>) or send samples.</p>

  const perPage = Math.max(1, Math.floor(size.w / TILE_W)) * Math.max(1, Math.floor((size.h - HEADER_H) / TILE_H))
  const pages = wallPages([...stream.machines.values()], perPage, onlyPlant)
  const page = pages[index % Math.max(1, pages.length)]
  if (!page) return <p class="wall-message">No machine in plant {onlyPlant}.</p>
  const firing = firingByMachine(alerts)
  const counts = Object.fromEntries(MACHINE_STATES.map((s) => [s, 0])) as Record<MachineState, number>
  for (const m of stream.machines.values()) if ((m.plant ?? '(no plant)') === page.plant) counts[stream.effectiveState(m, now)]++
  return (
    <section class="wall" aria-live="off">
      <header class="wall-head">
        <h1>{page.plant}{page.parts > 1 && <span class="muted"> ({page.part}/{page.parts})</span>}</h1>
        <div class="wall-counts">
          {MACHINE_STATES.map((s) => <span class={`count state-${s}`}><span class="count-n">{counts[s]}</span> {STATE_LABEL[s]}</span>)}
        </div>
        <time class="wall-clock">{new Date(now).toLocaleTimeString()}</time>
        <a class="wall-exit" href="/">Exit</a>
      </header>
      <div class="wall-grid">
        {page.machines.map((m) => {
          const state = stream.effectiveState(m, now)
          const since = stream.stateSince(m, now)
          const n = firing.get(m.id) ?? 0
          return (
            <div class={`tile state-${state}`} data-machine={m.id}>
              <div class="tile-id">{m.id}{n > 0 && <span class="badge-alert">{n} alert{n > 1 ? 's' : ''}</span>}</div>
              <div class="tile-state">{STATE_LABEL[state]}</div>
              <div class="tile-detail">{since !== null && `${formatDuration(now - since)} · `}{formatNumber(m.rpm)} rpm · {formatNumber(m.part_count)} parts</div>
              <div class="tile-program">{m.alarm ? `⚠ ${m.alarm}` : (m.program ?? '')}</div>
            </div>
          )
        })}
      </div>
    </section>
  )
}

/** One page per plant, or several when a plant has more machines than the screen holds. */
function wallPages(machines: LiveMachine[], perPage: number, onlyPlant: string | null): WallPageView[] {
  const byPlant = new Map<string, LiveMachine[]>()
  for (const m of machines) {
    const plant = m.plant ?? '(no plant)'
    if (onlyPlant && plant !== onlyPlant) continue
    byPlant.set(plant, [...(byPlant.get(plant) ?? []), m])
  }
  const pages: WallPageView[] = []
  for (const plant of [...byPlant.keys()].sort()) {
    const list = (byPlant.get(plant) ?? []).sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }))
    const parts = Math.ceil(list.length / perPage)
    for (let part = 0; part < parts; part++) pages.push({ plant, machines: list.slice(part * perPage, (part + 1) * perPage), part: part + 1, parts })
  }
  return pages
}
