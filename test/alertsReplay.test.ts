// Hours of machine data replayed through the real alert engine and database, second by second
// on a controllable clock: an alert fires for every episode in which its condition really held
// for its duration, and for no other (the seed's bar: zero false positives). The expected
// episodes are computed from the generated timeline, independently of the engine.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type RunningSystem, startSystem } from '../src/app.js'
import type { MachineState, Sample } from '../src/domain/sample.js'
import { defaultSettings } from '../src/settings.js'

const RULES = `rules:
  - name: stopped_10_min
    condition: |
      state == 'stopped' AND duration_seconds > 600  # 10 min
    severity: critical
    channels:
      - type: webhook
        url: http://127.0.0.1:9/unused
  - name: overspeed_30_s
    condition: rpm > 12000 AND state == 'running'
    duration_seconds: 30
    severity: warning
    channels:
      - type: webhook
        url: http://127.0.0.1:9/unused
`

interface Segment { state: MachineState; rpm: number; seconds: number }

/** A seeded timeline of runs: stops around the 10 min limit, overspeed spikes around 30 s. */
function timeline(seed: number, totalSeconds: number): Segment[] {
  let x = seed
  const random = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)] as T
  const out: Segment[] = []
  let total = 0
  while (total < totalSeconds) {
    const r = random()
    const segment: Segment = r < 0.4 ? { state: 'running', rpm: 4000, seconds: pick([60, 300, 900]) }
      : r < 0.6 ? { state: 'running', rpm: 13_000, seconds: pick([10, 15, 25, 35, 45, 90]) }
        : r < 0.85 ? { state: 'stopped', rpm: 0, seconds: pick([120, 550, 590, 610, 650, 1500]) }
          : { state: 'idle', rpm: 0, seconds: pick([60, 700]) }
    out.push(segment)
    total += segment.seconds
  }
  return out
}

/** Episodes that must fire: a stop longer than 600 s; a spike (running, rpm > 12000) longer than 30 s. */
function expected(segments: Segment[]): { stopped: number; overspeed: number } {
  let stopped = 0
  let overspeed = 0
  // Consecutive segments of the same kind are one episode.
  for (let i = 0; i < segments.length; i++) {
    const kind = (s: Segment) => (s.state === 'stopped' ? 'stopped' : s.state === 'running' && s.rpm > 12000 ? 'overspeed' : 'other')
    const k = kind(segments[i] as Segment)
    let length = (segments[i] as Segment).seconds
    while (i + 1 < segments.length && kind(segments[i + 1] as Segment) === k) length += (segments[++i] as Segment).seconds
    if (k === 'stopped' && length > 600) stopped++
    if (k === 'overspeed' && length > 30) overspeed++
  }
  return { stopped, overspeed }
}

describe('alerts over hours of replayed machine data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnc-telemetry-alert-replay-'))
  const start = Date.parse('2026-03-02T06:00:00Z')
  let now = start
  let system: RunningSystem

  before(async () => {
    writeFileSync(join(dir, 'alerts.yaml'), RULES)
    const s = defaultSettings()
    s.host = '127.0.0.1'
    s.port = 0
    s.database = { kind: 'embedded', dataDir: join(dir, 'data') }
    s.jobTickMs = 3_600_000
    s.alerts = { ...s.alerts, file: join(dir, 'alerts.yaml'), tickMs: 0, delivery: { ...s.alerts.delivery, pollMs: 3_600_000 } }
    system = await startSystem(s, { clock: { now: () => now }, logger: false })
  })
  after(async () => {
    await system.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('fires for every episode that held for its duration, and never otherwise (4 h, 3 machines, samples every 5 s, evaluated every second)', async () => {
    const hours = 4
    const machines = ['R-1', 'R-2', 'R-3'].map((id, i) => ({ id, segments: timeline(11 + i * 7, hours * 3600) }))
    // Expand each timeline into a state per second.
    const perSecond = machines.map((m) => m.segments.flatMap((s) => Array.from({ length: s.seconds }, () => s)))
    for (let t = 0; t < hours * 3600; t++) {
      now = start + t * 1000
      if (t % 5 === 0) {
        const samples: Sample[] = machines.map((m, i) => {
          const s = perSecond[i]?.[t] as Segment
          return { machine_id: m.id, ts: now, state: s.state, rpm: s.rpm, src: 'http' }
        })
        await system.ingest.store(samples) // committed: the fleet moves on, and the engine evaluates
      }
      await system.alerts.tick()
    }
    for (const [i, m] of machines.entries()) {
      // The timeline is cut at the end of the replay: keep only what was replayed.
      let left = hours * 3600
      const replayed: Segment[] = []
      for (const s of m.segments) {
        if (left <= 0) break
        replayed.push({ ...s, seconds: Math.min(s.seconds, left) })
        left -= s.seconds
      }
      const want = expected(replayed)
      const fired = await system.db.query<{ rule: string; n: string }>('SELECT rule, count(*) AS n FROM alerts WHERE machine_id = $1 GROUP BY rule', [m.id])
      const got = Object.fromEntries(fired.rows.map((r) => [r.rule, Number(r.n)]))
      assert.equal(got.stopped_10_min ?? 0, want.stopped, `${m.id}: stops longer than 10 min`)
      assert.equal(got.overspeed_30_s ?? 0, want.overspeed, `${m.id}: spikes longer than 30 s`)
      assert.ok(want.stopped > 0 && want.overspeed > 0, `machine ${i}: the timeline exercises both rules`)
    }
  })
})
