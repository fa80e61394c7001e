// Builds the running system from settings: the one place that knows every part.
import type { FastifyInstance } from 'fastify'
import { readFileSync } from 'node:fs'
import { AlertEngine } from './alerts/engine/alertEngine.js'
import { OutboxDelivery } from './alerts/notify/outboxDelivery.js'
import { type AlertRule, loadAlertRulesFile } from './alerts/rules/index.js'
import { type ApiDeps, buildApi } from './api/server.js'
import { applyMachines } from './collectedMachines.js'
import { CollectorFleet } from './collectors/collectorFleet.js'
import type { FleetConfig } from './config/machinesConfig.js'
import type { ConfigFileWatcher } from './config/configFileWatcher.js'
import { loadMachinesFile } from './config/machinesFile.js'
import { type OeeConfig, DEFAULT_OEE_CONFIG } from './config/oeeConfig.js'
import { loadOeeFile } from './config/oeeFile.js'
import { watchAlertsFile, watchMachinesFile, watchOeeFile } from './configReload.js'
import { OeeService } from './analytics/oee/oeeService.js'
import { oeeReports } from './analytics/oeeReport/oeeReports.js'
import { machineHistory } from './analytics/history.js'
import { alerts } from './alerts/alerts.js'
import { collectorPositions } from './ingest/collectorPositions.js'
import { type MachineRegistry, machineRegistry } from './registry/machineRegistry.js'
import { storageStatusOf } from './health/storageStatus.js'
import { type Clock, systemClock } from './domain/clock.js'
import { GroupCommit } from './ingest/groupCommit.js'
import { Ingest } from './ingest/ingest.js'
import { IngestSink } from './ingest/ingestSink.js'
import { LifecycleStack } from './lifecycle.js'
import { LiveFleet } from './live/liveFleet.js'
import { TelemetryWriter } from './ingest/telemetryWriter.js'
import type { Logger } from './logger.js'
import { type ServerLogger, type ServerLoggerOptions, createServerLogger } from './serverLogger.js'
import type { DatabaseSettings, Settings } from './settings.js'
import type { Db } from './store/db.js'
import { openEmbeddedDb } from './store/embedded.js'
import { EmbeddedJobRunner } from './store/jobRunner.js'
import { readinessProbe } from './health/readiness.js'
import { migrate } from './store/migrate.js'
import { backfillSimulatedHistory, planSimulatedFleet, startSimulatedMachines, writeSimulatedOeeFile } from './simulatedShopFloor.js'
import { consumer, followStoredSamples } from './storedSampleConsumers.js'
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
  /** Every machine's status now. */
  live: LiveFleet
  ingest: Ingest
  jobs: EmbeddedJobRunner | undefined
  collectors: CollectorFleet
  alerts: AlertEngine
  oee: OeeService
  delivery: OutboxDelivery
  url: string
  close(): Promise<void>
}

export async function startSystem(settings: Settings, options: { clock?: Clock; logger?: boolean | ServerLoggerOptions } = {}): Promise<RunningSystem> {
  const clock = options.clock ?? systemClock
  const loggerOption = options.logger ?? { level: settings.logLevel }
  const log = createServerLogger(loggerOption)
  const bootLog: Logger = loggerOption === false ? silentLogger : consoleLogger
  const db = await prepareDb(settings.database, settings.policy, bootLog)
  // Each part is pushed as it starts; closing runs backwards, so collectors stop after their
  // in-flight writes, the API lets in-flight requests finish, group commit drains, and the
  // alert evaluations of what was committed finish before the database closes.
  const parts = new LifecycleStack(log)
  parts.push('database', db)
  try {
    // The one fleet of machine statuses: ingest moves it forward; alerts, the live stream and the API read it.
    const live = new LiveFleet(db)
    await live.start()
    const registry = machineRegistry(db, live)
    const writer = new TelemetryWriter(db, clock, settings.ingest.maxSampleGapMs, live)
    await writer.init()
    const groupCommit = new GroupCommit((samples, positions) => writer.write(samples, positions), settings.ingest, () => clock.now())
    const ingest = new Ingest(groupCommit, clock, settings.policy.retentionMs)
    const start = await prepareStart(settings, db, ingest, clock, bootLog)
    const jobs = db.engine === 'embedded' ? parts.push('job runner', new EmbeddedJobRunner(db, clock, log, settings.jobTickMs)) : undefined
    jobs?.start()
    const delivery = parts.push('notification delivery', new OutboxDelivery(db, clock, log, settings.alerts.delivery))
    delivery.start()
    const oee = parts.push('oee', new OeeService(db, clock, log,
      { maxGapMs: settings.ingest.maxSampleGapMs, refreshMs: settings.oee.refreshMs, openDayRefreshMs: settings.oee.openDayRefreshMs }, start.oeeConfig))
    await oee.start()
    const alertEngine = parts.push('alert engine', new AlertEngine(db, live, clock, log, () => delivery.wake(), settings.alerts.publicUrl?.replace(/\/+$/, '')))
    await alertEngine.start(start.rules, settings.alerts.tickMs)
    alertEngine.onChange(() => live.alertsChanged())
    followStoredSamples(ingest, [consumer('alert evaluation', alertEngine), consumer('oee', oee)], log)
    parts.push('group commit', groupCommit) // drains into the consumers above before they close
    const fleet = new CollectorFleet(new IngestSink(ingest, db), clock, log, settings.collectors.tuning)
    const files: ConfigInEffect = { rules: start.rules }
    const api = parts.push('api', await buildApi(apiDeps(settings, { db, ingest, clock, groupCommit, log, fleet, registry, alertEngine, live, oee }, files)))
    if (start.oeeFile) parts.push('oee.yaml watcher', watchOeeFile(start.oeeFile, oee, log))
    if (settings.alerts.file) files.alerts = parts.push('alerts.yaml watcher', watchAlertsFile(settings.alerts.file, start.loadRules, alertEngine, (next) => { files.rules = next }, log))
    const simulated = start.simulation ? await startSimulatedMachines(start.simulation, settings.collectors.simulateSeed, start.switchedOnAt) : undefined
    if (simulated) parts.push('simulated machines', simulated.fleet)
    parts.push('collectors', fleet)
    const machines = { registry, fleet, log, file: settings.collectors.machinesFile, simulated: simulated?.machines ?? [] }
    await applyMachines(machines, start.fleetFile)
    if (machines.file) files.machines = parts.push('machines.yaml watcher', watchMachinesFile(machines.file, start.fleetFile, (next) => applyMachines(machines, next), log))
    const url = await api.listen({ host: settings.host, port: settings.port })
    return { db, api, live, ingest, jobs, collectors: fleet, alerts: alertEngine, oee, delivery, url, close: () => parts.close() }
  } catch (err) {
    await parts.close()
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`port ${settings.port} on ${settings.host} is already in use; choose another with --port`, { cause: err })
    throw err
  }
}

/** The configuration files in effect, as GET /v1/collectors and /v1/alerts show them; set as the watchers start. */
interface ConfigInEffect {
  rules: AlertRule[]
  machines?: ConfigFileWatcher<FleetConfig>
  alerts?: ConfigFileWatcher<AlertRule[]>
}

interface ApiParts {
  db: Db; ingest: Ingest; clock: Clock; groupCommit: GroupCommit; log: ServerLogger
  fleet: CollectorFleet; registry: MachineRegistry; alertEngine: AlertEngine; live: LiveFleet; oee: OeeService
}

function apiDeps(settings: Settings, p: ApiParts, files: ConfigInEffect): ApiDeps {
  return {
    ingest: p.ingest, clock: p.clock, ingestStats: () => p.groupCommit.stats, storageStatus: storageStatusOf(p.db),
    registry: p.registry, history: machineHistory(p.db), positions: collectorPositions(p.db),
    readiness: readinessProbe({
      db: p.db, ingestStats: () => p.groupCommit.stats, minFreeDiskBytes: settings.minFreeDiskBytes,
      dataDir: settings.database.kind === 'embedded' ? settings.database.dataDir : undefined,
    }), bodyLimitBytes: settings.ingest.maxBodyBytes, http: settings.http, version: VERSION, logger: p.log,
    staleAfterMs: settings.ingest.maxSampleGapMs,
    collectors: { statuses: () => p.fleet.statuses(), status: (id) => p.fleet.status(id), configFile: () => files.machines?.status },
    alerts: alerts({ db: p.db, clock: p.clock, engine: p.alertEngine, rules: () => files.rules, configFile: () => files.alerts?.status }),
    live: p.live,
    oee: p.oee,
    reports: oeeReports(p.oee, p.clock),
  }
}

/** What the start reads before anything runs (a broken file stops it with file:line), and the simulated history. */
async function prepareStart(settings: Settings, db: Db, ingest: Ingest, clock: Clock, bootLog: Logger) {
  const fleetFile = settings.collectors.machinesFile ? loadMachinesFile(settings.collectors.machinesFile) : undefined
  const loadRules = (path: string) => loadAlertRulesFile(path, settings.alerts.env)
  const rules: AlertRule[] = settings.alerts.file ? loadRules(settings.alerts.file) : []
  const simulation = settings.collectors.simulate > 0 ? planSimulatedFleet(settings.collectors.simulate, settings.collectors.simulateSeed) : undefined
  // Simulated machines without an oee.yaml of the user's get one of their own (simulatedOee.ts).
  const oeeFile = settings.oee.file ?? (simulation ? writeSimulatedOeeFile(simulation, settings.collectors.simulateSeed, settings.database, bootLog) : undefined)
  const oeeConfig: OeeConfig = oeeFile ? loadOeeFile(oeeFile) : DEFAULT_OEE_CONFIG
  const switchedOnAt = simulation && settings.collectors.backfillMs > 0
    ? await backfillSimulatedHistory(simulation, settings.collectors.simulateSeed, clock.now() - settings.collectors.backfillMs, db, ingest, clock, bootLog)
    : undefined
  return { fleetFile, loadRules, rules, simulation, oeeFile, oeeConfig, switchedOnAt }
}

export const consoleLogger: Logger = {
  info: (_o, msg) => console.error(msg),
  warn: (_o, msg) => console.error(`warning: ${msg}`),
  error: (_o, msg) => console.error(`error: ${msg}`),
}
const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }
