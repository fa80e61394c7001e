// /readyz when the database answers queries but refuses writes (a full disk, a read-only
// replica): it said 200 "ready" while every ingest failed. The refusal here is the database's
// own (a trigger raising PostgreSQL's disk-full error), not a mock.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type TestSystem, getJson, postJson, startTestSystem, uniqueMachineId } from './helpers/system.js'

describe('/readyz and failing writes', () => {
  let t: TestSystem
  before(async () => {
    t = await startTestSystem('embedded')
  })
  after(() => t.close())

  const sample = (id: string) => ({ machine_id: id, timestamp: new Date(Date.now() - 1000).toISOString(), rpm: 1 })

  it('is not ready (503, with the database error) while writes fail, and ready again after a write succeeds', async () => {
    const id = uniqueMachineId('DISK')
    assert.equal((await getJson(`${t.url}/readyz`)).status, 200)
    await t.system.db.exec(`CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file "base/5/16384": No space left on device' USING ERRCODE = '53100'; END $$`)
    await t.system.db.exec(`CREATE TRIGGER refuse_writes BEFORE INSERT ON telemetry FOR EACH ROW EXECUTE FUNCTION refuse_writes()`)
    const refused = await postJson(`${t.url}/v1/telemetry/ingest`, sample(id))
    assert.equal(refused.status, 503)
    const ready = await getJson(`${t.url}/readyz`)
    assert.equal(ready.status, 503)
    assert.equal(ready.body.error, 'writes_failing')
    assert.match(ready.body.message, /No space left on device/)
    await t.system.db.exec(`DROP TRIGGER refuse_writes ON telemetry`)
    assert.equal((await postJson(`${t.url}/v1/telemetry/ingest`, sample(id))).status, 200)
    assert.equal((await getJson(`${t.url}/readyz`)).status, 200)
  })
})
