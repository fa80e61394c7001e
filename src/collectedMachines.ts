// The machines the collectors collect from: machines.yaml's and the simulated ones, each in
// the registry before its collector starts.
import type { CollectorFleet } from './collectors/collectorFleet.js'
import { formatConfigProblem } from './config/configError.js'
import type { FleetConfig, MachineConfig } from './config/machinesConfig.js'
import type { Logger } from './logger.js'
import type { MachineRegistry } from './registry/machineRegistry.js'

export const fleetWarnings = (config: FleetConfig) => config.warnings.map(formatConfigProblem)

export interface CollectedMachines {
  registry: MachineRegistry
  fleet: CollectorFleet
  log: Pick<Logger, 'info' | 'warn'>
  /** machines.yaml, when there is one. */
  file: string | undefined
  simulated: readonly MachineConfig[]
}

/** Applies machines.yaml as loaded (at start or after an edit; none: only the simulated machines). */
export async function applyMachines(to: CollectedMachines, config: FleetConfig | undefined): Promise<void> {
  // Warnings are logged at each load and shown in GET /v1/collectors while the file is in effect.
  if (config) for (const w of fleetWarnings(config)) to.log.warn({ file: to.file }, w)
  const machines = [...(config?.machines ?? []), ...to.simulated]
  for (const m of machines) await to.registry.register({ id: m.id, plant: m.plant, model: m.model, vendor: m.vendor, protocol: m.protocol, endpoint: m.agentUrl })
  const change = await to.fleet.apply(machines)
  for (const [what, ids] of Object.entries(change)) if (ids.length > 0) to.log.info({ [what]: ids }, `collectors ${what}: ${ids.join(', ')}`)
}
