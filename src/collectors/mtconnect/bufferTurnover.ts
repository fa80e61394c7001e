// How fast an agent's ring buffer turns over, and the heartbeat that keeps a stream inside it.
// A stream filtered to one device gets a part only when that device has data or its heartbeat
// is due; between two parts it stands where the last one ended. On an agent whose other
// devices fill the buffer faster than that, a quiet device's stream falls out of the buffer
// (cppagent drops it, "Client fell too far behind") although it missed nothing of its own.
// Asking a heartbeat of half the time the buffer takes to turn over keeps it inside. Pure:
// times are passed in.

/** The shortest heartbeat asked for: a part per second per stream is still cheap. */
export const MIN_HEARTBEAT_MS = 1000

export class BufferTurnover {
  private last: { sequence: number; at: number } | undefined
  /** Sequences per second, smoothed; undefined until two readings a second apart. */
  rate: number | undefined

  /** A Header's lastSequence read at `at` (ms). */
  observe(lastSequence: number, at: number): void {
    if (!this.last || lastSequence < this.last.sequence) {
      this.last = { sequence: lastSequence, at }
      return
    }
    const elapsed = at - this.last.at
    if (elapsed < 1000) return
    const rate = ((lastSequence - this.last.sequence) * 1000) / elapsed
    // Rises at once (a burst is what drops streams), falls slowly.
    this.rate = this.rate === undefined || rate > this.rate ? rate : 0.7 * this.rate + 0.3 * rate
    this.last = { sequence: lastSequence, at }
  }

  /** Half the buffer's turnover time, between MIN_HEARTBEAT_MS and `maxMs`. */
  heartbeatFor(bufferSize: number | undefined, maxMs: number): number {
    if (bufferSize === undefined || !this.rate) return maxMs
    const turnoverMs = (bufferSize / this.rate) * 1000
    return Math.max(Math.min(MIN_HEARTBEAT_MS, maxMs), Math.min(maxMs, Math.floor(turnoverMs / 2)))
  }
}
