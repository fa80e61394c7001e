// npm run bench:oee -- [--machines 100] [--days 30] [--interval-s 120] [--iterations 20]
//
// OEE on the embedded database, in this process: one machine-day of 1 Hz telemetry computed
// from the raw samples; 100 machines × 30 days (one sample per 2 min) rolled up, first cold
// (every machine-day computed and stored) then warm (from oee_daily); and the PDF report of
// that period. Plant calendars with three shifts and breaks, ideal cycle times per machine.
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startSystem } from '../src/app.js'
import { localDateOf } from '../src/domain/oee/calendar.js'
import type { MachineState, Sample } from '../src/domain/sample.js'
import { registerMachine } from '../src/store/machines.js'
import { TelemetryWriter } from '../src/ingest/telemetryWriter.js'
import { DEFAULT_INGEST, defaultSettings } from '../src/settings.js'
import { fmt, machineLine, progress, summarize } from './lib.js'

const { values: args } = parseArgs({
  options: {
    machines: { type: 'string', default: '100' },
    days: { type: 'string', default: '30' },
    'interval-s': { type: 'string', default: '120' },
    iterations: { type: 'string', default: '20' },
  },
})
const machines = Number(args.machines)
const days = Number(args.days)
const intervalMs = Number(args['interval-s']) * 1000
const iterations = Number(args.iterations)
const dir = join(tmpdir(), `cnc-bench-oee-${process.pid}`)
const machineId = (m: number) => `OEE-${String(m).padStart(3, '0')}`
const DENSE = 'OEE-1HZ'

const ideal = [...Array.from({ length: machines }, (_, m) => machineId(m)), DENSE].map((id) => `  - { machine: ${id}, program: "*", seconds: 45 }`).join('\n')
writeFileSync(join(tmpdir(), `cnc-bench-oee-${process.pid}.yaml`), `microstop_seconds: 120
plants:
  - name: Plant North
    time_zone: Europe/Berlin
    locale: de-DE
    shifts:
      - { name: early, days: [mon, tue, wed, thu, fri], start: "06:00", end: "14:00", breaks: [{ start: "09:00", end: "09:15" }, { start: "12:00", end: "12:30" }] }
      - { name: late, days: [mon, tue, wed, thu, fri], start: "14:00", end: "22:00", breaks: [{ start: "18:00", end: "18:30" }] }
      - { name: night, days: [sun, mon, tue, wed, thu], start: "22:00", end: "06:00" }
  - name: Plant South
    time_zone: America/Chicago
    locale: en-US
    shifts:
      - { name: day, days: [mon, tue, wed, thu, fri, sat], start: "07:00", end: "19:00", breaks: [{ start: "12:00", end: "12:45" }] }
ideal_cycles:
${ideal}
`)

/** A deterministic duty cycle: runs of running / idle / stopped lasting minutes, parts while running. */
function* dutyCycle(id: string, seed: number, from: number, to: number, stepMs: number): Generator<Sample> {
  let x = (seed + 1) * 2654435761 >>> 0
  const random = () => ((x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32)
  let state: MachineState = 'idle'
  let until = from
  let parts = 0
  let sinceLastPart = 0
  for (let ts = from; ts < to; ts += stepMs) {
    if (ts >= until) {
      const r = random()
      state = r < 0.7 ? 'running' : r < 0.9 ? 'idle' : 'stopped'
      until = ts + (0.5 + random() * (state === 'running' ? 40 : 15)) * 60_000
    }
    if (state === 'running') {
      sinceLastPart += stepMs
      if (sinceLastPart >= 55_000) [parts, sinceLastPart] = [parts + Math.floor(sinceLastPart / 55_000), sinceLastPart % 55_000]
    }
    yield { machine_id: id, ts, src: 'http', state, program: 'O1000', part_count: parts, execution: state === 'running' ? 'ACTIVE' : 'READY' }
  }
}

/** Writes a machine's samples through the ingest's writer (held spans and change points as in production). */
async function load(writer: TelemetryWriter, id: string, seed: number, from: number, to: number, stepMs: number): Promise<number> {
  let batch: Sample[] = []
  let n = 0
  for (const sample of dutyCycle(id, seed, from, to, stepMs)) {
    batch.push(sample)
    if (batch.length === 20_000) [n, batch] = [n + (await writer.write(batch)).size, []]
  }
  if (batch.length > 0) n += (await writer.write(batch)).size
  return n
}

async function timeIt(run: () => Promise<unknown>, n = iterations): Promise<ReturnType<typeof summarize>> {
  await run() // warm-up
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await run()
    times.push(performance.now() - t0)
  }
  return summarize(times)
}

const settings = defaultSettings()
settings.host = '127.0.0.1'
settings.port = 0
settings.database = { kind: 'embedded', dataDir: join(dir, 'data') }
settings.jobTickMs = 3_600_000
settings.oee = { file: join(tmpdir(), `cnc-bench-oee-${process.pid}.yaml`), refreshMs: 0, openDayRefreshMs: 3_600_000 }
const system = await startSystem(settings, { logger: false })
try {
  const now = Date.now()
  const to = now - 60_000
  const from = to - days * 86_400_000
  const began = performance.now()
  const writer = new TelemetryWriter(system.db, { now: () => Date.now() }, DEFAULT_INGEST.maxSampleGapMs, system.live)
  await writer.init()
  let rows = 0
  for (let m = 0; m < machines; m++) {
    await registerMachine(system.db, { id: machineId(m), plant: m % 2 === 0 ? 'Plant North' : 'Plant South', protocol: 'http' })
    rows += await load(writer, machineId(m), m, from, to, intervalMs)
    progress(`loading: ${m + 1} / ${machines} machines, ${fmt(rows)} rows`)
  }
  // One machine at 1 Hz over yesterday and today (a full machine-day of raw samples).
  await registerMachine(system.db, { id: DENSE, plant: 'Plant North', protocol: 'http' })
  rows += await load(writer, DENSE, 999, to - 2 * 86_400_000, to, 1_000)
  process.stderr.write('\n')
  console.log(`loaded ${fmt(rows)} rows in ${fmt((performance.now() - began) / 1000, 1)} s`)

  const yesterday = localDateOf(now - 86_400_000, 'Europe/Berlin')
  const day = await timeIt(() => system.oee.machineDay(DENSE, yesterday))
  const dayFigures = await system.oee.machineDay(DENSE, yesterday)

  const today = localDateOf(now, 'Europe/Berlin')
  const first = localDateOf(from + 86_400_000, 'Europe/Berlin')
  const coldStart = performance.now()
  await system.oee.query({ from: first, to: today, groupBy: 'machine' })
  const cold = performance.now() - coldStart
  const warm = await timeIt(() => system.oee.query({ from: first, to: today, groupBy: 'machine' }))
  const warmDay = await timeIt(() => system.oee.query({ from: first, to: today, groupBy: 'day' }))

  const pdfUrl = `${system.url}/v1/reports/oee.pdf?from=${first}&to=${today}&group_by=machine`
  let pdfBytes = 0
  const pdf = await timeIt(async () => {
    const response = await fetch(pdfUrl)
    if (response.status !== 200) throw new Error(`the PDF export answered ${response.status}: ${await response.text()}`)
    pdfBytes = (await response.arrayBuffer()).byteLength
  }, 5)

  console.log(`\nOEE benchmark — ${machineLine()}`)
  console.log(`  one machine-day from raw 1 Hz telemetry (86,400 samples, 3 shifts):  p50 ${fmt(day.p50, 1)} ms  p95 ${fmt(day.p95, 1)} ms   (target < 50 ms, seed < 500 ms)`)
  console.log(`    that day: OEE ${dayFigures?.day.oee?.toFixed(3)} (${dayFigures?.day.basis}), A ${dayFigures?.day.availability?.toFixed(3)}, P ${dayFigures?.day.performance?.toFixed(3)}, coverage ${dayFigures?.day.coverage?.toFixed(3)}`)
  console.log(`  ${machines} machines × ${days} days, cold (every machine-day computed from telemetry and stored): ${fmt(cold)} ms`)
  console.log(`  ${machines} machines × ${days} days, warm (from oee_daily), by machine:  p50 ${fmt(warm.p50, 1)} ms  p95 ${fmt(warm.p95, 1)} ms   (target < 500 ms)`)
  console.log(`  ${machines} machines × ${days} days, warm, by day (the 30-day trend):   p50 ${fmt(warmDay.p50, 1)} ms  p95 ${fmt(warmDay.p95, 1)} ms`)
  console.log(`  PDF report of ${machines} machines × ${days} days over HTTP (${fmt(pdfBytes / 1024)} KiB):  p50 ${fmt(pdf.p50)} ms  p95 ${fmt(pdf.p95)} ms   (target < 1 s, seed < 3 s)`)
} finally {
  await system.close()
  rmSync(dir, { recursive: true, force: true })
  rmSync(join(tmpdir(), `cnc-bench-oee-${process.pid}.yaml`), { force: true })
}
