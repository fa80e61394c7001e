// The fleet summary, the machine registry and machine events over the real HTTP API.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { QUERY_FRESHNESS_MS } from '../src/analytics/oee/oeeService.js'
import { type OeeFigures, rollUp } from '../src/domain/oee/oeeFigures.js'
import { type TestSystem, getJson, postJson, sendJson, startTestSystem } from './helpers/system.js'

describe('fleet summary and machine registry', () => {
  let t: TestSystem
  let now = Date.now()
  const clock = { now: () => now }

  before(async () => {
    t = await startTestSystem('embedded', { clock })
    const fleet: [string, string, string, string, number][] = [
      ['P1-A', 'Plant 1', 'VF-2', 'running', 4000],
      ['P1-B', 'Plant 1', 'VF-2', 'running', 2000],
      ['P1-C', 'Plant 1', 'NLX', 'idle', 0],
      ['P2-A', 'Plant 2', 'NLX', 'stopped', 0],
    ]
    for (const [id, plant, model] of fleet) {
      const r = await sendJson('PUT', `${t.url}/v1/machines/${id}`, { plant, model, protocol: 'mtconnect' })
      assert.equal(r.status, 200)
    }
    const r = await postJson(`${t.url}/v1/telemetry/ingest`, fleet.map(([id, , , state, rpm]) => ({ machine_id: id, timestamp: new Date(now - 1000).toISOString(), state, rpm })))
    assert.equal(r.body.accepted, 4)
  })
  after(() => t.close())

  it('counts machines per state, averages rpm of running machines, per plant', async () => {
    const { status, body } = await getJson(`${t.url}/v1/fleet/summary`)
    assert.equal(status, 200)
    assert.deepEqual(body.states, { running: 2, idle: 1, stopped: 1, offline: 0 })
    assert.equal(body.avg_rpm_running, 3000)
    assert.deepEqual(body.plants.map((p: { plant: string; total: number }) => [p.plant, p.total]), [['Plant 1', 3], ['Plant 2', 1]])
    assert.deepEqual(body.machines.running, ['P1-A', 'P1-B'])
  })

  it('filters by plant, model and state, and refuses an unknown state by name', async () => {
    assert.equal((await getJson(`${t.url}/v1/fleet/summary?plant=Plant%202`)).body.total, 1)
    assert.equal((await getJson(`${t.url}/v1/fleet/summary?model=NLX`)).body.total, 2)
    assert.deepEqual((await getJson(`${t.url}/v1/fleet/summary?state=idle`)).body.machines.idle, ['P1-C'])
    const bad = await getJson(`${t.url}/v1/fleet/summary?state=cutting`)
    assert.equal(bad.status, 400)
    assert.match(JSON.stringify(bad.body), /state/)
  })

  it('counts a machine silent for longer than the sample gap as offline', async () => {
    now += 10 * 60_000
    try {
      const { body } = await getJson(`${t.url}/v1/fleet/summary`)
      assert.deepEqual(body.states, { running: 0, idle: 0, stopped: 0, offline: 4 })
    } finally {
      now -= 10 * 60_000
    }
  })

  it('records machine events and lists them newest first, also in the machine detail', async () => {
    const ts = new Date(now - 500).toISOString()
    const r = await postJson(`${t.url}/v1/machines/P1-A/events`, { timestamp: ts, kind: 'data_gap', detail: { lost_sequences: 12 } })
    assert.equal(r.status, 201)
    const { body } = await getJson(`${t.url}/v1/machines/P1-A/events`)
    assert.deepEqual(body.events[0], { ts, kind: 'data_gap', detail: { lost_sequences: 12 } })
    const detail = await getJson(`${t.url}/v1/machines/P1-A`)
    assert.equal(detail.body.recent_events[0].kind, 'data_gap')
    assert.equal(detail.body.plant, 'Plant 1')
    assert.equal(detail.body.collector, null, 'no collector for a machine fed over HTTP')
  })

  it('refuses bad registry entries and events with the field named', async () => {
    let r = await sendJson('PUT', `${t.url}/v1/machines/P1-A`, { plant: 7, colour: 'red' })
    assert.equal(r.status, 400)
    assert.deepEqual(r.body.details.map((d: { field: string }) => d.field).sort(), ['colour', 'plant'])
    r = await sendJson('PUT', `${t.url}/v1/machines/bad%20id`, { plant: 'x' })
    assert.equal(r.status, 400)
    r = await postJson(`${t.url}/v1/machines/P1-A/events`, { timestamp: 'yesterday', kind: 'lunch', detail: [] })
    assert.equal(r.status, 400)
    assert.deepEqual(r.body.details.map((d: { field: string }) => d.field), ['timestamp', 'kind', 'detail'])
    r = await postJson(`${t.url}/v1/machines/P1-A/events`, '{"timestamp":')
    assert.equal(r.body.error, 'invalid_json')
  })
  it("gives each plant and the fleet today's OEE that agrees with the machines' own figures, seconds after new data", async () => {
    await getJson(`${t.url}/v1/fleet/summary`) // figures stored as they were
    now += 60_000
    // Every machine sends (as a collector's keep-alive does); P1-C and P2-A start cutting.
    const r = await postJson(`${t.url}/v1/telemetry/ingest`, [['P1-A', 'running'], ['P1-B', 'running'], ['P1-C', 'running'], ['P2-A', 'running']]
      .map(([id, state]) => ({ machine_id: id, timestamp: new Date(now - 30_000).toISOString(), state, rpm: 3000 })))
    assert.equal(r.body.accepted, 4)
    now += QUERY_FRESHNESS_MS
    const summary = (await getJson(`${t.url}/v1/fleet/summary`)).body
    const own = async (id: string) => (await getJson(`${t.url}/v1/machines/${id}/oee`)).body.figures as OeeFigures
    const plant1 = rollUp(await Promise.all(['P1-A', 'P1-B', 'P1-C'].map(own)))
    const plant2 = rollUp([await own('P2-A')])
    const headline = (f: OeeFigures) => ({ oee: f.oee, availability: f.availability, basis: f.basis, coverage: f.coverage })
    const pick = (o: Record<string, unknown>) => ({ oee: o.oee, availability: o.availability, basis: o.basis, coverage: o.coverage })
    assert.deepEqual(pick(summary.plants[0].oee_today), headline(plant1))
    assert.deepEqual(pick(summary.plants[1].oee_today), headline(plant2))
    assert.deepEqual(pick(summary.oee_today), headline(rollUp([plant1, plant2])))
  })

})
