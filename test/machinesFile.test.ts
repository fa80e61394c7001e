// machines.yaml end to end: the server follows edits without a restart, refuses a broken one
// while keeping its machines, refuses to start on a broken file; the standalone collector
// posts to a remote server. Real processes, real simulated agents.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { parseMachinesYaml } from '../src/config/machinesConfig.js'
import { type SimAgent, startSimAgent } from '../src/sim/mtconnect/index.js'
import { freePort, runCli, startCli, waitForOutput } from './helpers/cli.js'
import { readSeed } from './helpers/seed.js'
import { type TestSystem, getJson, startTestSystem, tempDir, waitFor } from './helpers/system.js'

const yamlFor = (agent: SimAgent, machines: { id: string; plant: string; vendor?: string }[]) =>
  `machines:\n${machines.map((m) => `  - id: ${m.id}\n    agent_url: ${agent.url}\n    device: ${m.id}\n    plant: ${m.plant}\n    model: Sim\n${m.vendor ? `    vendor: ${m.vendor}\n` : ''}`).join('')}`
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('machines.yaml', () => {
  let agent: SimAgent
  const dir = tempDir('cnc-telemetry-config-')
  const file = join(dir, 'machines.yaml')

  before(async () => {
    agent = await startSimAgent({ port: 0, devices: [{ name: 'CFG-1' }, { name: 'CFG-2' }, { name: 'CFG-3' }], heartbeatMs: 500 })
  })
  after(() => agent.close())

  describe('in the server', () => {
    let t: TestSystem
    const collectorIds = async () => ((await getJson(`${t.url}/v1/collectors`)).body.collectors as { machine_id: string }[]).map((c) => c.machine_id)

    before(async () => {
      writeFileSync(file, yamlFor(agent, [{ id: 'CFG-1', plant: 'North', vendor: 'okuma' }, { id: 'CFG-2', plant: 'North' }]))
      t = await startTestSystem('embedded', { tune: (s) => { s.collectors.machinesFile = file } })
    })
    after(() => t.close())

    it('collects the machines of the file and registers their plant and model', async () => {
      assert.deepEqual(await collectorIds(), ['CFG-1', 'CFG-2'])
      const m = await waitFor('a sample', async () => {
        const { body } = await getJson(`${t.url}/v1/machines/CFG-1`)
        return body.last_sample ? body : undefined
      })
      assert.deepEqual([m.plant, m.model, m.protocol], ['North', 'Sim', 'mtconnect'])
      assert.equal(m.collector.connection, 'streaming')
    })

    it('shows at load a vendor without a profile as a warning of the file, with file, line and the known profiles', async () => {
      const { config } = (await getJson(`${t.url}/v1/collectors`)).body as { config: { error: string | null; warnings: string[] } }
      assert.equal(config.error, null)
      assert.equal(config.warnings.length, 1)
      assert.match(config.warnings[0] ?? '', new RegExp(`^${escaped(file)}:7: machines\\[0\\]\\.vendor: "okuma" \\(CFG-1\\) has no built-in profile \\(known: fanuc\\)`))
      assert.deepEqual(await collectorIds(), ['CFG-1', 'CFG-2'], 'and collects the machine all the same')
    })

    it('follows edits without a restart: a machine added, one removed, one changed', async () => {
      writeFileSync(file, yamlFor(agent, [{ id: 'CFG-2', plant: 'South' }, { id: 'CFG-3', plant: 'North' }]))
      await waitFor('the new machine list', async () => (await collectorIds()).join() === 'CFG-2,CFG-3')
      const m = await waitFor('the new plant', async () => {
        const { body } = await getJson(`${t.url}/v1/machines/CFG-2`)
        return body.plant === 'South' ? body : undefined
      })
      assert.equal(m.plant, 'South')
      await waitFor('CFG-3 collected', async () => ((await getJson(`${t.url}/v1/machines/CFG-3`)).body.collector?.samples_collected ?? 0) > 0)
      assert.deepEqual((await getJson(`${t.url}/v1/collectors`)).body.config.warnings, [], 'the warnings are those of the file in effect')
    })

    it('refuses a broken edit as a whole, keeps the machines running and shows why with file and line', async () => {
      writeFileSync(file, `machines:\n  - id: CFG-1\n    agent_url: nowhere\n`)
      const config = await waitFor('the error shown', async () => {
        const { body } = await getJson(`${t.url}/v1/collectors`)
        return body.config.error ? body.config : undefined
      })
      assert.match(config.error, new RegExp(`${escaped(file)}:3: machines\\[0\\]\\.agent_url`))
      assert.deepEqual(await collectorIds(), ['CFG-2', 'CFG-3'])
      writeFileSync(file, yamlFor(agent, [{ id: 'CFG-3', plant: 'North' }]))
      await waitFor('the fixed file applied', async () => {
        const { body } = await getJson(`${t.url}/v1/collectors`)
        return body.config.error === null && body.collectors.length === 1
      })
    })
  })

  describe("as the seed writes it (../shared/seed/machines.yaml)", () => {
    const text = readSeed('machines.yaml')
    const agents: SimAgent[] = []
    let t: TestSystem
    after(async () => {
      await t?.close()
      for (const a of agents) await a.close()
    })

    it('reads its ids, agent_url, plant and model', () => {
      const { machines } = parseMachinesYaml(text, 'machines.yaml')
      assert.deepEqual(machines.map((m) => [m.id, m.agentUrl, m.plant, m.model]), [
        ['ABR-850', 'http://10.0.1.50:5000', 'Planta 1', 'ABR-850'],
        ['CNC-SIM-001', 'http://localhost:5000', 'Lab', 'Simulator'],
        ['CNC-SIM-002', 'http://localhost:5001', 'Lab', 'Simulator'],
      ])
    })

    it('registers its machines, collects the simulated ones and reports the plant-network one unreachable', async () => {
      // Only loopback: the plant address becomes a loopback port where nothing listens, the
      // two simulators' ports become simulated agents serving one machine each.
      for (const name of ['CNC-SIM-001', 'CNC-SIM-002']) agents.push(await startSimAgent({ port: 0, devices: [{ name }], heartbeatMs: 500 }))
      const local = text.replace('http://10.0.1.50:5000', `http://127.0.0.1:${await freePort()}`)
        .replace('http://localhost:5000', agents[0]?.url ?? '').replace('http://localhost:5001', agents[1]?.url ?? '')
      assert.doesNotMatch(local, /10\.0\.1\.50|localhost:500/)
      const file = join(dir, 'seed-machines.yaml')
      writeFileSync(file, local)
      t = await startTestSystem('embedded', { tune: (s) => { s.collectors.machinesFile = file } })
      const machines = (await getJson(`${t.url}/v1/machines`)).body.machines as { id: string; plant: string; model: string }[]
      assert.deepEqual(machines.map((m) => [m.id, m.plant, m.model]).sort(), [['ABR-850', 'Planta 1', 'ABR-850'], ['CNC-SIM-001', 'Lab', 'Simulator'], ['CNC-SIM-002', 'Lab', 'Simulator']])
      const status = (id: string) => getJson(`${t.url}/v1/machines/${id}`).then((r) => r.body.collector as { connection: string; last_error: { message: string } | null; samples_collected: number })
      const abr = await waitFor('ABR-850 unreachable', async () => { const c = await status('ABR-850'); return c.connection === 'unreachable' ? c : undefined })
      assert.match(abr.last_error?.message ?? '', /ECONNREFUSED|connect/)
      for (const id of ['CNC-SIM-001', 'CNC-SIM-002']) await waitFor(`${id} collected`, async () => (await status(id)).samples_collected > 0)
      assert.equal((await getJson(`${t.url}/v1/machines/ABR-850`)).body.state, 'offline')
    })
  })

  it('stops the server from starting when the file is broken, naming file, line and field', async () => {
    const broken = join(dir, 'broken.yaml')
    writeFileSync(broken, 'machines:\n  - id: A\n    agent_url: http://127.0.0.1:1\n    colour: red\n')
    const r = await runCli(['serve', '--host', '127.0.0.1', '--port', String(await freePort()), '--data-dir', join(dir, 'data-broken'), '--config', broken])
    assert.notEqual(r.code, 0)
    assert.match(r.output, /broken\.yaml:4: machines\[0\]\.colour: unknown field/)
  })

  it('collect posts to a remote server: samples, registry entry and status lines', async () => {
    const t = await startTestSystem('embedded')
    const standalone = join(dir, 'standalone.yaml')
    writeFileSync(standalone, yamlFor(agent, [{ id: 'CFG-3', plant: 'Remote', vendor: 'Okuma' }]))
    const collector = startCli(['collect', '--config', standalone, '--api-url', t.url, '--status-every', '1'])
    try {
      await waitForOutput(collector, /collecting from 1 machine/)
      await waitForOutput(collector, /warning: .*standalone\.yaml:7: machines\[0\]\.vendor: "Okuma" \(CFG-3\) has no built-in profile \(known: fanuc\)/)
      const m = await waitFor('samples at the server', async () => {
        const { status, body } = await getJson(`${t.url}/v1/machines/CFG-3`)
        return status === 200 && body.last_sample && body.plant === 'Remote' ? body : undefined
      })
      assert.equal(m.last_sample.src, 'mtconnect')
      await waitForOutput(collector, /CFG-3: streaming, \d+ samples, 0 gaps/)
    } finally {
      collector.process.kill('SIGTERM')
      assert.equal(await collector.exited, 0)
      await t.close()
    }
  })
})
