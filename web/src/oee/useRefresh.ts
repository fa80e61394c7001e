// The OEE page reads its figures again every minute (the server recomputes open days every
// 30 s at most, so faster would only cost), not while the tab is hidden, and at once after a
// stop is coded. The returned key changes on each of those.
import { useEffect, useState } from 'preact/hooks'

export const REFRESH_MS = 60_000

export function useRefresh(everyMs = REFRESH_MS): [number, () => void] {
  const [key, setKey] = useState(0)
  useEffect(() => {
    let last = Date.now()
    const tick = () => {
      if (document.hidden) return
      last = Date.now()
      setKey((k) => k + 1)
    }
    const timer = window.setInterval(tick, everyMs)
    // Back from a hidden tab after a while: read now rather than up to a minute later.
    const visible = () => { if (!document.hidden && Date.now() - last >= everyMs) tick() }
    document.addEventListener('visibilitychange', visible)
    return () => {
      window.clearInterval(timer)
      document.removeEventListener('visibilitychange', visible)
    }
  }, [everyMs])
  return [key, () => setKey((k) => k + 1)]
}
