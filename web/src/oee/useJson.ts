// Reads one API path, again whenever `refreshKey` changes. A refresh keeps the figures on
// screen until the new ones arrive (no flicker every minute); a new path starts afresh.
import { useEffect, useRef, useState } from 'preact/hooks'
import { type ApiError, getJson } from '../api'

export interface Loaded<T> {
  data: T | undefined
  error: ApiError | undefined
  loading: boolean
}

/** `path` undefined: nothing to read yet (the page waits for what the path depends on). */
export function useJson<T>(path: string | undefined, refreshKey: unknown): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, loading: path !== undefined })
  const shownPath = useRef<string>()
  useEffect(() => {
    if (path === undefined) return
    let current = true
    const samePath = shownPath.current === path
    shownPath.current = path
    setState((s) => ({ data: samePath ? s.data : undefined, error: samePath ? s.error : undefined, loading: true }))
    getJson<T>(path)
      .then((data) => { if (current) setState({ data, error: undefined, loading: false }) })
      .catch((error: ApiError) => { if (current) setState((s) => ({ data: samePath ? s.data : undefined, error, loading: false })) })
    return () => { current = false }
  }, [path, refreshKey])
  return state
}
