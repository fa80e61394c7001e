// The live fleet from GET /v1/stream (Server-Sent Events): a snapshot, then changed
// machines, then alert changes. EventSource reconnects by itself (the server sends
// `retry:`); when it gives up (the server answered with an error), we open a new one.
import { effectiveState } from '../../../src/domain/machineStatus'
import type { MachineStatus } from '../generated/api'
import type { MachineState } from '../machineState'

/** A machine's status as the stream sends it (the server's MachineStatus schema). */
export type LiveMachine = MachineStatus

export type Connection = 'connecting' | 'live' | 'unreachable'

interface Snapshot {
  server_time: number
  stale_after_ms: number
  machines: LiveMachine[]
}

const RECONNECT_MS = 2_000

export class FleetStream {
  readonly machines = new Map<string, LiveMachine>()
  connection: Connection = 'connecting'
  /** True once the first snapshot arrived. */
  loaded = false
  /** Server clock minus this browser's: machine times are the server's. */
  clockOffsetMs = 0
  staleAfterMs = 300_000
  /** Bumped on every change of machines; bumped separately when alerts changed. */
  version = 0
  alertsVersion = 0
  private source: EventSource | undefined
  private retryTimer: number | undefined
  private readonly listeners = new Set<() => void>()

  constructor(private readonly url = '/v1/stream') {}

  start(): void {
    if (this.source) return
    const source = new EventSource(this.url)
    this.source = source
    source.addEventListener('open', () => this.setConnection('live'))
    source.addEventListener('snapshot', (e) => {
      const snapshot = JSON.parse((e as MessageEvent<string>).data) as Snapshot
      this.noteServerTime(snapshot.server_time)
      this.staleAfterMs = snapshot.stale_after_ms
      this.machines.clear()
      for (const m of snapshot.machines) this.machines.set(m.id, m)
      this.loaded = true
      this.connection = 'live'
      // Alerts may have changed while disconnected.
      this.alertsVersion++
      this.changed()
    })
    source.addEventListener('machines', (e) => {
      const delta = JSON.parse((e as MessageEvent<string>).data) as { server_time: number; machines: LiveMachine[] }
      this.noteServerTime(delta.server_time)
      for (const m of delta.machines) this.machines.set(m.id, m)
      this.changed()
    })
    source.addEventListener('alerts', () => {
      this.alertsVersion++
      this.changed()
    })
    source.addEventListener('error', () => {
      this.setConnection('unreachable')
      if (source.readyState === EventSource.CLOSED) {
        this.source = undefined
        this.retryTimer = window.setTimeout(() => this.start(), RECONNECT_MS)
      }
    })
  }

  stop(): void {
    window.clearTimeout(this.retryTimer)
    this.source?.close()
    this.source = undefined
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  serverNow(): number {
    return Date.now() + this.clockOffsetMs
  }

  /** As the fleet summary counts it: a machine silent for longer than the limit is offline. */
  effectiveState(m: LiveMachine, now = this.serverNow()): MachineState {
    return effectiveState(m, now, this.staleAfterMs).state
  }

  /** Since when the machine is in its effective state (a silent one: since it was last heard of). */
  stateSince(m: LiveMachine, now = this.serverNow()): number | null {
    return effectiveState(m, now, this.staleAfterMs).since
  }

  private noteServerTime(serverTime: number): void {
    this.clockOffsetMs = serverTime - Date.now()
  }

  private setConnection(connection: Connection): void {
    if (this.connection === connection) return
    this.connection = connection
    this.changed()
  }

  private changed(): void {
    this.version++
    for (const listener of this.listeners) listener()
  }
}

/** The one stream of this page. */
export const fleetStream = new FleetStream()
