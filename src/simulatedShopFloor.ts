// The simulated shop floor of `serve --simulate N`: machines split over two plants at a shop
// floor's pace, their own oee.yaml, their history with --backfill, and the one agent serving
// them. app.ts starts it; everything else collects it like real machines.
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MachineConfig } from './config/machinesConfig.js'
import type { Clock } from './domain/clock.js'
import type { Ingest } from './ingest/ingest.js'
import { IngestSink } from './ingest/ingestSink.js'
import type { CollectedSample } from './ingest/sampleSink.js'
import type { Logger } from './logger.js'
import type { DatabaseSettings } from './settings.js'
import { type DutyCycleSettings, type SimFleet, fleetDeviceSpecs, startFleetOnOneAgent } from './sim/mtconnect/index.js'
import { simulatedHistory } from './sim/mtconnect/simulatedHistory.js'
import { type SimulatedPlant, simulatedOeeYaml } from './sim/mtconnect/simulatedOee.js'
import type { Db } from './store/db.js'
import { listMachines } from './store/machines.js'

export type { SimulatedPlant } from './sim/mtconnect/simulatedOee.js'

export interface SimulatedMachines {
  fleet: SimFleet
  machines: MachineConfig[]
}

/**
 * `--simulate N`'s machines, split over two plants. They keep a shop floor's pace rather than
 * the simulator's lively default: jobs of several parts, changeovers and alarms that last
 * minutes, so availability is lost to stops as well as performance to microstops.
 */
const SHOP_FLOOR_PACE: Partial<DutyCycleSettings> = { partsPerJob: [4, 12], changeoverSeconds: [60, 420], alarmSeconds: [45, 360] }

export function planSimulatedFleet(n: number, seed: number): SimulatedPlant[] {
  const devices = fleetDeviceSpecs(n, seed).map((d) => ({ ...d, dutyCycle: { ...d.dutyCycle, ...SHOP_FLOOR_PACE } }))
  const half = Math.ceil(n / 2)
  return [{ name: 'Plant North', machines: devices.slice(0, half) }, { name: 'Plant South', machines: devices.slice(half) }].filter((p) => p.machines.length > 0)
}

export function writeSimulatedOeeFile(plants: readonly SimulatedPlant[], seed: number, database: DatabaseSettings, log: Logger): string {
  const dir = database.kind === 'embedded' ? database.dataDir : tmpdir()
  mkdirSync(dir, { recursive: true })
  const file = join(dir, database.kind === 'embedded' ? 'simulated-oee.yaml' : `cnc-telemetry-simulated-oee-${process.pid}.yaml`)
  writeFileSync(file, simulatedOeeYaml(plants, seed, Intl.DateTimeFormat().resolvedOptions().timeZone))
  log.info({ file }, `OEE of the simulated machines: calendars and ideal cycle times in ${file} (pass --oee to use your own)`)
  return file
}

/**
 * `--backfill`: the simulated machines' history since they were switched on, stored through
 * ingest before anything listens (alerts judge the present, OEE computes the days when asked).
 * Answers the switch-on time the agent must start with, or undefined when it did nothing.
 * The machines advance together an hour at a time and the last hour reaches the clock's now,
 * so their agent, started next with the same switch-on time, carries on where this stops.
 */
const BACKFILL_BATCH = 20_000

export async function backfillSimulatedHistory(plants: readonly SimulatedPlant[], seed: number, switchedOnAt: number, db: Db, ingest: Ingest, clock: Clock, log: Logger): Promise<number | undefined> {
  // A second history over the first would interleave two different days: only on a fresh start.
  const names = new Set(plants.flatMap((p) => p.machines.map((m) => m.name)))
  const known = (await listMachines(db)).filter((m) => names.has(m.id) && m.last_ts && m.last_ts.getTime() > switchedOnAt)
  if (known.length > 0) {
    log.warn({}, `--backfill skipped: ${known.map((m) => m.id).join(', ')} already have samples of that time in ${db.location}`)
    return undefined
  }
  const sink = new IngestSink(ingest, db)
  const started = clock.now()
  const machines = plants.flatMap((p) => p.machines)
  log.info({}, `backfill: ${machines.length} simulated machines since ${new Date(switchedOnAt).toISOString()}…`)
  const histories = machines.map((m) => simulatedHistory(m, seed, switchedOnAt, () => clock.now()))
  let stored = 0
  let rejected = 0
  let batch: CollectedSample[] = []
  const write = async () => {
    if (batch.length === 0) return
    const outcome = await sink.write(batch)
    stored += outcome.accepted + outcome.duplicates
    rejected += outcome.rejected
    batch = []
  }
  for (let active = histories; active.length > 0;) {
    const next: typeof histories = []
    for (const history of active) {
      const chunk = history.next()
      if (chunk.done) continue
      next.push(history)
      batch.push(...chunk.value)
    }
    if (batch.length >= BACKFILL_BATCH) await write()
    active = next
  }
  await write()
  if (rejected > 0) log.warn({ rejected }, `backfill: ${rejected} samples refused`)
  log.info({ stored }, `backfill: ${stored} samples stored in ${Math.round((clock.now() - started) / 1000)} s`)
  return switchedOnAt
}

/** One simulated MTConnect agent on a free loopback port serving every machine (as a real agent serves several devices), collected like real ones. */
export async function startSimulatedMachines(plants: readonly SimulatedPlant[], seed: number, switchedOnAt?: number): Promise<SimulatedMachines> {
  const devices = plants.flatMap((p) => p.machines)
  const fleet = await startFleetOnOneAgent(0, devices.length, { seed, devices, switchedOnAt })
  const agentUrl = fleet.urls[0] ?? ''
  const machines = plants.flatMap((p) => p.machines.map((d): MachineConfig => ({
    id: d.name, protocol: 'mtconnect', agentUrl, device: d.name, plant: p.name,
    model: [d.manufacturer, d.model].filter(Boolean).join(' '),
    mapping: {},
  })))
  return { fleet, machines }
}
