// The active alerts (GET /v1/alerts), read again whenever the live stream says they changed.
import { useEffect, useState } from 'preact/hooks'
import { type ApiError, getJson } from '../api'
import { useFleetStream } from '../live/useLive'
import type { ActiveAlerts } from './alertTypes'

export function useActiveAlerts(): { alerts: ActiveAlerts | undefined; error: ApiError | undefined; reload: () => void } {
  const stream = useFleetStream()
  const [alerts, setAlerts] = useState<ActiveAlerts>()
  const [error, setError] = useState<ApiError>()
  const [asked, setAsked] = useState(0)
  useEffect(() => {
    let current = true
    getJson<ActiveAlerts>('/v1/alerts')
      .then((a) => { if (current) { setAlerts(a); setError(undefined) } })
      .catch((e: ApiError) => { if (current) setError(e) })
    return () => { current = false }
  }, [stream.alertsVersion, asked])
  return { alerts, error, reload: () => setAsked((n) => n + 1) }
}

/** Firing alerts per machine (the badge on a fleet card). */
export function firingByMachine(alerts: ActiveAlerts | undefined): Map<string, number> {
  const counts = new Map<string, number>()
  for (const a of alerts?.firing ?? []) counts.set(a.machine_id, (counts.get(a.machine_id) ?? 0) + 1)
  return counts
}
