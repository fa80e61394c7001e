// Issue 14, fault 3, as a plant meets it: the server (`cnc-telemetry serve --config`) stopped
// with SIGTERM for a minute while the machine goes on and its agent keeps everything, then
// started again on the same data directory. The minute is collected from the agent's buffer:
// every change of it stored at its time, no data gap, no state held through unseen time.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { type DutyCycleSettings, type SimAgent, startSimAgent } from '../src/sim/mtconnect/index.js'
import { type Child, freePort, startCli, waitForOutput } from './helpers/cli.js'
import { getJson, tempDir, waitFor } from './helpers/system.js'

const BUSY: Partial<DutyCycleSettings> = {
  cycleSeconds: [2, 4], partsPerJob: [2, 3], loadSeconds: [0.5, 1], changeoverSeconds: [1, 2], bootIdleSeconds: [0.2, 0.4],
  feedHoldChance: 0.1, alarmChance: 0.05, powerOffChance: 0, partCountResetChance: 0,
}

describe('a restart of the server', () => {
  let agent: SimAgent | undefined
  let server: Child | undefined
  after(async () => {
    server?.process.kill('SIGKILL')
    await agent?.close()
  })

  it('loses nothing of a minute the agent still holds: collected from where the stored position stood', async () => {
    const id = 'CNC-RESTART-01'
    // The machine runs a minute behind the clock until the server is stopped; then that minute passes for it at once.
    let behind = 60_000
    agent = await startSimAgent({ port: 0, seed: 11, devices: [{ name: id, dutyCycle: BUSY }], clock: { now: () => Date.now() - behind } })
    const dir = tempDir()
    const config = join(dir, 'machines.yaml')
    writeFileSync(config, `machines:\n  - id: ${id}\n    agent_url: ${agent.url}\n`)
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const serve = () => startCli(['serve', '--host', '127.0.0.1', '--port', String(port), '--data-dir', join(dir, 'data'), '--config', config])
    const collector = async () => ((await getJson(`${url}/v1/collectors`)).body.collectors as { machine_id: string; next_sequence: number | null; gaps: number; connection: string }[]).find((c) => c.machine_id === id)

    const firstStart = Date.now()
    server = serve()
    await waitForOutput(server, /listening on/)
    const before = agent.sequences().nextSequence
    await waitFor('collecting before the stop', async () => ((await collector())?.next_sequence ?? 0) >= before, 30_000)
    // The first server stamped its keep-alives with its own clock, a minute ahead of the
    // machine's: they sit inside the minute about to pass for the machine. An observation of
    // that minute at exactly such a millisecond would find it taken (the first sample of a
    // millisecond is kept): an artifact of this test's clocks, left out of the comparison.
    const ownStamps = new Set(((await getJson(`${url}/v1/machines/${id}/history?resolution=raw&from=${new Date(firstStart - 1_000).toISOString()}&to=${new Date(Date.now() + 1_000).toISOString()}&limit=100000`)).body.points as { timestamp: string }[] | undefined ?? []).map((p) => Date.parse(p.timestamp)))
    assert.ok(ownStamps.size <= 5, `${ownStamps.size} samples stamped by the server's clock`)
    server.process.kill('SIGTERM')
    assert.equal(await server.exited, 0)

    behind = 0 // the minute the server is down
    agent.pump()
    const truth = agent.groundTruth(id).observations
    const missed = truth.filter((o) => o.sequence >= before && /_(execution|c1_speed|partcount)$/.test(o.dataItemId))
    assert.ok(missed.length >= 20, `${missed.length} changes while the server was down`)
    assert.ok(missed.some((o) => o.dataItemId.endsWith('_partcount')), 'parts were made while the server was down')

    server = serve()
    await waitForOutput(server, /listening on/)
    const end = agent.sequences().nextSequence
    const status = await waitFor('caught up after the restart', async () => {
      const c = await collector()
      return c && (c.next_sequence ?? 0) >= end && c.connection === 'streaming' ? c : undefined
    }, 30_000)
    assert.equal(status.gaps, 0)
    const events = (await getJson(`${url}/v1/machines/${id}/events?limit=100`)).body.events as { kind: string }[]
    assert.deepEqual(events.filter((e) => e.kind === 'data_gap'), [])

    const from = new Date(Date.now() - 10 * 60_000).toISOString()
    const history = await getJson(`${url}/v1/machines/${id}/history?resolution=raw&from=${from}&to=${new Date(Date.now() + 60_000).toISOString()}&limit=100000`)
    assert.equal(history.status, 200)
    const byMs = new Map((history.body.points as Record<string, unknown>[]).map((p) => [Date.parse(p.timestamp as string), p]))
    let checked = 0
    for (const [suffix, field] of [['_execution', 'execution'], ['_c1_speed', 'rpm'], ['_partcount', 'part_count']] as const) {
      const lastPerMs = new Map<number, string>()
      for (const o of missed.filter((x) => x.dataItemId.endsWith(suffix) && x.value !== 'UNAVAILABLE' && x.sequence < end && !ownStamps.has(x.timestamp))) lastPerMs.set(o.timestamp, o.value)
      for (const [ms, value] of lastPerMs) {
        // A keep-alive the collector stamped at that very millisecond moves the observation's
        // sample 1 ms later (MachineCollector.store): found there, it is not lost.
        const p = byMs.get(ms) ?? byMs.get(ms + 1)
        const near = [...byMs.entries()].filter(([t]) => Math.abs(t - ms) < 5).map(([t, q]) => ({ ms: t - ms, ...q }))
        assert.ok(p, `no sample at ${new Date(ms).toISOString()} for ${field} = ${value}; stored within 5 ms: ${JSON.stringify(near)}`)
        assert.equal(String(p[field]), field === 'execution' ? value : String(Number(value)), `${field} at ${new Date(ms).toISOString()}`)
        checked++
      }
    }
    assert.ok(checked >= 10, `${checked} changes of the minute compared`)
    const stoppedMinute = [...byMs.entries()].filter(([ms]) => ms >= (missed[0]?.timestamp ?? Infinity))
    assert.ok(stoppedMinute.every(([, p]) => p.state !== 'offline'), 'no time of the minute is marked unseen: it was all collected')
    server.process.kill('SIGTERM')
    assert.equal(await server.exited, 0)
    server = undefined
  })
})
