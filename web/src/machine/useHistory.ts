// Reads a machine's history for a range (resolution `auto`: the server picks the finest
// that fits 2,000 points) and, for the lists, the raw samples of the last half hour of it.
import { useEffect, useState } from 'preact/hooks'
import { type ApiError, getJson, query } from '../api'
import type { History, RawPoint } from './historySeries'

export interface MachineEvent {
  ts: string
  kind: string
  detail: Record<string, unknown>
}

export interface HistoryState {
  history: History | undefined
  recent: RawPoint[] | undefined
  events: MachineEvent[] | undefined
  error: ApiError | undefined
  loading: boolean
}

const RECENT_MS = 30 * 60_000

/** Read again whenever the range changes (a relative range moves forward: the page moves it). */
export function useHistory(machineId: string, fromMs: number, toMs: number): HistoryState {
  const [state, setState] = useState<HistoryState>({ history: undefined, recent: undefined, events: undefined, error: undefined, loading: true })
  useEffect(() => {
    let current = true
    setState((s) => ({ ...s, loading: true }))
    const id = encodeURIComponent(machineId)
    const recentFrom = Math.max(fromMs, toMs - RECENT_MS)
    Promise.all([
      getJson<History>(`/v1/machines/${id}/history${query({ from: Math.round(fromMs), to: Math.round(toMs), resolution: 'auto' })}`),
      getJson<History>(`/v1/machines/${id}/history${query({ from: Math.round(recentFrom), to: Math.round(toMs), resolution: 'raw', limit: 5000 })}`),
      getJson<{ events: MachineEvent[] }>(`/v1/machines/${id}/events?limit=50`),
    ]).then(([history, recent, events]) => {
      if (current) setState({ history, recent: recent.points as RawPoint[], events: events.events, error: undefined, loading: false })
    }).catch((error: ApiError) => {
      if (current) setState((s) => ({ ...s, error, loading: false }))
    })
    return () => { current = false }
  }, [machineId, fromMs, toMs])
  return state
}
