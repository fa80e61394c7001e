// Runs one independent collector per configured machine and applies configuration changes
// (machines added, removed or changed) without touching the machines that did not change.
import { isDeepStrictEqual } from 'node:util'
import type { Clock } from '../domain/clock.js'
import { vendorProfile } from '../domain/vendorProfiles.js'
import type { MachineConfig } from '../config/machinesConfig.js'
import type { SampleSink } from '../ingest/sampleSink.js'
import type { CollectorStatus } from './mtconnect/collectorStatus.js'
import { type CollectorLog, type CollectorTuning, DEFAULT_TUNING, MachineCollector, type MtconnectMachine } from './mtconnect/machineCollector.js'

export interface FleetChange {
  started: string[]
  stopped: string[]
  restarted: string[]
}

export class CollectorFleet {
  private readonly running = new Map<string, { config: MachineConfig; collector: MachineCollector }>()
  private applying: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly sink: SampleSink,
    private readonly clock: Clock,
    private readonly log: CollectorLog,
    private readonly tuning: CollectorTuning = DEFAULT_TUNING,
  ) {}

  /** Makes the running collectors match `machines`; changes apply one after the other. */
  apply(machines: readonly MachineConfig[]): Promise<FleetChange> {
    const next = this.applying.then(() => this.reconcile(machines))
    this.applying = next.catch(() => undefined)
    return next
  }

  statuses(): CollectorStatus[] {
    return [...this.running.values()].map((r) => r.collector.status()).sort((a, b) => a.machine_id.localeCompare(b.machine_id))
  }

  status(machineId: string): CollectorStatus | undefined {
    return this.running.get(machineId)?.collector.status()
  }

  async close(): Promise<void> {
    await this.apply([])
  }

  private async reconcile(machines: readonly MachineConfig[]): Promise<FleetChange> {
    const change: FleetChange = { started: [], stopped: [], restarted: [] }
    const wanted = new Map(machines.map((m) => [m.id, m]))
    const stopping: Promise<void>[] = []
    for (const [id, r] of this.running) {
      const config = wanted.get(id)
      if (config && isDeepStrictEqual(config, r.config)) continue
      ;(config ? change.restarted : change.stopped).push(id)
      this.running.delete(id)
      stopping.push(r.collector.close())
    }
    await Promise.all(stopping)
    for (const config of machines) {
      if (this.running.has(config.id)) continue
      if (!change.restarted.includes(config.id)) change.started.push(config.id)
      const collector = new MachineCollector(toMtconnectMachine(config), this.sink, this.clock, this.log, this.tuning)
      this.running.set(config.id, { config, collector })
      collector.start()
    }
    return change
  }
}

function toMtconnectMachine(config: MachineConfig): MtconnectMachine {
  const profile = vendorProfile(config.vendor)
  return {
    id: config.id,
    agentUrl: config.agentUrl,
    device: config.device,
    items: config.mapping.items,
    feedUnits: config.mapping.feedUnits ?? profile.feedUnits,
    executionStates: { ...profile.executionStates, ...config.mapping.executionStates },
  }
}
