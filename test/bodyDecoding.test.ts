// What a client's body can do to the real server: repeated keys, bytes that are not UTF-8,
// compressed bodies and zip bombs. Every refusal is the API's JSON error shape, never a 500,
// and stores nothing.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { type TestSystem, getJson, isoAgo, startTestSystem, uniqueMachineId } from './helpers/system.js'

const LIMIT = 1024 * 1024

async function post(url: string, body: Buffer | string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) })
  const text = await response.text()
  return { status: response.status, body: JSON.parse(text) as { error?: string; message?: string; details?: { index?: number; field?: string; reason: string }[]; accepted?: number; rejected?: number; errors?: { index: number; field: string; reason: string }[] } }
}

/** The API's error shape, and nothing more (no stack, no Fastify fields). */
function assertErrorShape(body: object, code: string): void {
  assert.deepEqual(Object.keys(body).sort(), ['details', 'error', 'message'])
  assert.equal((body as { error: string }).error, code)
}

describe('request bodies over HTTP', () => {
  let t: TestSystem
  let ingestUrl: string
  before(async () => {
    t = await startTestSystem('embedded', { tune: (s) => { s.ingest.maxBodyBytes = LIMIT } })
    ingestUrl = `${t.url}/v1/telemetry/ingest`
  })
  after(() => t.close())

  const count = async (...ids: string[]) =>
    (await t.system.db.query<{ n: number }>('SELECT count(*)::int AS n FROM telemetry WHERE machine_id = ANY($1)', [ids])).rows[0]?.n
  const sample = (id: string, agoMs = 1000) => ({ machine_id: id, timestamp: isoAgo(agoMs), rpm: 100 })

  it('refuses a repeated machine_id with 400 naming the key and where it is, and stores neither value', async () => {
    const [a, b] = [uniqueMachineId('D'), uniqueMachineId('D')]
    const r = await post(ingestUrl, `{"machine_id":"${a}","timestamp":"${isoAgo(1000)}","machine_id":"${b}"}`, { 'content-type': 'application/json' })
    assert.equal(r.status, 400)
    assertErrorShape(r.body, 'duplicate_key')
    assert.match(r.body.message ?? '', /the key "machine_id" appears twice, again at machine_id \(line 1, column \d+, byte \d+\)/)
    assert.equal(r.body.details?.[0]?.field, 'machine_id')
    assert.equal(await count(a, b), 0)
  })

  it('refuses a repeated key deep in one item of an array, naming the item, and stores nothing of the array', async () => {
    const id = uniqueMachineId()
    const body = `[${JSON.stringify(sample(id, 2000))},{"machine_id":"${id}","timestamp":"${isoAgo(1000)}","rpm":1,"\\u0072pm":2}]`
    const r = await post(ingestUrl, body, { 'content-type': 'application/json' })
    assert.equal(r.status, 400)
    assertErrorShape(r.body, 'duplicate_key')
    assert.deepEqual([r.body.details?.[0]?.index, r.body.details?.[0]?.field], [1, 'rpm'])
    assert.equal(await count(id), 0)
  })

  it('stores the good lines of NDJSON and reports the line with a repeated key by its index', async () => {
    const id = uniqueMachineId()
    const lines = [JSON.stringify(sample(id, 3000)), `{"machine_id":"${id}","timestamp":"${isoAgo(2000)}","state":"idle","state":"running"}`, JSON.stringify(sample(id, 1000))]
    const r = await post(ingestUrl, lines.join('\n'), { 'content-type': 'application/x-ndjson' })
    assert.equal(r.status, 200)
    assert.deepEqual([r.body.accepted, r.body.rejected], [2, 1])
    assert.deepEqual([r.body.errors?.[0]?.index, r.body.errors?.[0]?.field], [1, 'state'])
    assert.match(r.body.errors?.[0]?.reason ?? '', /^line 2 repeats a key: the key "state" appears twice/)
    assert.equal(await count(id), 2)
  })

  it('refuses a body that is not UTF-8 with 400 and the byte offset, storing nothing instead of U+FFFD', async () => {
    const id = uniqueMachineId()
    const head = `{"machine_id":"${id}","timestamp":"${isoAgo(1000)}","alarm":"Spindel`
    const body = Buffer.concat([Buffer.from(head), Buffer.from([0xfc]), Buffer.from('berlast"}')])
    const r = await post(ingestUrl, body, { 'content-type': 'application/json' })
    assert.equal(r.status, 400)
    assertErrorShape(r.body, 'invalid_utf8')
    assert.equal(r.body.message, `the body is not valid UTF-8 at byte ${Buffer.byteLength(head)}; send it encoded as UTF-8`)
    assert.equal(await count(id), 0)
  })

  it('stores the good lines of NDJSON and refuses only the line that is not UTF-8, with its byte offset', async () => {
    const id = uniqueMachineId()
    const first = `${JSON.stringify(sample(id, 3000))}\n`
    const head = `{"machine_id":"${id}","timestamp":"${isoAgo(2000)}","alarm":"Spindel`
    const body = Buffer.concat([Buffer.from(first + head), Buffer.from([0xfc]), Buffer.from(`berlast"}\n${JSON.stringify(sample(id, 1000))}\n`)])
    const r = await post(ingestUrl, body, { 'content-type': 'application/x-ndjson' })
    assert.equal(r.status, 200)
    assert.deepEqual([r.body.accepted, r.body.rejected], [2, 1])
    assert.deepEqual(r.body.errors?.map((e) => [e.index, e.reason]), [[1, `line 2 is not valid UTF-8 at byte ${Buffer.byteLength(first + head)}`]])
    assert.equal(await count(id), 2)
  })

  it('holds the small JSON endpoints to the same rules: repeated keys and bad UTF-8 are refused', async () => {
    const id = uniqueMachineId()
    const dup = await fetch(`${t.url}/v1/machines/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"plant":"A","plant":"B"}' })
    assert.equal(dup.status, 400)
    assertErrorShape(await dup.json() as object, 'duplicate_key')
    const latin1 = await fetch(`${t.url}/v1/machines/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0x22, 0x70, 0x6c, 0x61, 0x6e, 0x74, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]) })
    assert.equal(latin1.status, 400)
    const body = await latin1.json() as { message: string }
    assertErrorShape(body, 'invalid_utf8')
    assert.match(body.message, /at byte 10;/)
    assert.equal((await getJson(`${t.url}/v1/machines/${id}`)).status, 404, 'nothing was registered')
  })

  for (const [coding, compress] of [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]] as const) {
    it(`stores a body sent with Content-Encoding: ${coding}`, async () => {
      const id = uniqueMachineId()
      const body = compress(Buffer.from(JSON.stringify([sample(id, 2000), sample(id, 1000)])))
      const r = await post(ingestUrl, body, { 'content-type': 'application/json', 'content-encoding': coding })
      assert.equal(r.status, 200, JSON.stringify(r.body))
      assert.equal(r.body.accepted, 2)
      assert.equal(await count(id), 2)
    })
  }

  it('also reads raw deflate without the zlib header, and codings applied one after the other', async () => {
    const id = uniqueMachineId()
    const raw = await post(ingestUrl, deflateRawSync(Buffer.from(JSON.stringify(sample(id, 2000)))), { 'content-type': 'application/json', 'content-encoding': 'deflate' })
    assert.equal(raw.status, 200)
    const twice = await post(ingestUrl, brotliCompressSync(gzipSync(Buffer.from(JSON.stringify(sample(id, 1000))))), { 'content-type': 'application/json', 'content-encoding': 'gzip, br' })
    assert.equal(twice.status, 200)
    assert.equal(await count(id), 2)
  })

  it('answers a zip bomb with 413 without inflating it, and keeps serving', async () => {
    // 64 MiB of JSON whitespace in an array compresses to ~64 KiB: far under the limit on the wire.
    const bomb = gzipSync(Buffer.concat([Buffer.from('['), Buffer.alloc(64 * LIMIT, 0x20), Buffer.from(']')]), { level: 9 })
    assert.ok(bomb.length < LIMIT)
    const r = await post(ingestUrl, bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
    assert.equal(r.status, 413)
    assertErrorShape(r.body, 'body_too_large')
    assert.match(r.body.message ?? '', new RegExp(`decompresses to more than the ${LIMIT} byte limit`))
    const id = uniqueMachineId()
    const after = await post(ingestUrl, JSON.stringify(sample(id)), { 'content-type': 'application/json' })
    assert.equal(after.status, 200)
  })

  it('refuses an unknown Content-Encoding with 415 naming the accepted ones', async () => {
    const r = await post(ingestUrl, 'whatever', { 'content-type': 'application/json', 'content-encoding': 'compress' })
    assert.equal(r.status, 415)
    assertErrorShape(r.body, 'unsupported_content_encoding')
    assert.match(r.body.message ?? '', /"compress".*gzip, deflate, br/)
  })

  it('refuses corrupt compressed data with 400 saying so', async () => {
    for (const coding of ['gzip', 'deflate', 'br']) {
      const r = await post(ingestUrl, Buffer.from('{"this is not":"compressed"}'), { 'content-type': 'application/json', 'content-encoding': coding })
      assert.equal(r.status, 400, coding)
      assertErrorShape(r.body, 'invalid_compressed_body')
      assert.match(r.body.message ?? '', new RegExp(`Content-Encoding: ${coding} could not be decompressed`))
    }
    const truncated = gzipSync(Buffer.from(JSON.stringify(sample(uniqueMachineId())))).subarray(0, 20)
    const r = await post(ingestUrl, truncated, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
    assert.equal(r.status, 400)
    assertErrorShape(r.body, 'invalid_compressed_body')
  })

  it('answers a body nested deeper than the stack allows with 400, not 500', async () => {
    const r = await post(ingestUrl, '['.repeat(500_000), { 'content-type': 'application/json' })
    assert.equal(r.status, 400)
    assertErrorShape(r.body, 'invalid_json')
  })
})
