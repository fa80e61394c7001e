import { fleetStream } from '../live/fleetStream'
import { formatTime } from '../format'

/** Shown while the live stream is down; EventSource keeps retrying behind it. */
export function ConnectionBanner() {
  const newest = Math.max(0, ...[...fleetStream.machines.values()].map((m) => m.last_seen_at ?? 0))
  return (
    <div class="banner" role="alert">
      <strong>Server unreachable, retrying…</strong>{' '}
      {fleetStream.loaded
        ? `What you see is from ${newest ? formatTime(newest) : 'before the connection was lost'} and is not updating.`
        : 'Check that the server is running (npm start, or cnc-telemetry serve) and that this address is right.'}
    </div>
  )
}
