// What a newcomer meets: `serve --simulate` (npm start) with `--backfill`, the figures of the
// OEE page and the fleet summary at once. The simulated machines get an oee.yaml of their own
// (a calendar, ideal cycle times), so OEE is A × P × Q, not "performance unknown".
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type TestSystem, getJson, startTestSystem, waitFor } from './helpers/system.js'

const HOUR = 3_600_000

describe('a first start with simulated machines and --backfill', () => {
  let t: TestSystem
  // Switched on when a working day starts (06:00 here, the simulated calendar's first shift),
  // at least two hours ago: the history then covers every planned minute since. A switch-on
  // inside a shift leaves the minutes before it without data, and OEE says so (low coverage).
  const switchedOn = new Date()
  switchedOn.setHours(6, 0, 0, 0)
  if (Date.now() - switchedOn.getTime() < 2 * HOUR) switchedOn.setDate(switchedOn.getDate() - 1)
  const localDate = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  const from = localDate(switchedOn)
  const today = localDate(new Date())

  before(async () => {
    t = await startTestSystem('embedded', {
      tune: (s) => {
        s.collectors.simulate = 4
        s.collectors.backfillMs = Date.now() - switchedOn.getTime()
      },
    })
  })
  after(() => t.close())

  it('writes the simulated machines an oee.yaml with a calendar and the ideal cycle of every program, and uses it', async () => {
    const file = join(t.dataDir, 'simulated-oee.yaml')
    assert.ok(existsSync(file))
    const text = readFileSync(file, 'utf8')
    assert.match(text, /name: "Plant North"[\s\S]*shifts:/)
    for (let i = 1; i <= 4; i++) assert.match(text, new RegExp(`machine: CNC-SIM-00${i}, program: O\\d{4}, seconds: [\\d.]+`))
    const day = (await getJson(`${t.url}/v1/machines/CNC-SIM-001/oee`)).body
    assert.equal(day.calendar.source, 'file')
  })

  it('shows A, P, Q and OEE for every machine at once, from the history since they were switched on', async () => {
    const { body } = await getJson(`${t.url}/v1/oee?from=${from}&to=${today}&group_by=machine`)
    assert.deepEqual(body.groups.map((g: { key: string }) => g.key), ['CNC-SIM-001', 'CNC-SIM-002', 'CNC-SIM-003', 'CNC-SIM-004'])
    for (const g of body.groups as { key: string; figures: Record<string, number | null> & { basis: string } }[]) {
      const f = g.figures
      assert.equal(f.basis, 'A×P×Q', g.key)
      for (const factor of ['availability', 'performance', 'quality'] as const) {
        const v = f[factor] ?? null
        assert.ok(v !== null && v > 0 && v <= 1, `${g.key} ${factor} ${v}`)
      }
      assert.ok((f.performance as number) < 1, `${g.key}: loading parts and short stops cost performance`)
      assert.ok((f.coverage as number) > 0.95, `${g.key}: the history covers the planned time since the switch-on (coverage ${f.coverage})`)
      // TEEP = OEE × the planned share of the covered calendar: never above OEE. (It is not
      // bounded by utilization, run time over calendar: the ideal cycle includes loading a part.)
      assert.ok((f.teep as number) > 0 && (f.teep as number) <= (f.oee as number) + 1e-9, `${g.key}: TEEP ${f.teep} ≤ OEE ${f.oee}`)
    }
    const stops = body.groups.reduce((n: number, g: { figures: { stop_count: number } }) => n + g.figures.stop_count, 0)
    assert.ok(stops > 0, 'changeovers and alarms of several minutes are stops, not only microstops')
  })

  it('goes on live where the history stopped, and the fleet shows the same figures as its machines', async () => {
    await waitFor('every machine collected live', async () => ((await getJson(`${t.url}/v1/collectors`)).body.collectors as { samples_collected: number }[]).every((c) => c.samples_collected > 0), 60_000)
    // The last hour of the history and the live samples after it follow each other at the
    // collector's pace: at most a keep-alive (60 s) apart, no hole where one hands over.
    const from = new Date(Date.now() - HOUR).toISOString()
    for (let i = 1; i <= 4; i++) {
      const points = (await getJson(`${t.url}/v1/machines/CNC-SIM-00${i}/history?resolution=raw&from=${from}`)).body.points as { timestamp: string }[]
      const gaps = points.slice(1).map((p, k) => Date.parse(p.timestamp) - Date.parse((points[k] as { timestamp: string }).timestamp))
      assert.ok(points.length > 60 && Math.max(...gaps) <= 60_000, `CNC-SIM-00${i}: ${points.length} samples, largest gap ${Math.max(...gaps)} ms`)
    }
    const summary = (await getJson(`${t.url}/v1/fleet/summary`)).body
    const plants = (await getJson(`${t.url}/v1/oee?from=${summary.plants[0].oee_today.date}&to=${summary.plants[0].oee_today.date}&group_by=plant`)).body.groups
    assert.equal(summary.plants[0].oee_today.basis, plants.find((g: { key: string }) => g.key === summary.plants[0].plant).figures.basis)
  })
})
