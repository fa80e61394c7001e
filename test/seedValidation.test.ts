// The seed's own validation commands (../shared/seed/validation-g5.sh, -g6.sh, -g7.sh) run by
// bash against our server as written: port 8001, curl, psql through --pg-port (PGHOST and
// PGPORT in the environment), jq and ab. Only what cannot apply is swapped, and only in G7:
// the predecessor's Python simulator and adapter become `cnc-telemetry sim mtconnect` and
// `cnc-telemetry serve --config` (SWAPS below). G6 posts a sample stamped 2025-11-05T10:00:00Z
// and sleeps 11 minutes: it runs, with the server, under libfaketime (one clock for both,
// starting that morning and running ten times faster), so the test takes 70 s, not 11 min.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { CLI, freePort, startCli, waitForOutput } from './helpers/cli.js'
import { Receiver } from './helpers/receiver.js'
import { readSeed, seedPath } from './helpers/seed.js'
import { getJson, tempDir, waitFor } from './helpers/system.js'

/** The port every seed script calls. */
const SEED_PORT = 8001
const API = `http://127.0.0.1:${SEED_PORT}`

/** G7's lines that name the predecessor's programs, and ours in their place. */
const SWAPS: [string, string][] = [
  ['python3 scripts/mtconnect_simulator.py --port $i &', 'cnc-telemetry sim mtconnect --port $i --seed $i >/dev/null 2>&1 &'],
  // The adapter ran in the foreground for ever; our server runs in the background and the
  // script goes on once all ten collectors have stored samples (printing what they stored).
  ['python3 backend/mtconnect_adapter.py --config machines.yaml',
    `cnc-telemetry serve --host 127.0.0.1 --port ${SEED_PORT} --pg-port "$PGPORT" --data-dir "$DATA_DIR" --config machines.yaml >server.log 2>&1 &
until [ "$(curl -s ${API}/v1/collectors | jq '[.collectors[] | select(.samples_collected > 0)] | length')" = 10 ]; do sleep 0.5; done
echo "collectors before: $(curl -s ${API}/v1/collectors | jq -c '[.collectors[] | {machine_id, samples_collected}]')"`],
]

interface ScriptRun { code: number | null; stdout: string; stderr: string }

/**
 * Runs a bash script in its own process group until its output closes (background loops
 * too), then `beforeEnd`, then ends the group (what the script left running in the background).
 */
function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv, wrapper: string[] = [], beforeEnd = async () => {}): Promise<ScriptRun> {
  const [command = 'bash', ...args] = [...wrapper, 'bash', '-c', script]
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  return new Promise((resolve, reject) => child.on('close', (code) => {
    beforeEnd().finally(() => {
      try { process.kill(-(child.pid as number), 'SIGTERM') } catch { /* the group has ended */ }
    }).then(() => resolve({ code, stdout, stderr }), reject)
  }))
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer().once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** The JSON answers of the G5 loop's curl calls (curl prints no newline between them). */
function ingestAnswers(stdout: string): { accepted: number; duplicates: number; rejected: number }[] {
  return [...stdout.matchAll(/\{"accepted":(\d+),"duplicates":(\d+),"rejected":(\d+),"errors":\[[^\]]*\]\}/g)]
    .map((m) => ({ accepted: Number(m[1]), duplicates: Number(m[2]), rejected: Number(m[3]) }))
}

describe("the seed's validation scripts, run by bash against the server", () => {
  const dir = tempDir('cnc-telemetry-seed-')
  const bin = join(dir, 'bin')
  let env: NodeJS.ProcessEnv

  before(async () => {
    assert.ok(await portIsFree(SEED_PORT), `port ${SEED_PORT} is in use: the seed's scripts call localhost:${SEED_PORT}, stop what listens there`)
    // `cnc-telemetry` on the PATH, as `npm install -g` would put it.
    mkdirSync(bin)
    writeFileSync(join(bin, 'cnc-telemetry'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`)
    chmodSync(join(bin, 'cnc-telemetry'), 0o755)
    env = { PATH: `${bin}:${process.env.PATH ?? ''}`, PGHOST: '127.0.0.1', PGUSER: 'postgres', PGDATABASE: 'postgres', DATABASE_URL: '' }
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('G5: 5,000 curl posts store each second once and count the repeats as duplicates; psql EXPLAIN ANALYZE on telemetry_5m runs', async () => {
    const pgPort = await freePort()
    const server = startCli(['serve', '--host', '127.0.0.1', '--port', String(SEED_PORT), '--pg-port', String(pgPort), '--data-dir', join(dir, 'g5'), '--simulate', '1'])
    try {
      await waitForOutput(server, /listening on/)
      const run = await runBash(readSeed('validation-g5.sh'), dir, { ...env, PGPORT: String(pgPort) })
      assert.equal(run.code, 0, run.stderr)
      const answers = ingestAnswers(run.stdout)
      assert.equal(answers.length, 5000, 'one answer per post')
      const sum = (k: 'accepted' | 'duplicates' | 'rejected') => answers.reduce((n, a) => n + a[k], 0)
      assert.equal(sum('rejected'), 0)
      assert.equal(sum('accepted') + sum('duplicates'), 5000)
      assert.ok(sum('duplicates') > 0, 'the loop repeats timestamps within a second')
      assert.match(run.stdout, /Index Scan|Seq Scan|Custom Scan/)
      assert.match(run.stdout, /Execution Time: [\d.]+ ms/)
      const stored = await runBash(`psql -tAc "SELECT count(*), count(DISTINCT ts), count(*) FILTER (WHERE date_trunc('second', ts) <> ts) FROM telemetry WHERE machine_id = 'TEST-001'"`, dir, { ...env, PGPORT: String(pgPort) })
      assert.equal(stored.stdout.trim(), `${sum('accepted')}|${sum('accepted')}|0`, 'each second stored once, as sent')
    } finally {
      server.process.kill('SIGTERM')
      await server.exited
    }
  })

  it('G6: the stopped sample posted with curl, 11 minutes later Slack has "🔴 TEST-001 parada há 10 min" and /v1/alerts/history shows it through jq', async () => {
    const slack = await new Receiver().start()
    const hook = await new Receiver().start()
    const pgPort = await freePort()
    // The server in the background, the script, then the server stopped: faketime waits for every process on its clock.
    const driver = `"${process.execPath}" "${CLI}" serve --host 127.0.0.1 --port ${SEED_PORT} --data-dir g6 --alerts "${seedPath('alerts.yaml')}" >g6-server.log 2>&1 &
server=$!
until curl -sf ${API}/readyz >/dev/null; do sleep 1; done
bash "${seedPath('validation-g6.sh')}"
kill $server; wait $server`
    try {
      // One fake clock for the server and the script: FAKETIME_DONT_RESET keeps it running across the processes bash starts.
      const run = await runBash(driver, dir, {
        ...env, PGPORT: String(pgPort), TZ: 'UTC', FAKETIME_DONT_RESET: '1',
        SLACK_WEBHOOK_URL: `${slack.url}/slack`, ALERT_WEBHOOK_URL: `${hook.url}/hook`,
      }, ['faketime', '-f', '@2025-11-05 09:59:40 x10'])
      assert.equal(run.code, 0, run.stderr)
      assert.match(run.stdout, /^\{"accepted":1,"duplicates":0,"rejected":0,"errors":\[\]\}/)
      const history = JSON.parse(run.stdout.slice(run.stdout.indexOf('}') + 1)) as { alerts: { rule: string; machine_id: string; fired_at: string }[] }
      assert.deepEqual(history.alerts.map((a) => [a.rule, a.machine_id]), [['machine_stopped_long', 'TEST-001']])
      const firedAfter = (Date.parse(history.alerts[0]?.fired_at ?? '') - Date.parse('2025-11-05T10:00:00Z')) / 1000
      assert.ok(firedAfter > 600 && firedAfter < 615, `fired ${firedAfter} s after the stop, when it passed 600 s`)
      const texts = slack.received.map((m) => m.json.text as string)
      assert.equal(texts[0], '🔴 TEST-001 parada há 10 min')
      assert.equal(texts.filter((x) => x.includes('10 min')).length, 1, 'once')
      const hooked = hook.received.find((h) => h.json.type === 'alert.firing')
      assert.equal(hooked?.json.data.machine_id, 'TEST-001')
    } finally {
      await slack.close()
      await hook.close()
    }
  })

  it('G7: ten simulators, the server collecting them, ab -n 1000 -c 10 on /v1/fleet/summary without a failure, psql counts what the collectors stored', async () => {
    const pgPort = await freePort()
    for (let p = 5000; p <= 5009; p++) assert.ok(await portIsFree(p), `port ${p} is in use: the G7 script starts its simulators on 5000-5009`)
    // "Configurar machines.yaml com 10 entradas": the seed's file with its two simulators and
    // eight more like them. Its ABR-850 is left out: its agent is on the plant network.
    const seedMachines = readSeed('machines.yaml')
    const simulators = seedMachines.slice(seedMachines.indexOf('  - id: CNC-SIM-001'), seedMachines.indexOf('  # ...'))
    const more = Array.from({ length: 8 }, (_, i) => `  - id: CNC-SIM-0${String(i + 3).padStart(2, '0')}\n    agent_url: http://localhost:${5002 + i}\n    plant: "Lab"\n    model: "Simulator"\n`)
    writeFileSync(join(dir, 'machines.yaml'), `machines:\n${simulators}${more.join('\n')}`)
    let script = readSeed('validation-g7.sh')
    for (const [theirs, ours] of SWAPS) {
      assert.ok(script.includes(theirs), `validation-g7.sh has no line ${theirs}`)
      script = script.replace(theirs, ours)
    }
    let after = new Map<string, { samples_collected: number; gaps: number; lost_sequences: number }>()
    const run = await runBash(script, dir, { ...env, PGPORT: String(pgPort), DATA_DIR: join(dir, 'g7') }, [], async () => {
      const { body } = await getJson(`${API}/v1/collectors`)
      after = new Map(body.collectors.map((c: { machine_id: string }) => [c.machine_id, c]))
    })
    try {
      assert.equal(run.code, 0, run.stderr)
      assert.match(run.stdout, /Complete requests:\s+1000\n/)
      // ab counts an answer whose length differs from the first one's as failed ("Length"):
      // a live fleet summary changes length as machines change state. Every other kind of
      // failure (connect, receive, exceptions) and every non-2xx answer must be none.
      const failed = /Failed requests:\s+(\d+)\n(?:\s+\(Connect: (\d+), Receive: (\d+), Length: (\d+), Exceptions: (\d+)\)\n)?/.exec(run.stdout) ?? assert.fail('no Failed requests line')
      const [, total, connect = '0', receive = '0', length = '0', exceptions = '0'] = failed
      assert.deepEqual([connect, receive, exceptions], ['0', '0', '0'], 'no request failed to connect, to be received or with an exception')
      assert.equal(Number(total), Number(length), 'the only "failed" requests are answers of another length')
      assert.doesNotMatch(run.stdout, /Non-2xx responses/)
      const before = new Map((JSON.parse(/collectors before: (.*)/.exec(run.stdout)?.[1] ?? '[]') as { machine_id: string; samples_collected: number }[]).map((c) => [c.machine_id, c.samples_collected]))
      const counted = new Map([...run.stdout.matchAll(/^\s*(CNC-SIM-\d{3})\s*\|\s*(\d+)$/gm)].map((m) => [m[1] as string, Number(m[2])]))
      assert.deepEqual([...counted.keys()].sort(), [...before.keys()].sort())
      assert.equal(counted.size, 10)
      for (const [id, n] of counted) {
        const stored = after.get(id)
        assert.ok(n >= (before.get(id) ?? Infinity) && n <= (stored?.samples_collected ?? -1), `${id}: psql counts ${n}; its collector had stored ${before.get(id)} before psql ran, ${stored?.samples_collected} after`)
        assert.deepEqual([stored?.gaps, stored?.lost_sequences], [0, 0], `${id} lost nothing`)
      }
    } finally {
      // The script leaves the simulators and the server in the background: its process group ended them; wait for the port.
      await waitFor('the G7 server to stop', () => portIsFree(SEED_PORT), 30_000)
    }
  })
})
