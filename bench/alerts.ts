// bench:alerts — from the ingest acknowledgement of a sample that breaks a rule to the receipt
// of the notification at a local webhook, while 1,000 machines stream. The server runs in its
// own process with an alerts.yaml whose rule fires at once (rpm > 12000); this process streams
// every machine once a second (normal values) and, a few times a second, sends one machine
// over the limit, notes when the ingest acknowledged it, and when the webhook got the alert;
// the next normal sample resolves it again.
import { writeFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { fmt, machineLine, progress, startServer, summarize } from './lib.js'

const { values } = parseArgs({ options: { machines: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '30' }, triggers: { type: 'string', default: '5' } } })
const machines = Number(values.machines)
const seconds = Number(values.seconds)
const triggersPerSecond = Number(values.triggers)

const firedAt = new Map<string, number>()
const receiver = createServer((req, res) => {
  let body = ''
  req.on('data', (d: Buffer) => { body += d.toString() })
  req.on('end', () => {
    const received = performance.now()
    const event = JSON.parse(body) as { type: string; data: { machine_id: string } }
    if (event.type === 'alert.firing') firedAt.set(event.data.machine_id, received)
    res.writeHead(200).end()
  })
})
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const address = receiver.address()
const hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`

const dir = join(tmpdir(), `cnc-bench-alerts-${process.pid}`)
rmSync(dir, { recursive: true, force: true })
const rulesFile = join(tmpdir(), `cnc-bench-alerts-${process.pid}.yaml`)
writeFileSync(rulesFile, `rules:
  - name: overspeed
    machine_id: "*"
    condition: rpm > 12000
    severity: warning
    notify_resolved: false
    channels:
      - type: webhook
        url: ${hookUrl}
`)
const port = 18_500
const server = await startServer(['--host', '127.0.0.1', '--port', String(port), '--data-dir', dir, '--alerts', rulesFile, '--log-level', 'warn'])
const api = `http://127.0.0.1:${port}/v1/telemetry/ingest`
const ids = Array.from({ length: machines }, (_, i) => `M-${String(i).padStart(4, '0')}`)

async function post(samples: object[]): Promise<number> {
  const response = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(samples) })
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`)
  await response.arrayBuffer()
  return performance.now()
}

const sample = (id: string, rpm: number) => ({ machine_id: id, timestamp: new Date().toISOString(), state: 'running', rpm, feed_mm_min: 800 })
const acked = new Map<string, number>()
const latencies: number[] = []
let missing = 0
let streamed = 0
const end = performance.now() + seconds * 1000
const hot = new Set<string>()

// The fleet: every machine once a second, in 10 batches of 100.
const streaming = (async () => {
  while (performance.now() < end) {
    const tick = performance.now()
    const batches: Promise<number>[] = []
    for (let i = 0; i < ids.length; i += 100) batches.push(post(ids.slice(i, i + 100).filter((id) => !hot.has(id)).map((id) => sample(id, 3000 + (streamed % 500)))))
    await Promise.all(batches)
    streamed += ids.length
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - tick))))
  }
})()

// The triggers: one machine over the limit, the ack time noted; resolved a little later.
let n = 0
while (performance.now() < end) {
  const id = ids[(n * 7919) % ids.length] as string
  n++
  hot.add(id)
  acked.set(id, await post([sample(id, 13_000)]))
  setTimeout(() => {
    void post([sample(id, 4_000)]).then(() => hot.delete(id))
  }, 1_500)
  progress(`${n} alerts triggered, ${firedAt.size} received, ${fmt(streamed)} samples streamed`)
  await new Promise((r) => setTimeout(r, 1000 / triggersPerSecond))
}
await streaming
await new Promise((r) => setTimeout(r, 3_000))
for (const [id, ack] of acked) {
  const got = firedAt.get(id)
  if (got === undefined) missing++
  else latencies.push(got - ack)
}
process.stderr.write('\n')
await server.stop()
receiver.close()
rmSync(dir, { recursive: true, force: true })
rmSync(rulesFile, { force: true })

const l = summarize(latencies)
console.log(`\nalert benchmark — ${machineLine()}`)
console.log(`  ${machines} machines streaming once a second (${fmt(streamed / seconds)} samples/s), ${n} alerts triggered over ${seconds} s, server in its own process, embedded database`)
console.log(`  ingest acknowledgement → webhook receipt   p50 ${fmt(l.p50, 1)} ms   p99 ${fmt(l.p99, 1)} ms   max ${fmt(Math.max(...latencies), 1)} ms   (target p99 < 1 s, seed < 5 s)`)
console.log(`  alerts not received: ${missing}`)
