// Versioned schema migrations, applied in order at start and recorded in schema_migrations.
// Append new versions; never edit one that has shipped.
import { v001Telemetry } from './001_telemetry.js'
import { v002Aggregates } from './002_aggregates.js'
import { v003MachineEvents } from './003_machine_events.js'
import { v004Alerts } from './004_alerts.js'
import { v005Oee } from './005_oee.js'
import { v006TelemetryChanges } from './006_telemetry_changes.js'
import { v007OeeZero } from './007_oee_zero.js'
import { v008OeeStops } from './008_oee_stops.js'
import { v009SeedSchema } from './009_seed_schema.js'
import { v010Quarantine } from './010_quarantine.js'
import { v011CollectorPositions } from './011_collector_positions.js'
import { v012MachineStatus } from './012_machine_status.js'

export interface Migration {
  version: number
  name: string
  /** Statements run one by one (continuous aggregates cannot share a multi-statement string). */
  statements: readonly string[]
}

export const MIGRATIONS: readonly Migration[] = [v001Telemetry, v002Aggregates, v003MachineEvents, v004Alerts, v005Oee, v006TelemetryChanges, v007OeeZero, v008OeeStops, v009SeedSchema, v010Quarantine, v011CollectorPositions, v012MachineStatus]
