// Follows oee.yaml, alerts.yaml and machines.yaml while the server runs: an edit goes to the
// part it configures; a broken edit is logged with its problems and the last good one stays.
import type { AlertEngine } from './alerts/engine/alertEngine.js'
import type { AlertRule } from './alerts/rules/index.js'
import type { OeeService } from './analytics/oee/oeeService.js'
import { ConfigFileWatcher } from './config/configFileWatcher.js'
import type { FleetConfig } from './config/machinesConfig.js'
import { loadMachinesFile } from './config/machinesFile.js'
import type { OeeConfig } from './config/oeeConfig.js'
import { loadOeeFile } from './config/oeeFile.js'
import { fleetWarnings } from './collectedMachines.js'
import type { Logger } from './logger.js'

type ReloadLog = Pick<Logger, 'info' | 'error'>

export function watchOeeFile(file: string, oee: OeeService, log: ReloadLog): ConfigFileWatcher<OeeConfig> {
  const watcher = new ConfigFileWatcher(file, loadOeeFile, async (next) => {
    await oee.setFile(next)
    log.info({ file }, 'oee.yaml reloaded: figures are computed again')
  }, (err) => log.error({ file }, `${err.message}\nkeeping the OEE setup as it was`), new Date())
  watcher.start()
  return watcher
}

/** `onRules` learns the rules in effect once the engine has them. */
export function watchAlertsFile(file: string, load: (path: string) => AlertRule[], engine: AlertEngine, onRules: (rules: AlertRule[]) => void, log: ReloadLog): ConfigFileWatcher<AlertRule[]> {
  const watcher = new ConfigFileWatcher(file, load, async (next) => {
    await engine.setRules(next)
    onRules(next)
    log.info({ file }, `alert rules reloaded: ${next.map((r) => r.name).join(', ') || 'none'}`)
  }, (err) => log.error({ file }, `${err.message}\nkeeping the rules as they were`), new Date())
  watcher.start()
  return watcher
}

/** `initial`: the file as loaded at start, whose warnings the status shows until the next edit. */
export function watchMachinesFile(file: string, initial: FleetConfig | undefined, apply: (config: FleetConfig) => Promise<void>, log: ReloadLog): ConfigFileWatcher<FleetConfig> {
  const watcher = new ConfigFileWatcher(file, loadMachinesFile, apply,
    (err) => log.error({ file }, `${err.message}\nkeeping the machines as they were`), new Date(), { warningsOf: fleetWarnings, initial })
  watcher.start()
  return watcher
}
