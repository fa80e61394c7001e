#!/usr/bin/env node
// The cnc-telemetry command line: wiring only.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Command, Option } from 'commander'
import { VERSION, consoleLogger, openDb, prepareDb, startSystem } from '../app.js'
import { DEFAULT_POLICY } from '../store/policies.js'
import { DEFAULT_HTTP } from '../settings.js'
import { storageStatus } from '../store/status.js'
import { EmbeddedJobRunner } from '../store/jobRunner.js'
import { openEmbeddedDb } from '../store/embedded.js'
import { migrate } from '../store/migrate.js'
import { serveWireProtocol } from '../store/wireServer.js'
import { systemClock } from '../domain/clock.js'
import { connectionCap, databaseSettings, duration, requestTimeoutSeconds, nonNegativeInt, port, positiveInt, positiveNumber, serveSettings, type ServeFlags } from './options.js'
import { addCollectCommand } from './collectCommand.js'
import { printStatus } from './printStatus.js'
import { addSimCommand } from './simCommand.js'

const API_URL_FILE = 'cnc-telemetry.url'

const program = new Command()
  .name('cnc-telemetry')
  .description('Shop-floor telemetry for CNC machine tools: ingest, TimescaleDB history, alerts, OEE.\n' +
    'Embedded database in ./data by default; set DATABASE_URL=postgres://... to use a PostgreSQL with TimescaleDB.')
  .version(VERSION)
  .showHelpAfterError()

const retentionOption = () => new Option('--retention-days <days>', 'drop raw samples older than this')
  .argParser((v: string) => positiveInt(v, 'days')).default(undefined, String(DEFAULT_POLICY.retentionMs / 86_400_000))
const compressionOption = () => new Option('--compress-after-days <days>', 'compress raw chunks older than this')
  .argParser((v: string) => positiveInt(v, 'days')).default(undefined, String(DEFAULT_POLICY.compressAfterMs / 86_400_000))
const dataDirOption = () => new Option('--data-dir <dir>', 'embedded database directory (env DATA_DIR)').default(undefined, './data')

program.command('serve')
  .description('run the server: HTTP API on --port, the embedded database (or DATABASE_URL), its TimescaleDB jobs')
  .addOption(new Option('--port <port>', 'HTTP port (env PORT)').argParser(port).default(undefined, '8001'))
  .addOption(new Option('--host <host>', 'address to listen on (env HOST)').default(undefined, '0.0.0.0'))
  .addOption(dataDirOption())
  .option('--pg-port <port>', 'also expose the embedded database over the PostgreSQL protocol on 127.0.0.1:<port> (short sessions only: a client holds it while connected)', port)
  .addOption(retentionOption())
  .addOption(compressionOption())
  .addOption(new Option('--max-sample-gap <seconds>', 'samples further apart leave a "no data" hole instead of time in a state').argParser(positiveNumber).default(undefined, '300'))
  .option('--config <machines.yaml>', 'collect from the machines in this file (MTConnect agents); edits apply without a restart')
  .addOption(new Option('--simulate <n>', 'also run n simulated MTConnect machines on loopback and collect from them (npm start: 10)').argParser((v: string) => nonNegativeInt(v, 'machines')))
  .addOption(new Option('--backfill <duration>', 'with --simulate: the simulated machines were switched on this long ago (7d, 12h, 90m); their history is stored before they go live').argParser(duration))
  .option('--alerts <alerts.yaml>', 'alert rules (default: ./alerts.yaml when present); edits apply without a restart')
  .option('--oee <oee.yaml>', 'plant calendars, downtime reasons, ideal cycle times (default: ./oee.yaml when present); edits apply without a restart')
  .option('--public-url <url>', 'this server as users reach it, for links in notifications (env PUBLIC_URL)')
  .addOption(new Option('--min-free-disk-mb <mb>', '/readyz answers 503 when the disk holding the embedded data directory has less free space').argParser((v: string) => nonNegativeInt(v, 'MB')).default(undefined, '512'))
  .addOption(new Option('--seed <n>', 'seed of the simulated machines').argParser((v: string) => nonNegativeInt(v, 'seed')).default(undefined, '1'))
  .addOption(new Option('--request-timeout <seconds>', 'a request (headers and body) must arrive within this, else 408 and the connection is closed; headers within 10 s')
    .argParser(requestTimeoutSeconds).default(undefined, String(DEFAULT_HTTP.requestTimeoutMs / 1000)))
  .addOption(new Option('--max-connections-per-address <n>', 'open connections one client address may hold; more are refused with 503')
    .argParser(connectionCap).default(undefined, String(DEFAULT_HTTP.maxConnectionsPerAddress)))
  .addOption(new Option('--log-level <level>', 'log level (env LOG_LEVEL)').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace']))
  .action(async (flags: ServeFlags & { pgPort?: number }) => {
    const settings = serveSettings(flags, process.env)
    const system = await startSystem(settings)
    const wire = flags.pgPort && 'pglite' in system.db
      ? await serveWireProtocol((system.db as unknown as { pglite: Parameters<typeof serveWireProtocol>[0] }).pglite, '127.0.0.1', flags.pgPort)
      : undefined
    // Tells `storage status` where to ask while this process holds the data directory.
    const urlFile = system.db.engine === 'embedded' ? join(system.db.location, API_URL_FILE) : undefined
    if (urlFile) writeFileSync(urlFile, system.url.replace('0.0.0.0', '127.0.0.1'))
    console.error(`cnc-telemetry ${VERSION} listening on ${system.url} (${system.db.engine} database: ${system.db.location})`)
    console.error(`  API docs: ${system.url}/docs${wire ? `\n  PostgreSQL protocol: ${wire.url}` : ''}`)
    onShutdown(async () => {
      await wire?.close()
      await system.close()
      if (urlFile) rmSync(urlFile, { force: true })
    })
  })

program.command('migrate')
  .description('apply pending schema migrations and the storage policies (same windows as serve), then exit')
  .addOption(dataDirOption())
  .addOption(retentionOption())
  .addOption(compressionOption())
  .action(async (flags: ServeFlags) => {
    const settings = serveSettings(flags, process.env)
    const db = await prepareDb(settings.database, settings.policy, consoleLogger)
    const report = await migrate(db)
    console.log(`schema at version ${report.current} (${db.engine}: ${db.location})`)
    await db.close()
  })

const storage = program.command('storage').description('inspect and maintain the telemetry storage')

storage.command('status')
  .description('engine, TimescaleDB version, hypertable size and chunks, compression, policies, aggregates, jobs')
  .addOption(dataDirOption())
  .option('--json', 'print JSON instead of a table')
  .option('--api-url <url>', 'ask a running server instead of opening the database (used automatically when the data directory is in use)')
  .action(async (flags: { dataDir?: string; json?: boolean; apiUrl?: string }) => {
    const status = await loadStatus(flags)
    if (flags.json) console.log(JSON.stringify(status, null, 2))
    else printStatus(status)
  })

storage.command('run-jobs')
  .description('run TimescaleDB policy jobs now (retention, compression, aggregate refresh) on the embedded database')
  .addOption(dataDirOption())
  .option('--all', 'run every job, not only those that are due')
  .action(async (flags: { dataDir?: string; all?: boolean }) => {
    const db = await openDb(databaseSettings(flags, process.env))
    await migrate(db)
    if (db.engine !== 'embedded') {
      await db.close()
      throw new Error('run-jobs is for the embedded database; with DATABASE_URL, TimescaleDB runs its jobs itself')
    }
    const runner = new EmbeddedJobRunner(db, systemClock, { info: () => {}, error: () => {} })
    for (const run of await runner.runDue({ all: flags.all === true })) {
      console.log(`job ${run.jobId} ${run.procName} on ${run.target ?? '-'}: ${run.succeeded ? 'ok' : `FAILED: ${run.error}`} (${run.durationMs} ms)`)
    }
    await db.close()
  })

const dbCommand = program.command('db').description('the embedded database')
dbCommand.command('serve')
  .description('serve the embedded database over the PostgreSQL wire protocol (psql, Grafana, tests); the HTTP server must not be running on the same data directory')
  .requiredOption('--port <port>', 'port to listen on', port)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .addOption(dataDirOption())
  .action(async (flags: { port: number; host: string; dataDir?: string }) => {
    const settings = databaseSettings(flags, process.env)
    if (settings.kind !== 'embedded') throw new Error('db serve exposes the embedded database; unset DATABASE_URL')
    const db = await openEmbeddedDb(settings.dataDir)
    await migrate(db)
    const wire = await serveWireProtocol(db.pglite, flags.host, flags.port)
    console.error(`embedded database ${db.location} served at ${wire.url}`)
    onShutdown(async () => {
      await wire.close()
      await db.close()
    })
  })

async function loadStatus(flags: { dataDir?: string; apiUrl?: string }) {
  if (flags.apiUrl) return fetchStatus(flags.apiUrl)
  const settings = databaseSettings(flags, process.env)
  // Opening would create an empty database: say what to run instead.
  if (settings.kind === 'embedded' && !existsSync(join(resolve(settings.dataDir), 'pg', 'PG_VERSION'))) {
    throw new Error(`${resolve(settings.dataDir)} holds no database yet: \`cnc-telemetry migrate --data-dir ${settings.dataDir}\` creates one, and so does \`cnc-telemetry serve\` (npm start) at its first start`)
  }
  let db
  try {
    db = await openDb(settings)
  } catch (err) {
    if (!/in use by process/.test((err as Error).message) || settings.kind !== 'embedded') throw err
    const urlFile = join(resolve(settings.dataDir), API_URL_FILE)
    return fetchStatus(existsSync(urlFile) ? readFileSync(urlFile, 'utf8').trim() : `http://127.0.0.1:${process.env.PORT ?? 8001}`)
  }
  try {
    return await storageStatus(db)
  } finally {
    await db.close()
  }
}

async function fetchStatus(apiUrl: string) {
  const url = `${apiUrl.replace(/\/$/, '')}/v1/storage/status`
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch((err: Error) => {
    throw new Error(`cannot reach ${url}: ${err.message}`)
  })
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as Awaited<ReturnType<typeof storageStatus>>
}

function onShutdown(close: () => Promise<void>): void {
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.error(`${signal}: finishing queued writes and closing the database…`)
    close().then(() => process.exit(0), (err: Error) => {
      console.error(`error while closing: ${err.message}`)
      process.exit(1)
    })
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

addCollectCommand(program, onShutdown)
addSimCommand(program, onShutdown)

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`error: ${err.message}`)
  process.exit(1)
})
