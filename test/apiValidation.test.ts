// Parameters and bodies that reached code that throws, or the database, and answered 500
// (or were stored as something else than what was meant). Each now gets a 400 that names
// the parameter and says what is accepted, and nothing is stored.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type TestSystem, getJson, postJson, sendJson, startTestSystem, uniqueMachineId } from './helpers/system.js'

async function request(method: string, url: string, body?: unknown) {
  const response = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await response.text()
  return { status: response.status, text, body: (() => { try { return JSON.parse(text) } catch { return text } })() }
}

describe('API parameters that gave 500', () => {
  let t: TestSystem
  const id = uniqueMachineId('VAL')
  before(async () => {
    t = await startTestSystem('embedded')
    assert.equal((await postJson(`${t.url}/v1/telemetry/ingest`, { machine_id: id, timestamp: new Date(Date.now() - 60_000).toISOString(), state: 'running', part_count: 0 })).status, 200)
  })
  after(() => t.close())

  const refused = async (method: string, path: string, body?: unknown, field?: RegExp) => {
    const r = await request(method, `${t.url}${path}`, body)
    assert.equal(r.status, 400, `${method} ${path}: ${r.status} ${r.text}`)
    assert.ok(!/at .*\.js:\d+/.test(r.text), `${method} ${path}: a stack in the answer`)
    if (field) assert.match(JSON.stringify(r.body.details), field, `${method} ${path}: ${r.text}`)
    return r.body
  }

  it('refuses a NUL in a machine id on every machine route, naming the rule', async () => {
    for (const sub of ['', '/history', '/events', '/oee', '/oee/hours', '/stops', '/ideal-cycles']) {
      const body = await refused('GET', `/v1/machines/a%00b${sub}`)
      assert.match(JSON.stringify(body), /NUL|machine id/, sub)
    }
    await refused('PUT', '/v1/machines/a%00b', { plant: 'P' })
    await refused('POST', '/v1/machines/a%00b/quality', { date: '2026-01-01', shift: 'x', scrap: 1 })
  })

  it('refuses alert and silence ids beyond any row id (99999999999999999999)', async () => {
    for (const [method, path] of [['GET', '/v1/alerts/99999999999999999999'], ['GET', '/v1/alerts/99999999999999999999/deliveries'], ['POST', '/v1/alerts/99999999999999999999/ack'], ['DELETE', '/v1/alerts/silences/99999999999999999999']]) {
      await refused(method as string, path as string, undefined, /id/)
    }
    assert.equal((await request('GET', `${t.url}/v1/alerts/9007199254740991`)).status, 404, 'the largest id we accept is a plain 404')
    // Found by test/fuzz.test.ts: Ajv takes "Infinity" for an integer within any bounds.
    await refused('DELETE', '/v1/alerts/silences/Infinity', undefined, /finite/)
    await refused('GET', '/v1/stops?limit=Infinity', undefined, /limit/)
    await refused('GET', '/v1/stops?limit=1e400', undefined, /limit/)
    await refused('GET', `/v1/machines/${id}/events?limit=-Infinity`, undefined, /limit/)
  })

  it('refuses dates that do not exist or lie outside 1970-2999', async () => {
    for (const date of ['2026-02-30', '0000-01-01', '9999-12-31', '2026-13-01']) {
      await refused('GET', `/v1/machines/${id}/oee?date=${date}`, undefined, /a date YYYY-MM-DD that exists/)
      await refused('GET', `/v1/machines/${id}/stops?date=${date}`, undefined, /a date YYYY-MM-DD that exists/)
      await refused('GET', `/v1/oee?from=${date}`, undefined, /from/)
    }
    assert.equal((await getJson(`${t.url}/v1/machines/${id}/oee?date=2028-02-29`)).status, 200, 'a leap day exists')
  })

  it('refuses silences of a trillion minutes or ending in year 275760, and says a year is the most', async () => {
    for (const body of [{ minutes: 1e12 }, { minutes: 5e9 }, { ends_at: '+275760-09-13T00:00:00.000Z' }, { minutes: 600_000 }]) {
      const r = await refused('POST', '/v1/alerts/silences', { machine_id: id, ...body })
      assert.match(JSON.stringify(r.details), /at most a year/, JSON.stringify(body))
    }
    assert.equal((await sendJson('POST', `${t.url}/v1/alerts/silences`, { machine_id: id, minutes: 60 })).status, 201)
  })

  it('refuses alert history paging past any id and a NUL in a filter', async () => {
    await refused('GET', '/v1/alerts/history?before=1e30', undefined, /before/)
    await refused('GET', '/v1/alerts/history?rule=%00', undefined, /NUL/)
    await refused('GET', '/v1/alerts/history?machine_id=..', undefined, /machine id/)
    assert.equal((await getJson(`${t.url}/v1/alerts/history?before=12`)).status, 200)
  })

  it('refuses a calendar for a plant named NUL, and NUL or lone surrogates anywhere in a JSON body', async () => {
    await refused('PUT', '/v1/oee/calendars/%00', { time_zone: 'UTC', shifts: [] })
    const body = await refused('PUT', `/v1/machines/${id}`, { plant: 'North\u0000' }, /plant/)
    assert.match(JSON.stringify(body.details), /NUL/)
    await refused('POST', '/v1/alerts/silences', { machine_id: id, minutes: 5, comment: 'x\ud800' }, /comment/)
  })

  it('refuses quality entries for a far date, a shift not started yet, and more scrap than parts made', async () => {
    await refused('POST', `/v1/machines/${id}/quality`, { date: '9999-12-31', shift: 'all-day', scrap: 1 }, /date/)
    await refused('POST', `/v1/machines/${id}/quality`, { date: '2099-01-01', shift: 'all-day', scrap: 1 }, /has not started yet/)
    await refused('POST', `/v1/machines/${id}/quality`, { ts: '2099-01-01T10:00:00Z', scrap: 1 }, /has not started yet/)
    const today = new Date().toISOString().slice(0, 10)
    const r = await refused('POST', `/v1/machines/${id}/quality`, { date: today, shift: 'all-day', scrap: 1_000_000 }, /counted 0 parts/)
    assert.match(JSON.stringify(r.details), /would exceed the parts made/)
  })
})

describe('what a client sends is stored as meant, or refused', () => {
  let t: TestSystem
  before(async () => {
    t = await startTestSystem('embedded')
  })
  after(() => t.close())

  it('registers endpoints only with the schemes of their protocol, and only known protocols', async () => {
    const id = uniqueMachineId('REG')
    for (const [body, field] of [
      [{ endpoint: 'file:///etc/passwd' }, 'endpoint'], [{ protocol: 'gopher' }, 'protocol'],
      [{ protocol: 'opcua', endpoint: 'http://127.0.0.1:4840' }, 'endpoint'], [{ protocol: 'mtconnect', endpoint: 'not a url' }, 'endpoint'],
    ] as const) {
      const r = await sendJson('PUT', `${t.url}/v1/machines/${id}`, body)
      assert.equal(r.status, 400, JSON.stringify(body))
      assert.equal(r.body.details[0].field, field)
    }
    assert.equal((await getJson(`${t.url}/v1/machines/${id}`)).status, 404, 'nothing was registered')
    for (const body of [{ protocol: 'opcua', endpoint: 'opc.tcp://127.0.0.1:4840' }, { protocol: 'mtconnect', endpoint: 'http://127.0.0.1:5000' }, { protocol: 'mqtt', endpoint: 'mqtts://127.0.0.1:8883' }]) {
      assert.equal((await sendJson('PUT', `${t.url}/v1/machines/${id}`, body)).status, 200, JSON.stringify(body))
    }
  })

  it('stores a leap second as the last millisecond of its minute', async () => {
    const id = uniqueMachineId('LEAP')
    const minute = new Date(Date.now() - 120_000).toISOString().slice(0, 16)
    const r = await postJson(`${t.url}/v1/telemetry/ingest`, { machine_id: id, timestamp: `${minute}:60Z`, rpm: 1 })
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const h = await getJson(`${t.url}/v1/machines/${id}/history?from=${minute}:00Z&resolution=raw`)
    assert.deepEqual(h.body.points.map((p: { timestamp: string }) => p.timestamp), [`${minute}:59.999Z`])
  })
})
