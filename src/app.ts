// Builds the running system from settings: the one place that knows every part.
import type { FastifyInstance } from 'fastify'
import { readFileSync } from 'node:fs'
import { AlertEngine } from './alerts/engine/alertEngine.js'
import { OutboxDelivery } from './alerts/notify/outboxDelivery.js'
import { type AlertRule, loadAlertRulesFile } from './alerts/rules/index.js'
import { buildApi } from './api/server.js'
import { CollectorFleet } from './collectors/collectorFleet.js'
import { type FleetConfig, type MachineConfig, formatConfigProblem } from './config/machinesConfig.js'
import { ConfigFileWatcher } from './config/configFileWatcher.js'
import { loadMachinesFile } from './config/machinesFile.js'
import { type OeeConfig, DEFAULT_OEE_CONFIG } from './config/oeeConfig.js'
import { loadOeeFile } from './config/oeeFile.js'
import { OeeService } from './analytics/oee/oeeService.js'
import { oeeReports } from './analytics/oeeReport/oeeReports.js'
import { machineHistory } from './analytics/history.js'
import { alerts } from './alerts/alerts.js'
import { collectorPositions } from './ingest/collectorPositions.js'
import { machineRegistry } from './registry/machineRegistry.js'
import { storageStatusOf } from './health/storageStatus.js'
import { type Clock, systemClock } from './domain/clock.js'
import { GroupCommit } from './ingest/groupCommit.js'
import { Ingest } from './ingest/ingest.js'
import { IngestSink } from './ingest/ingestSink.js'
import { LiveFleet } from './live/liveFleet.js'
import { TelemetryWriter } from './ingest/telemetryWriter.js'
import type { Logger } from './logger.js'
import type { DatabaseSettings, Settings } from './settings.js'
import type { Db } from './store/db.js'
import { openEmbeddedDb } from './store/embedded.js'
import { EmbeddedJobRunner } from './store/jobRunner.js'
import { readinessProbe } from './health/readiness.js'
import { migrate } from './store/migrate.js'
import { type SimulatedMachines, backfillSimulatedHistory, planSimulatedFleet, startSimulatedMachines, writeSimulatedOeeFile } from './simulatedShopFloor.js'
import { registerMachine } from './store/machines.js'
import { applyPolicies, checkPolicy, type StoragePolicy } from './store/policies.js'
import { openServerDb } from './store/server.js'

export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

export type { Logger } from './logger.js'

export async function openDb(database: DatabaseSettings): Promise<Db> {
  return database.kind === 'embedded' ? openEmbeddedDb(database.dataDir) : openServerDb({ url: database.url, poolSize: database.poolSize })
}

/** Opens the database, applies migrations and policies. */
export async function prepareDb(database: DatabaseSettings, policy: StoragePolicy, log: Logger): Promise<Db> {
  const problems = checkPolicy(policy)
  if (problems.length > 0) throw new Error(`invalid storage windows: ${problems.join('; ')}`)
  const db = await openDb(database)
  try {
    const report = await migrate(db)
    for (const m of report.applied) log.info({ version: m.version }, `migration ${m.version} applied: ${m.name}`)
    for (const change of await applyPolicies(db, policy)) log.info({}, `policy set: ${change}`)
    return db
  } catch (err) {
    await db.close()
    throw err
  }
}

export interface RunningSystem {
  db: Db
  api: FastifyInstance
  ingest: Ingest
  jobs: EmbeddedJobRunner | undefined
  collectors: CollectorFleet
  alerts: AlertEngine
  oee: OeeService
  delivery: OutboxDelivery
  url: string
  close(): Promise<void>
}

export async function startSystem(settings: Settings, options: { clock?: Clock; logger?: boolean | object } = {}): Promise<RunningSystem> {
  const clock = options.clock ?? systemClock
  const loggerOption = options.logger ?? { level: settings.logLevel }
  const bootLog: Logger = loggerOption === false ? silentLogger : consoleLogger
  const db = await prepareDb(settings.database, settings.policy, bootLog)
  const writer = new TelemetryWriter(db, clock, settings.ingest.maxSampleGapMs)
  await writer.init()
  const groupCommit = new GroupCommit((samples, positions) => writer.write(samples, positions), settings.ingest, () => clock.now())
  const ingest = new Ingest(groupCommit, clock, settings.policy.retentionMs)
  // Read before anything starts: a broken machines file stops the start with file:line.
  const fleetFile = settings.collectors.machinesFile ? loadMachinesFile(settings.collectors.machinesFile) : undefined
  const configured = fleetFile?.machines ?? []
  let watcher: ConfigFileWatcher<FleetConfig> | undefined
  const alertsFile = settings.alerts.file
  const loadRules = (path: string) => loadAlertRulesFile(path, settings.alerts.env)
  let rules: AlertRule[] = alertsFile ? loadRules(alertsFile) : []
  let alertsWatcher: ConfigFileWatcher<AlertRule[]> | undefined
  const simulation = settings.collectors.simulate > 0 ? planSimulatedFleet(settings.collectors.simulate, settings.collectors.simulateSeed) : undefined
  // Simulated machines without an oee.yaml of the user's get one of their own (simulatedOee.ts).
  const oeeFile = settings.oee.file ?? (simulation ? writeSimulatedOeeFile(simulation, settings.collectors.simulateSeed, settings.database, bootLog) : undefined)
  const oeeConfig: OeeConfig = oeeFile ? loadOeeFile(oeeFile) : DEFAULT_OEE_CONFIG
  let oeeWatcher: ConfigFileWatcher<OeeConfig> | undefined
  let simulated: SimulatedMachines | undefined
  const switchedOnAt = simulation && settings.collectors.backfillMs > 0
    ? await backfillSimulatedHistory(simulation, settings.collectors.simulateSeed, clock.now() - settings.collectors.backfillMs, db, ingest, clock, bootLog)
    : undefined
  // Collectors log through the API's logger (pino), created just below.
  const fleet = new CollectorFleet(new IngestSink(ingest, db), clock, {
    info: (o, msg) => api.log.info(o, msg),
    warn: (o, msg) => api.log.warn(o, msg),
  }, settings.collectors.tuning)
  const delivery = new OutboxDelivery(db, clock, { info: (o, m) => api.log.info(o, m), warn: (o, m) => api.log.warn(o, m) }, settings.alerts.delivery)
  const alertEngine = new AlertEngine(db, clock, { info: (o, m) => api.log.info(o, m), warn: (o, m) => api.log.warn(o, m) }, () => delivery.wake(),
    settings.alerts.publicUrl?.replace(/\/+$/, ''))
  const live = new LiveFleet(db, clock)
  const oee = new OeeService(db, clock, { info: (o, m) => api.log.info(o, m), warn: (o, m) => api.log.warn(o, m) },
    { maxGapMs: settings.ingest.maxSampleGapMs, refreshMs: settings.oee.refreshMs, openDayRefreshMs: settings.oee.openDayRefreshMs }, oeeConfig)
  const api = await buildApi({
    ingest, clock, ingestStats: () => groupCommit.stats, storageStatus: storageStatusOf(db),
    registry: machineRegistry(db), history: machineHistory(db), positions: collectorPositions(db),
    readiness: readinessProbe({
      db, ingestStats: () => groupCommit.stats, minFreeDiskBytes: settings.minFreeDiskBytes,
      dataDir: settings.database.kind === 'embedded' ? settings.database.dataDir : undefined,
    }), bodyLimitBytes: settings.ingest.maxBodyBytes, http: settings.http, version: VERSION, logger: loggerOption,
    staleAfterMs: settings.ingest.maxSampleGapMs,
    collectors: {
      statuses: () => fleet.statuses(),
      status: (id) => fleet.status(id),
      configFile: () => watcher?.status,
    },
    alerts: alerts({ db, clock, engine: alertEngine, rules: () => rules, configFile: () => alertsWatcher?.status }),
    live,
    oee,
    reports: oeeReports(oee, clock),
  })
  const applyMachines = async (machines: MachineConfig[]) => {
    for (const m of machines) await registerMachine(db, { id: m.id, plant: m.plant, model: m.model, vendor: m.vendor, protocol: m.protocol, endpoint: m.agentUrl })
    const change = await fleet.apply(machines)
    for (const [what, ids] of Object.entries(change)) if (ids.length > 0) api.log.info({ [what]: ids }, `collectors ${what}: ${ids.join(', ')}`)
  }
  const jobs = db.engine === 'embedded' ? new EmbeddedJobRunner(db, clock, api.log, settings.jobTickMs) : undefined
  jobs?.start()
  let url: string
  try {
    await alertEngine.start(rules, settings.alerts.tickMs)
    ingest.onStored((samples) => void alertEngine.onSamples(samples).catch((err: Error) => api.log.warn({ err: err.message }, `alert evaluation: ${err.message}`)))
    await live.start()
    ingest.onStored((samples) => live.onSamples(samples))
    alertEngine.onChange(() => live.alertsChanged())
    delivery.start()
    await oee.start()
    ingest.onStored((samples) => void oee.onSamples(samples).catch((err: Error) => api.log.warn({ err: err.message }, `oee: ${err.message}`)))
    if (oeeFile) {
      oeeWatcher = new ConfigFileWatcher(oeeFile, loadOeeFile, async (next) => {
        await oee.setFile(next)
        api.log.info({ file: oeeFile }, 'oee.yaml reloaded: figures are computed again')
      }, (err) => api.log.error({ file: oeeFile }, `${err.message}\nkeeping the OEE setup as it was`), new Date())
      oeeWatcher.start()
    }
    if (alertsFile) {
      alertsWatcher = new ConfigFileWatcher(alertsFile, loadRules, async (next) => {
        await alertEngine.setRules(next)
        rules = next
        api.log.info({ file: alertsFile }, `alert rules reloaded: ${next.map((r) => r.name).join(', ') || 'none'}`)
      }, (err) => api.log.error({ file: alertsFile }, `${err.message}\nkeeping the rules as they were`), new Date())
      alertsWatcher.start()
    }
    if (simulation) simulated = await startSimulatedMachines(simulation, settings.collectors.simulateSeed, switchedOnAt)
    const withSimulated = (machines: MachineConfig[]) => [...machines, ...(simulated?.machines ?? [])]
    const file = settings.collectors.machinesFile
    // Warnings are logged at each load and shown in GET /v1/collectors while the file is in effect.
    const warnAbout = (config: FleetConfig) => { for (const w of fleetWarnings(config)) api.log.warn({ file }, w) }
    if (fleetFile) warnAbout(fleetFile)
    await applyMachines(withSimulated(configured))
    if (file) {
      watcher = new ConfigFileWatcher(file, loadMachinesFile, async (config) => {
        warnAbout(config)
        await applyMachines(withSimulated(config.machines))
      }, (err) => api.log.error({ file }, `${err.message}\nkeeping the machines as they were`), new Date(), { warningsOf: fleetWarnings, initial: fleetFile })
      watcher.start()
    }
    url = await api.listen({ host: settings.host, port: settings.port })
  } catch (err) {
    await alertsWatcher?.close()
    await oeeWatcher?.close()
    await watcher?.close()
    await fleet.close()
    await simulated?.fleet.close()
    await alertEngine.close()
    await oee.close()
    await delivery.close()
    await jobs?.close()
    await db.close()
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`port ${settings.port} on ${settings.host} is already in use; choose another with --port`, { cause: err })
    throw err
  }
  let closing: Promise<void> | undefined
  return {
    db, api, ingest, jobs, collectors: fleet, alerts: alertEngine, oee, delivery, url,
    close() {
      closing ??= (async () => {
        await watcher?.close()
        await fleet.close() // collectors stop after their in-flight writes
        await simulated?.fleet.close()
        await alertsWatcher?.close()
        await oeeWatcher?.close()
        await api.close() // stops accepting; in-flight requests finish
        await groupCommit.close()
        await alertEngine.close() // evaluations of what was committed finish
        await oee.close()
        await delivery.close()
        await jobs?.close()
        await db.close()
      })()
      return closing
    },
  }
}

const fleetWarnings = (config: FleetConfig) => config.warnings.map(formatConfigProblem)

export const consoleLogger: Logger = {
  info: (_o, msg) => console.error(msg),
  warn: (_o, msg) => console.error(`warning: ${msg}`),
  error: (_o, msg) => console.error(`error: ${msg}`),
}
const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }
