import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DRIVERS, type TestSystem, getJson, isoAgo, postJson, startTestSystem, uniqueMachineId } from './helpers/system.js'

for (const driver of DRIVERS) {
  describe(`ingest over HTTP (${driver} driver)`, () => {
    let t: TestSystem
    let ingestUrl: string
    before(async () => {
      t = await startTestSystem(driver, { tune: (s) => { s.ingest.maxBodyBytes = 4 * 1024 * 1024 } })
      ingestUrl = `${t.url}/v1/telemetry/ingest`
    })
    after(() => t.close())

    const count = async (machineId: string) =>
      (await t.system.db.query<{ n: number }>('SELECT count(*)::int AS n FROM telemetry WHERE machine_id = $1', [machineId])).rows[0]?.n

    it("accepts the seed's sample unchanged, with curl's default form content type, and registers the machine", async () => {
      const id = uniqueMachineId('TEST')
      const body = JSON.stringify({ machine_id: id, timestamp: new Date().toISOString(), rpm: 4500, feed_mm_min: 1400, state: 'running' })
      const r = await postJson(ingestUrl, body, { 'content-type': 'application/x-www-form-urlencoded' })
      assert.equal(r.status, 200)
      assert.deepEqual(r.body, { accepted: 1, duplicates: 0, rejected: 0, errors: [] })
      const machine = await getJson(`${t.url}/v1/machines/${id}`)
      assert.equal(machine.status, 200)
      assert.equal(machine.body.state, 'running')
      assert.equal(machine.body.last_sample.rpm, 4500)
      const list = await getJson(`${t.url}/v1/machines`)
      assert.ok(list.body.machines.some((m: { id: string }) => m.id === id))
    })

    it('accepts a body with no content type at all', async () => {
      const id = uniqueMachineId()
      const response = await fetch(ingestUrl, { method: 'POST', body: Buffer.from(JSON.stringify({ machine_id: id, timestamp: new Date().toISOString(), rpm: 1 })) })
      assert.equal(response.status, 200)
      assert.equal(await count(id), 1)
    })

    it('accepts NDJSON and reports an unparsable line by its index without blocking the others', async () => {
      const id = uniqueMachineId()
      const now = Date.now()
      const lines = [
        JSON.stringify({ machine_id: id, timestamp: isoAgo(3000, now), rpm: 100 }),
        '{"machine_id": "x", "rpm": NaN}',
        '',
        JSON.stringify({ machine_id: id, timestamp: isoAgo(1000, now), rpm: 200 }),
      ].join('\n')
      const r = await postJson(ingestUrl, lines, { 'content-type': 'application/x-ndjson' })
      assert.equal(r.status, 200)
      assert.equal(r.body.accepted, 2)
      assert.equal(r.body.rejected, 1)
      assert.equal(r.body.errors[0].index, 1)
      assert.match(r.body.errors[0].reason, /line 2 is not valid JSON/)
      assert.equal(await count(id), 2)
    })

    it('stores the valid items of a mixed batch and names index, field and reason of each bad one', async () => {
      const id = uniqueMachineId()
      const now = Date.now()
      const items = [
        { machine_id: id, timestamp: isoAgo(5000, now), rpm: 10, state: 'idle' },
        { machine_id: id, timestamp: isoAgo(4000, now), rpm: -1 },
        { machine_id: id, timestamp: isoAgo(3000, now), feed_mm_min: '1400' },
        { machine_id: id, timestamp: isoAgo(2000, now), state: 'cutting' },
        { machine_id: 'bad id!', timestamp: isoAgo(1000, now) },
        { machine_id: id, timestamp: new Date(now + 10 * 60_000).toISOString() },
        { machine_id: id, timestamp: isoAgo(31 * 86_400_000, now) },
        { machine_id: id, timestamp: '2026-03-01 08:00:00' },
        { machine_id: id, timestamp: isoAgo(500, now), rpm: 20, state: 'running' },
      ]
      const r = await postJson(ingestUrl, items)
      assert.equal(r.status, 200)
      assert.equal(r.body.accepted, 2)
      assert.equal(r.body.rejected, 7)
      const byIndex = new Map(r.body.errors.map((e: { index: number; field: string; reason: string }) => [e.index, e]))
      const expect = (index: number, field: string, reason: RegExp) => {
        const e = byIndex.get(index) as { field: string; reason: string } | undefined
        assert.ok(e, `item ${index} should be reported`)
        assert.equal(e.field, field)
        assert.match(e.reason, reason)
      }
      expect(1, 'rpm', />= 0/)
      expect(2, 'feed_mm_min', /must be a number, got the string "1400"/)
      expect(3, 'state', /running, idle, stopped, offline/)
      expect(4, 'machine_id', /A-Z a-z 0-9/)
      expect(5, 'timestamp', /in the future/)
      expect(6, 'timestamp', /older than the retention window/)
      expect(7, 'timestamp', /with a zone/)
      assert.equal(await count(id), 2)
    })

    it('answers 400 with every item explained when nothing is valid', async () => {
      const r = await postJson(ingestUrl, [{ machine_id: 'A', rpm: 5 }, { timestamp: new Date().toISOString() }])
      assert.equal(r.status, 400)
      assert.equal(r.body.error, 'no_valid_samples')
      assert.deepEqual(r.body.details.map((d: { index: number; field: string }) => [d.index, d.field]), [[0, 'timestamp'], [1, 'machine_id']])
    })

    it('rejects malformed JSON with 400 and where it broke', async () => {
      const r = await postJson(ingestUrl, '{"machine_id": "A", "rpm": 1,,}')
      assert.equal(r.status, 400)
      assert.equal(r.body.error, 'invalid_json')
      assert.match(r.body.message, /line 1, column/)
    })

    it('rejects a body that is neither JSON nor NDJSON with 415', async () => {
      const r = await postJson(ingestUrl, 'machine_id=A&rpm=1', { 'content-type': 'application/x-www-form-urlencoded' })
      assert.equal(r.status, 415)
      assert.equal(r.body.error, 'unsupported_media_type')
    })

    it('rejects an empty body and an empty array with 400', async () => {
      const r = await postJson(ingestUrl, '', { 'content-type': 'application/json' })
      assert.equal(r.status, 400)
      assert.equal(r.body.error, 'empty_body')
      const empty = await postJson(ingestUrl, [])
      assert.equal(empty.status, 400)
      assert.equal(empty.body.error, 'empty_batch')
    })

    it('refuses a body over the limit with 413 and stores nothing of it', async () => {
      const id = uniqueMachineId()
      const big = JSON.stringify(Array.from({ length: 60_000 }, (_, i) => ({ machine_id: id, timestamp: isoAgo(i * 10), rpm: i, program: 'O1234' })))
      assert.ok(big.length > 4 * 1024 * 1024)
      const r = await postJson(ingestUrl, big)
      assert.equal(r.status, 413)
      assert.equal(r.body.error, 'body_too_large')
      assert.equal(await count(id), 0)
    })

    it('stores a 10,000-item batch completely and counts a resend as duplicates', async () => {
      const id = uniqueMachineId()
      const now = Date.now()
      const items = Array.from({ length: 10_000 }, (_, i) => ({ machine_id: id, timestamp: isoAgo((10_000 - i) * 100, now), rpm: i, state: i % 2 ? 'running' : 'idle', part_count: i }))
      const first = await postJson(ingestUrl, items)
      assert.deepEqual([first.status, first.body.accepted, first.body.duplicates], [200, 10_000, 0])
      const again = await postJson(ingestUrl, items)
      assert.deepEqual([again.status, again.body.accepted, again.body.duplicates], [200, 0, 10_000])
      assert.equal(await count(id), 10_000)
    })

    it('counts a repeated key inside one request as a duplicate', async () => {
      const id = uniqueMachineId()
      const ts = new Date().toISOString()
      const r = await postJson(ingestUrl, [{ machine_id: id, timestamp: ts, rpm: 1 }, { machine_id: id, timestamp: ts, rpm: 2 }])
      assert.deepEqual([r.body.accepted, r.body.duplicates], [1, 1])
      const stored = await t.system.db.query<{ rpm: number }>('SELECT rpm FROM telemetry WHERE machine_id = $1', [id])
      assert.deepEqual(stored.rows.map((x) => x.rpm), [1], 'the first occurrence wins')
    })

    it('answers every one of many concurrent requests only after its samples are stored', async () => {
      const id = uniqueMachineId()
      const now = Date.now()
      const requests = Array.from({ length: 40 }, (_, r) =>
        postJson(ingestUrl, Array.from({ length: 50 }, (_, i) => ({ machine_id: id, timestamp: isoAgo(((r * 50) + i + 1) * 10, now), rpm: r })))
          .then(async (res) => ({ res, storedAtAck: await count(id) })))
      const results = await Promise.all(requests)
      for (const { res, storedAtAck } of results) {
        assert.equal(res.status, 200)
        assert.equal(res.body.accepted, 50)
        assert.ok((storedAtAck ?? 0) >= 50)
      }
      assert.equal(await count(id), 2000)
      const stats = await getJson(`${t.url}/readyz`)
      assert.ok(stats.body.ingest.batches < stats.body.ingest.rows, 'requests were grouped into fewer writes than samples')
    })

    it('keeps millisecond precision and every optional field', async () => {
      const id = uniqueMachineId()
      const ts = isoAgo(1234)
      const sample = { machine_id: id, timestamp: ts, rpm: 1200.5, feed_mm_min: 350.25, state: 'stopped', part_count: 42, program: 'O1001', execution: 'FEED_HOLD', mode: 'AUTOMATIC', alarm: 'EX0001 door open', sequence: 99, src: 'mtconnect' }
      assert.equal((await postJson(ingestUrl, sample)).body.accepted, 1)
      const history = await getJson(`${t.url}/v1/machines/${id}/history?resolution=raw&from=${encodeURIComponent(isoAgo(60_000))}`)
      assert.deepEqual(history.body.points, [{ ...sample, machine_id: undefined, timestamp: ts }].map(({ machine_id: _m, ...rest }) => rest))
    })
  })
}
