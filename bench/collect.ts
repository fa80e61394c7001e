// bench:collect — how many MTConnect machines one server collects from, and how far behind.
// The simulated agent runs in this process (one agent, N busy machines, one sequence space);
// the real server runs in its own process with a machines.yaml listing them. Every second the
// benchmark reads GET /v1/collectors: observations and samples per second, each collector's
// lag (receive time − newest observation time) and sequence lag, and the server's CPU time.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { CollectorStatus } from '../src/collectors/mtconnect/collectorStatus.js'
import { type DutyCycleSettings, fleetDeviceSpecs, startFleetOnOneAgent } from '../src/sim/mtconnect/index.js'
import { fmt, machineLine, progress, startServer, summarize } from './lib.js'

const { values } = parseArgs({ options: { machines: { type: 'string', default: '10,50,100' }, seconds: { type: 'string', default: '20' } } })
const counts = (values.machines ?? '10').split(',').map(Number)
const seconds = Number(values.seconds)

// Machines that change state every few seconds and report spindle and feed once a second
// while cutting: busier than real machines, which idle and cut for minutes.
const BUSY: Partial<DutyCycleSettings> = {
  cycleSeconds: [3, 8], partsPerJob: [1, 3], loadSeconds: [1, 2], changeoverSeconds: [2, 4], bootIdleSeconds: [0.5, 1],
  feedHoldChance: 0.1, feedHoldSeconds: [1, 3], alarmChance: 0.05, alarmSeconds: [2, 5], warningChance: 0.1, estopChance: 0.02,
  estopSeconds: [2, 4], powerOffChance: 0, partCountResetChance: 0.05,
}

const CLK_TCK = 100 // Linux USER_HZ

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
}

async function collectors(url: string): Promise<CollectorStatus[]> {
  const body = (await (await fetch(`${url}/v1/collectors`)).json()) as { collectors: CollectorStatus[] }
  return body.collectors
}

async function run(n: number) {
  const dir = join(tmpdir(), `cnc-bench-collect-${process.pid}-${n}`)
  rmSync(dir, { recursive: true, force: true })
  const devices = fleetDeviceSpecs(n, 1).map((d) => ({ ...d, dutyCycle: { ...d.dutyCycle, ...BUSY } }))
  const fleet = await startFleetOnOneAgent(0, n, { seed: 1, devices })
  const file = join(tmpdir(), `cnc-bench-collect-${process.pid}-${n}.yaml`)
  writeFileSync(file, `machines:\n${devices.map((d) => `  - id: ${d.name}\n    agent_url: ${fleet.urls[0]}\n    device: ${d.name}\n`).join('')}`)
  const port = 18_000 + n
  const server = await startServer(['--host', '127.0.0.1', '--port', String(port), '--data-dir', dir, '--config', file, '--log-level', 'warn'])
  const url = `http://127.0.0.1:${port}`
  try {
    // Warm-up: every collector streaming.
    for (let i = 0; i < 60; i++) {
      const s = await collectors(url)
      if (s.length === n && s.every((c) => c.connection === 'streaming')) break
      await new Promise((r) => setTimeout(r, 500))
    }
    const pid = server.child.pid ?? 0
    const start = await collectors(url)
    const cpu0 = cpuSeconds(pid)
    const t0 = performance.now()
    const lags: number[] = []
    let maxSequenceLag = 0
    let last = start
    while (performance.now() - t0 < seconds * 1000) {
      await new Promise((r) => setTimeout(r, 1000))
      last = await collectors(url)
      for (const c of last) {
        if (c.lag_ms !== null) lags.push(c.lag_ms)
        maxSequenceLag = Math.max(maxSequenceLag, c.sequence_lag ?? 0)
      }
      const obs = last.reduce((a, c) => a + c.observations, 0) - start.reduce((a, c) => a + c.observations, 0)
      progress(`${n} machines: ${fmt(obs / ((performance.now() - t0) / 1000))} observations/s`)
    }
    const elapsed = (performance.now() - t0) / 1000
    const cpu = (cpuSeconds(pid) - cpu0) / elapsed
    const sum = (s: CollectorStatus[], f: (c: CollectorStatus) => number) => s.reduce((a, c) => a + f(c), 0)
    process.stderr.write('\n')
    return {
      n,
      observations: (sum(last, (c) => c.observations) - sum(start, (c) => c.observations)) / elapsed,
      samples: (sum(last, (c) => c.samples_collected) - sum(start, (c) => c.samples_collected)) / elapsed,
      lag: summarize(lags),
      maxSequenceLag,
      gaps: sum(last, (c) => c.gaps),
      errors: last.filter((c) => c.last_error !== null).length,
      cpu,
    }
  } finally {
    await server.stop()
    await fleet.close()
    rmSync(dir, { recursive: true, force: true })
    rmSync(file, { force: true })
  }
}

const results = []
for (const n of counts) results.push(await run(n))
console.log(`\ncollector benchmark — ${machineLine()}`)
console.log(`  one simulated agent (this process) serving N busy machines; the server in its own process, embedded database, ${seconds} s each`)
for (const r of results) {
  console.log(`  ${String(r.n).padStart(4)} machines: ${fmt(r.observations)} observations/s → ${fmt(r.samples)} samples/s, ` +
    `lag p50 ${fmt(r.lag.p50)} ms p95 ${fmt(r.lag.p95)} ms, max sequence lag ${r.maxSequenceLag}, gaps ${r.gaps}, ` +
    `collectors with errors ${r.errors}, server CPU ${fmt(r.cpu * 100)} % of one core`)
}
