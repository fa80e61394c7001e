// Preact hooks over the live stream: re-render when it changes (at most once per frame) and
// a clock that ticks for "for 12 min" and "3 s ago".
import { useEffect, useState } from 'preact/hooks'
import { type FleetStream, fleetStream } from './fleetStream'

export function useFleetStream(stream: FleetStream = fleetStream): FleetStream {
  const [, setVersion] = useState(stream.version)
  useEffect(() => {
    stream.start()
    let frame = 0
    const unsubscribe = stream.subscribe(() => {
      if (frame) return
      frame = requestAnimationFrame(() => {
        frame = 0
        setVersion(stream.version)
      })
    })
    return () => {
      unsubscribe()
      cancelAnimationFrame(frame)
    }
  }, [stream])
  return stream
}

/** The server's time now, refreshed every `everyMs`. */
export function useServerNow(everyMs = 1_000, stream: FleetStream = fleetStream): number {
  const [now, setNow] = useState(() => stream.serverNow())
  useEffect(() => {
    const timer = window.setInterval(() => setNow(stream.serverNow()), everyMs)
    return () => window.clearInterval(timer)
  }, [everyMs, stream])
  return now
}
