// The MTConnect collector against the real simulated agent, writing through the real ingest
// into the embedded TimescaleDB. What the agent's ground truth holds is compared with what
// was stored, sample by sample.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CollectorFleet } from '../src/collectors/collectorFleet.js'
import type { CollectorStatus } from '../src/collectors/mtconnect/collectorStatus.js'
import { type CollectorTuning, DEFAULT_TUNING } from '../src/collectors/mtconnect/machineCollector.js'
import type { MachineConfig } from '../src/config/machinesConfig.js'
import { type Clock, systemClock } from '../src/domain/clock.js'
import { IngestSink } from '../src/ingest/ingestSink.js'
import { type DutyCycleSettings, type SimAgent, type SimAgentOptions, type TruthObservation, startReplayAgent, startSimAgent } from '../src/sim/mtconnect/index.js'
import { RemoteIngestSink } from '../src/collectors/remoteIngestSink.js'
import type { SampleSink } from '../src/ingest/sampleSink.js'
import { mtconnectSamplePath } from './helpers/samples.js'
import { type TestSystem, getJson, startTestSystem, uniqueMachineId, waitFor } from './helpers/system.js'

// A machine that changes state every second or so, so that seconds of test see every kind of
// transition (the default duty cycle takes minutes).
const BUSY: Partial<DutyCycleSettings> = {
  cycleSeconds: [1, 2], partsPerJob: [1, 2], loadSeconds: [0.3, 0.6], changeoverSeconds: [0.5, 1], bootIdleSeconds: [0.1, 0.2],
  feedHoldChance: 0.2, feedHoldSeconds: [0.3, 0.6], alarmChance: 0.1, alarmSeconds: [0.5, 1], warningChance: 0.1,
  estopChance: 0.05, estopSeconds: [0.5, 1], powerOffChance: 0, partCountResetChance: 0.1,
}

const FAST: CollectorTuning = { ...DEFAULT_TUNING, timeoutMs: 2_000, heartbeatMs: 500, intervalMs: 100, pollMs: 200, backoffMinMs: 50, backoffMaxMs: 400 }

const silent = { info: () => {}, warn: () => {} }

interface Point { timestamp: string; rpm?: number; part_count?: number; execution?: string; state?: string; feed_mm_min?: number; alarm?: string }

async function storedPoints(t: TestSystem, machineId: string, fromMs: number): Promise<Point[]> {
  const from = new Date(fromMs - 60_000).toISOString()
  const to = new Date(Date.now() + 60_000).toISOString()
  const { status, body } = await getJson(`${t.url}/v1/machines/${machineId}/history?resolution=raw&from=${from}&to=${to}&limit=100000`)
  assert.equal(status, 200, JSON.stringify(body))
  return body.points as Point[]
}

/**
 * Every observation of Execution, spindle speed and part count the agent produced after
 * `sinceMs`, up to what the collector has read, is stored at its millisecond with its value.
 */
async function assertNothingLost(t: TestSystem, machineId: string, agent: SimAgent, device: string, sinceMs: number, status: CollectorStatus, keep: (o: TruthObservation) => boolean = () => true): Promise<number> {
  const points = await storedPoints(t, machineId, sinceMs)
  const byMs = new Map(points.map((p) => [Date.parse(p.timestamp), p]))
  const instance = Number(status.instance_id)
  const truth = agent.groundTruth(device).observations.filter((o) => o.timestamp >= sinceMs && o.instanceId === instance && o.sequence < (status.next_sequence ?? 0) && keep(o))
  let checked = 0
  for (const [suffix, field] of [['_execution', 'execution'], ['_c1_speed', 'rpm'], ['_partcount', 'part_count']] as const) {
    const lastPerMs = new Map<number, string>()
    for (const o of truth.filter((x) => x.dataItemId.endsWith(suffix) && x.value !== 'UNAVAILABLE')) lastPerMs.set(o.timestamp, o.value)
    for (const [ms, value] of lastPerMs) {
      const p = byMs.get(ms)
      assert.ok(p, `${machineId}: no sample at ${new Date(ms).toISOString()} for ${field} = ${value} (sequence ${truth.find((o) => o.timestamp === ms && o.dataItemId.endsWith(suffix))?.sequence})`)
      assert.equal(String(p[field]), field === 'execution' ? value : String(Number(value)), `${machineId} ${field} at ${new Date(ms).toISOString()}`)
      checked++
    }
  }
  return checked
}

/** Waits until the agent produced at least `n` checkable observations after `sinceMs`: a lossless check over nothing proves nothing. */
function enoughTruth(agent: SimAgent, device: string, sinceMs: number, n = 6) {
  return waitFor(`${n} observations from ${device}`, () => {
    agent.pump()
    return agent.groundTruth(device).observations.filter((o) => o.timestamp >= sinceMs && o.value !== 'UNAVAILABLE' && /_(execution|c1_speed|partcount)$/.test(o.dataItemId)).length >= n
  })
}

describe('MTConnect collector against the simulated agent', () => {
  let t: TestSystem
  const fleets: CollectorFleet[] = []
  const agents: SimAgent[] = []

  before(async () => {
    t = await startTestSystem('embedded')
  })
  after(async () => {
    await Promise.all(fleets.map((f) => f.close()))
    await Promise.all(agents.map((a) => a.close()))
    await t.close()
  })

  async function agentWith(devices: string[], options: Partial<SimAgentOptions> = {}): Promise<SimAgent> {
    const agent = await startSimAgent({ port: 0, devices: devices.map((name) => ({ name, dutyCycle: BUSY })), seed: 7, heartbeatMs: 500, ...options })
    agents.push(agent)
    return agent
  }

  function collect(machines: MachineConfig[], tuning: CollectorTuning = FAST, sink: SampleSink = new IngestSink(t.system.ingest, t.system.db), clock: Clock = systemClock): CollectorFleet {
    const fleet = new CollectorFleet(sink, clock, silent, tuning)
    fleets.push(fleet)
    void fleet.apply(machines)
    return fleet
  }

  const machine = (id: string, agent: SimAgent, device?: string): MachineConfig => ({ id, protocol: 'mtconnect', agentUrl: agent.url, device, mapping: {} })

  it('streams a machine losslessly: every Execution, spindle speed and part count observation is stored at its time', async () => {
    const id = uniqueMachineId('STREAM')
    const agent = await agentWith([id])
    const started = Date.now()
    const fleet = collect([machine(id, agent)])
    await enoughTruth(agent, id, started + 1_000, 10)
    const status = await waitFor('the collector to catch up', () => {
      const s = fleet.status(id)
      return s && s.sequence_lag === 0 && s.connection === 'streaming' ? s : undefined
    })
    const checked = await assertNothingLost(t, id, agent, id, started + 1_000, status)
    assert.ok(checked >= 5, `${checked} observations checked`)
    assert.equal(status.gaps, 0)
    assert.equal(status.samples_rejected, 0)
    const points = await storedPoints(t, id, started)
    const stateless = points.filter((p) => p.state === undefined)
    assert.deepEqual(stateless, [], 'every sample has a state')
    assert.ok(points.some((p) => p.feed_mm_min !== undefined && p.feed_mm_min > 0), 'the feed arrives, in mm/min')
  })

  it('polls an agent the same way when streaming is off', async () => {
    const id = uniqueMachineId('POLL')
    const agent = await agentWith([id])
    const started = Date.now()
    const fleet = collect([machine(id, agent)], { ...FAST, streaming: false })
    await enoughTruth(agent, id, started + 1_000, 10) // a margin, as for streaming: polling sees what the agent held at its last poll
    const status = await waitFor('the collector to catch up', () => {
      const s = fleet.status(id)
      return s && s.sequence_lag === 0 && s.connection === 'polling' ? s : undefined
    })
    assert.ok(await assertNothingLost(t, id, agent, id, started + 1_000, status) >= 3)
  })

  it('picks its device on an agent serving several, and asks for one when none is configured', async () => {
    const [a, b] = [uniqueMachineId('DEVA'), uniqueMachineId('DEVB')]
    const agent = await agentWith([a, b])
    const noDevice = uniqueMachineId('NODEV')
    const fleet = collect([machine(a, agent, a), machine(b, agent, b), machine(noDevice, agent)])
    await waitFor('both devices collected', () => (fleet.status(a)?.samples_collected ?? 0) > 0 && (fleet.status(b)?.samples_collected ?? 0) > 0)
    const err = await waitFor('an error for the machine without device', () => fleet.status(noDevice)?.last_error)
    assert.match(err.message, /serves 2 devices .*set "device"/)
    const history = await storedPoints(t, a, Date.now() - 60_000)
    assert.ok(history.length > 0)
  })

  it('records an agent restart, probes again and goes on collecting from the new instance', async () => {
    const id = uniqueMachineId('RESTART')
    const agent = await agentWith([id])
    const fleet = collect([machine(id, agent)])
    const before = await waitFor('collecting', () => (fleet.status(id)?.samples_collected ?? 0) > 2 && fleet.status(id))
    agent.faults.restart()
    const after = await waitFor('the restart noticed', () => {
      const s = fleet.status(id)
      return s && s.agent_restarts === 1 && s.instance_id !== before.instance_id && s.samples_collected > before.samples_collected ? s : undefined
    })
    assert.equal(after.instance_id, String(agent.instanceId))
    const { body } = await getJson(`${t.url}/v1/machines/${id}/events`)
    const restart = body.events.find((e: { kind: string }) => e.kind === 'agent_restart')
    assert.ok(restart, JSON.stringify(body.events))
    assert.equal(restart.detail.previous_instance_id, before.instance_id)
  })

  it('never asks a count above the agent\'s bufferSize (256 slots, count 1000 configured) and loses nothing, polling and streaming', async () => {
    for (const streaming of [false, true]) {
      const id = uniqueMachineId(streaming ? 'SMALLBUFS' : 'SMALLBUFP')
      const agent = await agentWith([id], { bufferSize: 256 })
      const started = Date.now()
      const fleet = collect([machine(id, agent)], { ...FAST, count: 1000, streaming })
      await enoughTruth(agent, id, started + 1_000, 10)
      const status = await waitFor('the collector to catch up', () => {
        const s = fleet.status(id)
        return s && s.sequence_lag === 0 && s.connection === (streaming ? 'streaming' : 'polling') ? s : undefined
      })
      assert.ok(await assertNothingLost(t, id, agent, id, started + 1_000, status) >= 3)
      assert.equal(status.gaps, 0)
      assert.equal(status.last_error, null, JSON.stringify(status.last_error))
    }
  })

  /** The machine's data_gap (or other) events, oldest first. */
  async function eventsOf(id: string, kind: string): Promise<{ ts: string; detail: Record<string, number | string | null> }[]> {
    const { body } = await getJson(`${t.url}/v1/machines/${id}/events?limit=100`)
    return body.events.filter((e: { kind: string }) => e.kind === kind).reverse()
  }

  interface GapDetail { cause: string; from_sequence: number; to_sequence: number; lost_sequences: number; first_sequence: number }

  /**
   * Each data gap is exact: its count is its range, it ends where the agent's buffer began,
   * and the next one (the buffer can move on again by the next request) starts at or after it.
   * Returns whether an observation lies outside every lost range.
   */
  function exactGaps(gaps: { detail: Record<string, unknown> }[], status: CollectorStatus): (o: TruthObservation) => boolean {
    const details = gaps.map((g) => g.detail as unknown as GapDetail)
    for (const d of details) {
      assert.equal(d.lost_sequences, d.to_sequence - d.from_sequence + 1, JSON.stringify(d))
      assert.equal(d.first_sequence, d.to_sequence + 1, `resumes at the oldest sequence the agent held: ${JSON.stringify(d)}`)
    }
    for (let i = 1; i < details.length; i++) assert.ok((details[i]?.from_sequence ?? 0) >= (details[i - 1]?.first_sequence ?? 0), JSON.stringify(details))
    assert.equal(status.lost_sequences, details.reduce((sum, d) => sum + d.lost_sequences, 0))
    assert.equal(status.gaps, details.length)
    return (o) => details.every((d) => o.sequence < d.from_sequence || o.sequence > d.to_sequence)
  }

  /** Waits until the device has an observation the collector has not read yet: what a loss then takes is its own. */
  async function unreadObservation(agent: SimAgent, device: string, fleet: CollectorFleet, id: string): Promise<void> {
    await waitFor('an unread observation of the device', () => {
      agent.pump()
      const next = fleet.status(id)?.next_sequence ?? Infinity
      return agent.groundTruth(device).observations.some((o) => o.sequence >= next && /_(execution|c1_speed|partcount)$/.test(o.dataItemId))
    })
  }

  /**
   * The time the collector did not see is not held in the state before it: right after the
   * newest sample stored before the gap comes an offline sample, and the first sample after the
   * gap holds offline (OEE: no data), not the state before.
   */
  async function assertUnseenMarked(id: string, gapAt: number): Promise<void> {
    const { rows } = await t.system.db.query<{ ts: Date; state: string | null; held_state: string | null }>(
      `SELECT ts, state, held_state FROM telemetry WHERE machine_id = $1 AND ts <= $2 ORDER BY ts DESC LIMIT 3`, [id, new Date(gapAt)])
    const marker = rows.find((r) => r.state === 'offline')
    assert.ok(marker, `an offline sample marks the unseen time: ${JSON.stringify(rows)}`)
    const after = await t.system.db.query<{ held_state: string | null; held_s: number | null }>(
      `SELECT held_state, held_s FROM telemetry WHERE machine_id = $1 AND ts > $2 ORDER BY ts LIMIT 1`, [id, marker.ts])
    assert.ok(after.rows[0], 'samples follow the gap')
    assert.notEqual(after.rows[0].held_state, 'running', 'no running time is counted through the gap')
    assert.ok(after.rows[0].held_state === 'offline' || after.rows[0].held_state === null, JSON.stringify(after.rows[0]))
  }

  it('falls behind a schema 2.7 agent: a data gap of exactly what left the buffer, everything before and after stored, the unseen time not held', async () => {
    const id = uniqueMachineId('OVERFLOW')
    const agent = await agentWith([id], { bufferSize: 64 })
    const started = Date.now()
    const fleet = collect([machine(id, agent)], { ...FAST, streaming: false, pollMs: 1_500 })
    await waitFor('polling', () => {
      const s = fleet.status(id)
      return s && s.connection === 'polling' && s.next_sequence !== null && s.sequence_lag === 0 ? s : undefined
    })
    await unreadObservation(agent, id, fleet, id)
    const burstAt = Date.now()
    agent.faults.burst(500)
    await waitFor('the gap recorded', () => (fleet.status(id)?.gaps ?? 0) >= 1)
    await enoughTruth(agent, id, burstAt, 6)
    const target = agent.sequences().nextSequence
    const after = await waitFor('collecting again', () => {
      const s = fleet.status(id)
      return s && (s.next_sequence ?? 0) >= target && s.connection === 'polling' ? s : undefined
    })
    const gaps = await eventsOf(id, 'data_gap')
    assert.ok(gaps[0], 'a data_gap event')
    assert.ok(gaps.every((g) => g.detail.cause === 'buffer_overflow'))
    const outside = exactGaps(gaps, after)
    // Exactly the lost ranges are missing: every observation outside them is stored.
    const checked = await assertNothingLost(t, id, agent, id, started + 1_000, after, outside)
    assert.ok(checked >= 3, `${checked} observations checked; gaps ${JSON.stringify(gaps)}, status ${JSON.stringify(after)}`)
    assert.equal(after.last_error, null, JSON.stringify(after.last_error))
    await assertUnseenMarked(id, burstAt + 500)
  })

  /**
   * An agent whose machines run `behindMs` behind the real clock until `jump()`: then the time a
   * stopped collector missed passes for them at once (their observations arrive in its buffer),
   * without the test waiting for it.
   */
  async function agentWithJump(id: string, behindMs: number, options: Partial<SimAgentOptions> = {}) {
    let offset = behindMs
    // The collectors run on the same clock: the time they stamp keep-alives with is the machine's.
    const clock: Clock = { now: () => Date.now() - offset }
    const agent = await agentWith([id], { clock, ...options })
    return { agent, clock, jump: () => { offset = 0; agent.pump() } }
  }

  it('resumes where it stopped after a restart of the collector: a minute the agent still holds loses nothing, through the HTTP API and in process', async () => {
    const id = uniqueMachineId('RESUME')
    const { agent, clock, jump } = await agentWithJump(id, 60_000)
    const started = Date.now() - 60_000
    // Before the stop: a standalone collector (`collect`) posting to the server's API.
    const remote = new RemoteIngestSink(t.url)
    const first = collect([machine(id, agent)], FAST, remote, clock)
    await enoughTruth(agent, id, started + 1_000, 6)
    const target = agent.sequences().nextSequence
    await waitFor('caught up before the stop', () => (first.status(id)?.next_sequence ?? 0) >= target && first.status(id)?.sequence_lag === 0)
    await first.close()
    await remote.close()
    const stopped = await getJson(`${t.url}/v1/collectors/${id}/position`)
    assert.equal(stopped.status, 200, JSON.stringify(stopped.body))
    assert.equal(stopped.body.instance_id, String(agent.instanceId))
    const stoppedAt = stopped.body.next_sequence as number
    jump() // the minute the collector is stopped: the machine goes on, the agent keeps it all
    const missed = agent.groundTruth(id).observations.filter((o) => o.sequence >= stoppedAt && /_(execution|c1_speed|partcount)$/.test(o.dataItemId))
    assert.ok(missed.length >= 20, `${missed.length} observations while stopped`)
    assert.ok(missed.some((o) => o.dataItemId.endsWith('_partcount')), 'parts were made while stopped')
    // After: the server's own collectors, from the position committed with the samples.
    const second = collect([machine(id, agent)])
    const end = agent.sequences().nextSequence
    const status = await waitFor('caught up after the restart', () => {
      const s = second.status(id)
      return s && (s.next_sequence ?? 0) >= end && s.connection === 'streaming' ? s : undefined
    })
    assert.equal(status.gaps, 0)
    assert.deepEqual(await eventsOf(id, 'data_gap'), [])
    const checked = await assertNothingLost(t, id, agent, id, started + 1_000, status)
    assert.ok(checked >= missed.length, `${checked} observations checked, ${missed.length} of them while stopped`)
  })

  it('resumes after a stop longer than the agent\'s buffer: a data gap of exactly the part it no longer holds, the rest stored, the unseen time not held', async () => {
    const id = uniqueMachineId('RESUMEGAP')
    const { agent, clock, jump } = await agentWithJump(id, 60_000, { bufferSize: 64 })
    const started = Date.now() - 60_000
    const first = collect([machine(id, agent)], FAST, undefined, clock)
    await enoughTruth(agent, id, started + 1_000, 3)
    const target = agent.sequences().nextSequence
    await waitFor('caught up before the stop', () => (first.status(id)?.next_sequence ?? 0) >= target && first.status(id)?.sequence_lag === 0)
    await first.close()
    const stopped = (await getJson(`${t.url}/v1/collectors/${id}/position`)).body
    jump()
    assert.ok(agent.sequences().firstSequence > stopped.next_sequence, 'the buffer no longer holds where the collector stopped')
    const second = collect([machine(id, agent)])
    await enoughTruth(agent, id, Date.now(), 3)
    const end = agent.sequences().nextSequence
    const status = await waitFor('caught up after the restart', () => {
      const s = second.status(id)
      return s && (s.next_sequence ?? 0) >= end && s.connection === 'streaming' ? s : undefined
    })
    const gaps = await eventsOf(id, 'data_gap')
    const d = gaps[0]?.detail as unknown as GapDetail
    assert.ok(d, 'a data_gap event')
    assert.equal(d.cause, 'collector_stopped')
    assert.equal(d.from_sequence, stopped.next_sequence, 'from where the stored position stood')
    // Every observation outside the lost ranges is stored.
    const outside = exactGaps(gaps, status)
    await assertNothingLost(t, id, agent, id, started + 1_000, status, outside)
      .catch((e: Error) => { throw new Error(`${e.message}; gaps ${JSON.stringify(gaps)}, stopped at ${JSON.stringify(stopped)}`) })
    await assertUnseenMarked(id, Date.parse(stopped.last_sample_at) + 1)
  })

  it('a device without data beside a busy one on a small buffer: no false data gap when its stream falls out of the buffer', async () => {
    const [busy, quiet] = [uniqueMachineId('BUSYDEV'), uniqueMachineId('QUIETDEV')]
    const agent = await startSimAgent({ port: 0, seed: 7, heartbeatMs: 500, bufferSize: 256, devices: [{ name: busy, dutyCycle: BUSY }, { name: quiet, adapterConnected: false }] })
    agents.push(agent)
    const fleet = collect([machine(busy, agent, busy), machine(quiet, agent, quiet)], { ...FAST, heartbeatMs: 2_000 })
    await waitFor('both streaming', () => fleet.status(busy)?.connection === 'streaming' && fleet.status(quiet)?.connection === 'streaming' && fleet.status(quiet)?.sequence_lag !== null)
    // More than the buffer within one heartbeat of the quiet device's stream, none of it its own.
    agent.faults.burst(1_000)
    const status = await waitFor('the quiet device skipped what was not its own', () => {
      const s = fleet.status(quiet)
      return s && s.skipped_sequences > 0 && s.connection === 'streaming' ? s : undefined
    })
    assert.equal(status.gaps, 0)
    assert.equal(status.lost_sequences, 0)
    assert.deepEqual(await eventsOf(quiet, 'data_gap'), [], 'no data gap for a machine that lost nothing')
    assert.equal((await getJson(`${t.url}/v1/machines/${quiet}`)).body.state, 'offline', 'no adapter: the machine is offline, as its agent says')
  })

  it('shows an agent that answers with an error as agent_error with its message, once, not as a lost connection', async () => {
    const id = uniqueMachineId('AGENTERR')
    const agent = await agentWith([id])
    const fleet = collect([machine(id, agent, 'NOPE')])
    const status = await waitFor('the agent error', () => {
      const s = fleet.status(id)
      return s && s.connection === 'agent_error' && s.reconnects === 0 ? s : undefined
    })
    assert.match(status.last_error?.message ?? '', /NO_DEVICE: Could not find the device 'NOPE'/)
    await new Promise((r) => setTimeout(r, 1_500)) // several retries
    assert.equal((await eventsOf(id, 'agent_error')).length, 1)
    assert.deepEqual(await eventsOf(id, 'connection_lost'), [])
  })

  it('takes a collector\'s samples with its position over the API, and refuses a bad position or another machine\'s sample by name', async () => {
    const id = uniqueMachineId('POSAPI')
    const at = new Date(Date.now() - 1_000).toISOString()
    const post = (body: unknown) => fetch(`${t.url}/v1/collectors/${id}/samples`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const bad = await post({ position: { instance_id: '', next_sequence: -1, extra: 1 }, samples: [] })
    assert.equal(bad.status, 400)
    const fields = ((await bad.json()) as { details: { field: string }[] }).details.map((d) => d.field).sort()
    assert.deepEqual(fields, ['position.extra', 'position.instance_id', 'position.next_sequence', 'samples'])
    const mixed = await post({ position: { instance_id: '17', next_sequence: 42 }, samples: [{ machine_id: id, timestamp: at, state: 'idle' }, { machine_id: 'OTHER-1', timestamp: at, state: 'idle' }] })
    assert.equal(mixed.status, 200)
    const outcome = (await mixed.json()) as { accepted: number; rejected: number; errors: { index: number; field: string }[] }
    assert.deepEqual([outcome.accepted, outcome.rejected, outcome.errors[0]?.index, outcome.errors[0]?.field], [1, 1, 1, 'machine_id'])
    const position = await getJson(`${t.url}/v1/collectors/${id}/position`)
    assert.deepEqual([position.body.instance_id, position.body.next_sequence, position.body.last_sample_at], ['17', 42, at])
    assert.equal((await getJson(`${t.url}/v1/collectors/NEVER-SEEN-1/position`)).status, 404)
  })

  it('gets through HTTP 500s, malformed XML and dropped connections without losing an observation', async () => {
    const id = uniqueMachineId('FAULTS')
    const agent = await agentWith([id])
    const started = Date.now()
    const fleet = collect([machine(id, agent)])
    await waitFor('streaming', () => fleet.status(id)?.connection === 'streaming')
    agent.faults.set({ http500Next: 2, malformedNext: 2, dropNext: 2 })
    await waitFor('the faults used up', () => {
      const f = agent.faults.status()
      return f.http500Next === 0 && f.malformedNext === 0 && f.dropNext === 0
    })
    await enoughTruth(agent, id, started + 1_000)
    const status = await waitFor('caught up again', () => {
      const s = fleet.status(id)
      return s && s.connection === 'streaming' && s.sequence_lag === 0 ? s : undefined
    })
    assert.ok(status.reconnects >= 1)
    assert.ok(status.last_error, 'the last error is shown')
    assert.equal(status.gaps, 0)
    assert.ok(await assertNothingLost(t, id, agent, id, started + 1_000, status) >= 3)
  })

  it('marks an unreachable agent offline, records the outage, and the return', async () => {
    const id = uniqueMachineId('OFFLINE')
    let agent = await startSimAgent({ port: 0, devices: [{ name: id, dutyCycle: BUSY }], heartbeatMs: 500 })
    const port = agent.port
    const fleet = collect([machine(id, agent)])
    await waitFor('collecting', () => (fleet.status(id)?.samples_collected ?? 0) > 0)
    await agent.close()
    await waitFor('unreachable', () => fleet.status(id)?.connection === 'unreachable')
    const detail = await waitFor('the machine offline', async () => {
      const { body } = await getJson(`${t.url}/v1/machines/${id}`)
      return body.state === 'offline' ? body : undefined
    })
    assert.equal(detail.last_sample.state, 'offline')
    assert.match(fleet.status(id)?.last_error?.message ?? '', new RegExp(`127\\.0\\.0\\.1:${port}`))
    agent = await startSimAgent({ port, devices: [{ name: id, dutyCycle: BUSY }], heartbeatMs: 500 })
    agents.push(agent)
    await waitFor('back', () => fleet.status(id)?.connection === 'streaming', 20_000)
    const { body } = await getJson(`${t.url}/v1/machines/${id}/events`)
    const kinds = body.events.map((e: { kind: string }) => e.kind)
    assert.ok(kinds.includes('connection_lost') && kinds.includes('connection_restored'), kinds.join())
  })

  it('shows a machine whose agent reports it UNAVAILABLE (powered off) as offline, and back when powered on', async () => {
    const id = uniqueMachineId('POWER')
    const agent = await agentWith([id])
    const fleet = collect([machine(id, agent)])
    await waitFor('collecting', () => (fleet.status(id)?.samples_collected ?? 0) > 0)
    agent.faults.powerOff(id)
    await waitFor('offline', async () => (await getJson(`${t.url}/v1/machines/${id}`)).body.state === 'offline')
    assert.equal(fleet.status(id)?.connection, 'streaming', 'the agent is reachable: only the machine is off')
    agent.faults.powerOn(id)
    await waitFor('powered on again', async () => (await getJson(`${t.url}/v1/machines/${id}`)).body.state !== 'offline')
  })

  it('corrects the timestamps of a machine whose clock runs ahead, instead of losing its data', async () => {
    const id = uniqueMachineId('SKEW')
    const agent = await agentWith([id])
    const fleet = collect([machine(id, agent)])
    await waitFor('collecting', () => (fleet.status(id)?.samples_collected ?? 0) > 0)
    agent.faults.set({ clockSkewMs: 30 * 60_000 })
    const status = await waitFor('the skew seen', () => {
      const s = fleet.status(id)
      return s && s.clock_skew_ms !== null ? s : undefined
    })
    assert.ok(Math.abs((status.clock_skew_ms ?? 0) - 30 * 60_000) < 10_000, String(status.clock_skew_ms))
    const collected = status.samples_collected
    await waitFor('more samples', () => (fleet.status(id)?.samples_collected ?? 0) > collected + 2)
    assert.equal(fleet.status(id)?.samples_rejected, 0)
    const points = await storedPoints(t, id, Date.now() - 60_000)
    assert.ok(points.every((p) => Date.parse(p.timestamp) < Date.now() + 60_000), 'nothing stored in the future')
  })

  it('a slow, a failing and a garbage-speaking agent never delay a healthy machine', async () => {
    const [healthy, slow, failing, garbage] = ['HEALTHY', 'SLOW', 'FAILING', 'GARBAGE'].map((p) => uniqueMachineId(p)) as [string, string, string, string]
    const healthyAgent = await agentWith([healthy])
    const slowAgent = await agentWith([slow])
    slowAgent.faults.set({ delayMs: 5_000 })
    const failingAgent = await agentWith([failing])
    failingAgent.faults.set({ http500Probability: 1 })
    const garbageAgent = await agentWith([garbage])
    garbageAgent.faults.set({ malformedNext: 1_000_000 })
    const fleet = collect([machine(healthy, healthyAgent), machine(slow, slowAgent), machine(failing, failingAgent), machine(garbage, garbageAgent)])
    await new Promise((r) => setTimeout(r, 4_000))
    const h = fleet.status(healthy)
    assert.equal(h?.connection, 'streaming')
    assert.equal(h?.last_error, null)
    assert.ok((h?.samples_collected ?? 0) >= 3, `healthy machine collected ${h?.samples_collected}`)
    assert.ok((h?.lag_ms ?? Infinity) < 2_000, `healthy machine lags ${h?.lag_ms} ms`)
    assert.match(fleet.status(failing)?.last_error?.message ?? '', /HTTP 500/)
    assert.match(fleet.status(garbage)?.last_error?.message ?? '', /malformed XML|not valid|line/i)
    assert.notEqual(fleet.status(slow)?.connection, 'streaming')
  })

  it('collects the recorded Okuma lathe replayed at 20×: feed in mm/min, execution as recorded', async () => {
    const id = uniqueMachineId('OKUMA')
    const agent = await startReplayAgent({
      port: 0, shdrFile: mtconnectSamplePath('okuma-2022-08-08.shdr'), devicesXmlFile: mtconnectSamplePath('demo-Devices.xml'),
      deviceName: 'OKUMA', speed: 20, heartbeatMs: 500,
    })
    agents.push(agent)
    const fleet = collect([machine(id, agent)])
    await new Promise((r) => setTimeout(r, 5_000))
    const status = await waitFor('caught up', () => {
      const s = fleet.status(id)
      return s && s.sequence_lag === 0 && s.samples_collected > 0 ? s : undefined
    })
    const points = await storedPoints(t, id, Date.now() - 120_000)
    const byMs = new Map(points.map((p) => [Date.parse(p.timestamp), p]))
    const truth = agent.groundTruth('OKUMA').observations.filter((o) => o.sequence < (status.next_sequence ?? 0))
    const feeds = truth.filter((o) => o.dataItemId === 'Lp1Fact' && o.value !== 'UNAVAILABLE')
    assert.ok(feeds.length > 5, `${feeds.length} feed observations replayed`)
    const lastFeedPerMs = new Map(feeds.map((o) => [o.timestamp, Number(o.value)]))
    let compared = 0
    for (const [ms, mmPerSecond] of lastFeedPerMs) {
      const p = byMs.get(ms)
      if (!p) continue // the initial /current carries only the latest value of each item
      assert.ok(Math.abs((p.feed_mm_min ?? NaN) - mmPerSecond * 60) < 1e-6, `feed at ${new Date(ms).toISOString()}: ${p.feed_mm_min} vs ${mmPerSecond} mm/s`)
      compared++
    }
    assert.ok(compared >= feeds.length - 1, `${compared} of ${feeds.length} feed observations stored`)
  })
})
