// Shown at the top of every page while /readyz says the server cannot take data (503) or
// something in the background is failing (degraded): the reason in words and what to do.
import { useEffect, useState } from 'preact/hooks'

// Every 15 s: often enough that an operator sees a full disk within a shift's glance,
// rare enough that a wall of dashboards does not load the server.
const POLL_MS = 15_000

interface Problem {
  reason: string
  message: string
}

interface Health {
  status: 'ready' | 'degraded' | 'not_ready'
  problems: Problem[]
}

const ADVICE: Record<string, string> = {
  writes_failing: 'New data is not being stored. Check the server log and the database (disk space, permissions), then send again: a write that succeeds clears this.',
  disk_nearly_full: 'Free space on the disk of the data directory (or lower the retention with --retention-days) before writes start failing.',
  database_unavailable: 'Check that the database is running and reachable.',
  job_failing: 'Data is still stored, but summaries (5-minute, hourly, daily) may be stale. See `cnc-telemetry storage status` and the server log for the error.',
  aggregate_lagging: 'Summaries are behind the raw data. See `cnc-telemetry storage status` for the refresh jobs.',
  status_unavailable: 'See the server log.',
}

async function fetchHealth(): Promise<Health | undefined> {
  try {
    const response = await fetch('/readyz', { signal: AbortSignal.timeout(10_000) })
    const body = (await response.json()) as { status?: Health['status']; problems?: Problem[]; details?: Problem[] }
    if (response.ok) return { status: body.status ?? 'ready', problems: body.problems ?? [] }
    return { status: 'not_ready', problems: body.details ?? [] }
  } catch {
    return undefined // unreachable: the connection banner says so
  }
}

function useHealth(): Health | undefined {
  const [health, setHealth] = useState<Health | undefined>(undefined)
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      const next = await fetchHealth()
      if (stopped) return
      if (next) setHealth(next)
      timer = setTimeout(poll, POLL_MS)
    }
    void poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [])
  return health
}

export function HealthBanner() {
  const health = useHealth()
  if (!health || health.status === 'ready') return null
  const notReady = health.status === 'not_ready'
  const reasons = [...new Set(health.problems.map((p) => p.reason))]
  return (
    <div class={`banner health ${notReady ? 'not-ready' : 'degraded'}`} role="alert" data-health={health.status}>
      <strong>{notReady ? 'The server cannot store data right now.' : 'The server stores data, but something in the background is failing.'}</strong>
      <ul>
        {health.problems.map((p) => <li>{p.message}</li>)}
      </ul>
      {reasons.map((r) => ADVICE[r] && <p>{ADVICE[r]}</p>)}
    </div>
  )
}
