// `cnc-telemetry sim mtconnect`: the MTConnect agent simulator on its own. Wiring only.
import { type Command, Option } from 'commander'
import { DEFAULT_SCHEMA_VERSION, type FaultSettings, SCHEMA_VERSIONS, type SchemaVersion, type SimAgent, type SimFleet, parsePortRange, startFleetOnOneAgent, startFleetOnPorts, startReplayAgent } from '../sim/mtconnect/index.js'
import { nonNegativeInt, port, positiveInt, positiveNumber } from './options.js'

interface SimFlags {
  port: number
  host: string
  machines?: number
  ports?: string
  seed: number
  bufferSize?: number
  schema: SchemaVersion
  heartbeat?: number
  replay?: string
  devices?: string
  device?: string
  speed: number
  loop?: boolean
  delay?: number
  http500Probability?: number
  clockSkew?: number
  statusEvery: number
}

export function addSimCommand(program: Command, onShutdown: (close: () => Promise<void>) => void): void {
  const sim = program.command('sim').description('simulators to develop and test against')
  sim.command('mtconnect')
    .description('an MTConnect agent (probe, current, sample, streaming) serving simulated CNCs with a seeded duty cycle, ' +
      'or replaying a recorded SHDR stream; faults on demand with POST /sim/faults (see docs/simulator.md)')
    .addOption(new Option('--port <port>', 'port of the agent (the first of --ports when given)').argParser(port).default(5000))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--machines <n>', 'one agent serving n machines CNC-SIM-001… in one sequence space').argParser((v: string) => positiveInt(v, 'machines')).conflicts('ports'))
    .option('--ports <range>', 'one agent per port, one machine each, e.g. 5000-5009')
    .addOption(new Option('--seed <n>', 'duty-cycle seed: the same seed gives the same machines').argParser((v: string) => nonNegativeInt(v, 'seed')).default(1))
    .addOption(new Option('--buffer-size <n>', 'observations the agent keeps (its ring buffer)').argParser((v: string) => positiveInt(v, 'buffer size')))
    .addOption(new Option('--schema <version>', 'schema of the documents: 2.7 (cppagent 2.6\'s default: errors named after the error, with their range) or 2.5 (<Error>)').choices([...SCHEMA_VERSIONS]).default(DEFAULT_SCHEMA_VERSION))
    .addOption(new Option('--heartbeat <ms>', 'default heartbeat of streams').argParser((v: string) => positiveInt(v, 'heartbeat')))
    .option('--replay <file.shdr>', 'replay a recorded SHDR stream instead of simulating (needs --devices)')
    .option('--devices <Devices.xml>', 'device model of the replayed recording')
    .option('--device <name>', 'the device of --devices the recording belongs to (default: its first)')
    .addOption(new Option('--speed <factor>', 'replay speed: 1 real time, 10 ten times faster').argParser(positiveNumber).default(1))
    .option('--loop', 'start the replay over after its last line')
    .addOption(new Option('--delay <ms>', 'fault: every response waits this long').argParser((v: string) => nonNegativeInt(v, 'delay')))
    .addOption(new Option('--http500-probability <p>', 'fault: chance of an HTTP 500 per request (0-1)').argParser(Number))
    .addOption(new Option('--clock-skew <ms>', 'fault: machine clock offset added to observation timestamps').argParser(Number))
    .addOption(new Option('--status-every <seconds>', 'print sequence numbers this often (0: never)').argParser((v: string) => nonNegativeInt(v, 'seconds')).default(30))
    .action(async (flags: SimFlags) => {
      const faults: Partial<FaultSettings> = {}
      if (flags.delay !== undefined) faults.delayMs = flags.delay
      if (flags.http500Probability !== undefined) faults.http500Probability = flags.http500Probability
      if (flags.clockSkew !== undefined) faults.clockSkewMs = flags.clockSkew
      const common = { host: flags.host, seed: flags.seed, bufferSize: flags.bufferSize, schemaVersion: flags.schema, heartbeatMs: flags.heartbeat, faults }
      let fleet: SimFleet
      if (flags.replay) {
        if (!flags.devices) throw new Error('--replay needs --devices <Devices.xml>: the device model the recording belongs to')
        const agent: SimAgent = await startReplayAgent({ ...common, port: flags.port, shdrFile: flags.replay, devicesXmlFile: flags.devices, deviceName: flags.device, speed: flags.speed, loop: flags.loop })
        fleet = { agents: [agent], urls: [agent.url], close: () => agent.close() }
      } else if (flags.ports) {
        fleet = await startFleetOnPorts(parsePortRange(flags.ports), common)
      } else {
        fleet = await startFleetOnOneAgent(flags.port, flags.machines ?? 1, common)
      }
      for (const agent of fleet.agents) console.error(`MTConnect agent ${agent.url} (instanceId ${agent.instanceId}): ${agent.devices.join(', ')}`)
      console.error('  /probe /current /sample?from=&count= /sample?interval= ; faults: POST /sim/faults')
      const timer = flags.statusEvery > 0 ? setInterval(() => {
        for (const agent of fleet.agents) {
          const s = agent.sequences()
          console.error(`${agent.url}: sequences ${s.firstSequence}–${s.lastSequence}, next ${s.nextSequence}`)
        }
      }, flags.statusEvery * 1000) : undefined
      onShutdown(async () => {
        clearInterval(timer)
        await fleet.close()
      })
    })
}
