// The dashboard's server side without a browser: the built app served at / with page paths
// falling back to it (never shadowing the API), and the live stream (GET /v1/stream).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ingest } from './helpers/browser.js'
import { type TestSystem, startTestSystem, uniqueMachineId, waitFor } from './helpers/system.js'

/** Reads Server-Sent Events from a fetch body into a list that the test can wait on. */
function readEvents(body: ReadableStream<Uint8Array>) {
  const events: { event: string; data: any }[] = [] // eslint-disable-line @typescript-eslint/no-explicit-any -- event bodies are inspected freely
  let ended = false
  let text = ''
  void (async () => {
    const decoder = new TextDecoder()
    for await (const chunk of body) {
      text += decoder.decode(chunk, { stream: true })
      let end: number
      while ((end = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, end)
        text = text.slice(end + 2)
        const event = /^event: (.*)$/m.exec(block)?.[1]
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (event && data) events.push({ event, data: JSON.parse(data) })
      }
    }
    ended = true
  })().catch(() => { ended = true })
  return { events, ended: () => ended }
}

describe('dashboard server side', () => {
  let t: TestSystem
  before(async () => { t = await startTestSystem() })
  after(async () => { await t.close() })

  it('serves the dashboard at / and at page paths, and answers unknown API paths with JSON 404', async () => {
    for (const path of ['/', '/machines/CNC-1', '/alerts', '/wall?rotate=10']) {
      const r = await fetch(`${t.url}${path}`)
      assert.equal(r.status, 200, path)
      assert.match(r.headers.get('content-type') ?? '', /text\/html/, path)
      assert.match(await r.text(), /<div id="app">/, path)
    }
    for (const path of ['/v1/no-such-thing', '/assets/no-such-file.js']) {
      const r = await fetch(`${t.url}${path}`)
      assert.equal(r.status, 404, path)
      assert.equal((await r.json() as { error: string }).error, 'not_found', path)
    }
    const health = await fetch(`${t.url}/healthz`)
    assert.deepEqual(await health.json(), { status: 'ok' })
  })

  it('streams a snapshot, then the machines whose samples were committed, coalesced per machine', async () => {
    const id = uniqueMachineId('LIVE')
    await ingest(t.url, [{ machine_id: id, timestamp: new Date(Date.now() - 5000).toISOString(), state: 'idle', rpm: 0 }])
    const controller = new AbortController()
    const response = await fetch(`${t.url}/v1/stream`, { signal: controller.signal })
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8')
    assert.ok(response.body)
    const stream = readEvents(response.body)
    const snapshot = await waitFor('the snapshot', () => stream.events.find((e) => e.event === 'snapshot'))
    assert.equal(snapshot.data.stale_after_ms, 300_000)
    const before = snapshot.data.machines.find((m: { id: string }) => m.id === id)
    assert.equal(before.state, 'idle')

    const now = Date.now()
    await ingest(t.url, [1, 2, 3].map((k) => ({ machine_id: id, timestamp: new Date(now - 3000 + k * 1000).toISOString(), state: 'running', rpm: 1000 * k, program: 'O42' })))
    const delta = await waitFor('the change', () => stream.events.find((e) => e.event === 'machines' && e.data.machines.some((m: { id: string }) => m.id === id)))
    const machine = delta.data.machines.find((m: { id: string }) => m.id === id)
    // Three samples in one batch arrive as one status: the newest, with since when it runs.
    assert.equal(delta.data.machines.filter((m: { id: string }) => m.id === id).length, 1)
    assert.equal(machine.rpm, 3000)
    assert.equal(machine.state, 'running')
    assert.equal(machine.program, 'O42')
    assert.equal(machine.state_since, now - 2000)
    controller.abort()
  })

  it('ends open streams when the server shuts down', async () => {
    const other = await startTestSystem()
    const response = await fetch(`${other.url}/v1/stream`)
    assert.ok(response.body)
    const stream = readEvents(response.body)
    await waitFor('the snapshot', () => stream.events.length > 0)
    await other.close() // would hang here if the stream kept the server open
    await waitFor('the stream to end', () => stream.ended())
  })
})
