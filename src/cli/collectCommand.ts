// `cnc-telemetry collect`: the MTConnect collectors on their own, posting to a remote server
// (the seed's separate adapter). Wiring only.
import type { Command } from 'commander'
import { CollectorFleet } from '../collectors/collectorFleet.js'
import { RemoteIngestSink } from '../collectors/remoteIngestSink.js'
import { formatConfigProblem } from '../config/configError.js'
import type { FleetConfig } from '../config/machinesConfig.js'
import { ConfigFileWatcher } from '../config/configFileWatcher.js'
import { loadMachinesFile } from '../config/machinesFile.js'
import { systemClock } from '../domain/clock.js'

export function addCollectCommand(program: Command, onShutdown: (close: () => Promise<void>) => void): void {
  program.command('collect')
    .description('collect from the MTConnect agents of machines.yaml and post to a running server (edits to the file apply without a restart)')
    .requiredOption('--config <machines.yaml>', 'the machines to collect from')
    .requiredOption('--api-url <url>', 'the server to post to, e.g. http://10.0.0.2:8001')
    .option('--status-every <seconds>', 'print each machine\'s collector status this often (0: never)', '30')
    .action(async (flags: { config: string; apiUrl: string; statusEvery: string }) => {
      const log = {
        info: (_o: object, msg: string) => console.error(msg),
        warn: (_o: object, msg: string) => console.error(`warning: ${msg}`),
      }
      const sink = new RemoteIngestSink(flags.apiUrl)
      const fleet = new CollectorFleet(sink, systemClock, log)
      const apply = async ({ machines, warnings }: FleetConfig) => {
        for (const w of warnings) log.warn({}, formatConfigProblem(w))
        for (const m of machines) {
          await sink.register(m.id, { plant: m.plant, model: m.model, vendor: m.vendor, protocol: m.protocol, endpoint: m.agentUrl })
            .catch((err: Error) => log.warn({}, `${err.message} (samples still flow; the registry entry follows on the next edit)`))
        }
        const change = await fleet.apply(machines)
        for (const [what, ids] of Object.entries(change)) if (ids.length > 0) log.info({}, `collectors ${what}: ${ids.join(', ')}`)
      }
      await apply(loadMachinesFile(flags.config))
      const watcher = new ConfigFileWatcher(flags.config, loadMachinesFile, apply, (err) => console.error(`error: ${err.message}\nkeeping the machines as they were`), new Date())
      watcher.start()
      const every = Number(flags.statusEvery)
      const timer = every > 0 ? setInterval(() => {
        for (const s of fleet.statuses()) {
          console.error(`${s.machine_id}: ${s.connection}, ${s.samples_collected} samples, ${s.gaps} gaps (${s.lost_sequences} sequences lost)${s.last_error ? `, last error ${s.last_error.at}: ${s.last_error.message}` : ''}`)
        }
      }, every * 1000) : undefined
      console.error(`collecting from ${fleet.statuses().length} machine(s) of ${flags.config}, posting to ${flags.apiUrl}`)
      onShutdown(async () => {
        clearInterval(timer)
        await watcher.close()
        await fleet.close()
        await sink.close()
      })
    })
}
