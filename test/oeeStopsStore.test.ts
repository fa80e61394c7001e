// oee_stops follows each save of a machine-day: stops that grew or were coded are updated,
// stops that are gone (late data filled the gap) are deleted, the rest left as they were.
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { emptySums, figuresFromSums } from '../src/domain/oee/oeeFigures.js'
import type { LongStop } from '../src/domain/oee/longStops.js'
import { openEmbeddedDb } from '../src/store/embedded.js'
import { migrate } from '../src/store/migrate.js'
import { loadStops, saveDayFigures } from '../src/store/oee.js'
import { tempDir } from './helpers/system.js'

const at = (hhmm: string) => Date.parse(`2026-11-30T${hhmm}:00Z`)
const stop = (from: string, to: string, coded: Partial<LongStop> = {}): LongStop => ({
  start: at(from), end: at(to), seconds: (at(to) - at(from)) / 1000, reason: null, planned: null, coded_by: null, coded_at: null, note: null, ...coded,
})
const figures = figuresFromSums({ ...emptySums(), calendar_s: 86_400, planned_operation_s: 86_400, planned_busy_s: 86_400 }, [])

describe('oee_stops', () => {
  const dir = tempDir()
  let db: Awaited<ReturnType<typeof openEmbeddedDb>>
  const save = (stops: LongStop[]) => saveDayFigures(db, { machineId: 'M1', plant: 'North', date: '2026-11-30', figures, complete: false, stops }, Date.now())
  const listed = async () => (await loadStops(db, { from: '2026-11-30', to: '2026-11-30', limit: 100 })).stops.map((s) => [new Date(s.start).toISOString().slice(11, 16), s.seconds, s.reason, s.note])
  before(async () => {
    db = await openEmbeddedDb(dir)
    await migrate(db)
  })
  after(async () => {
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('replaces the day\'s stops with each save: grown, coded, gone and new', async () => {
    await save([stop('06:00', '06:10'), stop('08:00', '08:20'), stop('10:00', '10:05')])
    assert.deepEqual(await listed(), [['10:00', 300, null, null], ['08:00', 1200, null, null], ['06:00', 600, null, null]])
    const ctid = async () => (await db.query<{ ctid: string }>(`SELECT ctid::text FROM oee_stops WHERE start_ts = $1`, [new Date(at('06:00'))])).rows[0]?.ctid
    const before06 = await ctid()
    // 06:00 unchanged, 08:00 coded, 10:00 gone (late data filled it), 09:00 new
    await save([stop('06:00', '06:10'), stop('08:00', '08:20', { reason: 'tooling', planned: false, coded_by: 'ana', coded_at: at('09:00'), note: 'insert' }), stop('09:00', '09:30')])
    assert.deepEqual(await listed(), [['09:00', 1800, null, null], ['08:00', 1200, 'tooling', 'insert'], ['06:00', 600, null, null]])
    assert.equal(await ctid(), before06, 'an unchanged stop is not written again')
    await save([])
    assert.deepEqual(await listed(), [])
  })
})
