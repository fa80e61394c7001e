import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseAgentDocument } from '../../collectors/mtconnect/documents.js'
import { chooseItemRoles } from '../../collectors/mtconnect/itemRoles.js'
import { SampleFolder } from '../../collectors/mtconnect/sampleFolder.js'
import { DEFAULT_EXECUTION_STATES } from '../../domain/machineState.js'
import type { CollectedSample } from '../../ingest/sampleSink.js'
import { startSimAgent } from './simAgent.js'
import { KEEP_EVERY_MS, simulatedHistory } from './simulatedHistory.js'

const NOW = Date.parse('2026-03-02T12:00:00Z')
const SPEC = { name: 'CNC-SIM-003', dutyCycle: { changeoverSeconds: [60, 420] as const, powerOffChance: 0.2 } }
const history = (from: number, to: number): CollectedSample[] => [...simulatedHistory(SPEC, 9, from, () => to)].flat()
const transitions = (samples: readonly CollectedSample[]) => samples.filter((s, i) => i === 0 || s.state !== samples[i - 1]?.state).map((s) => `${s.timestamp} ${s.state}`)

describe('simulated history', () => {
  it('is continued by an agent whose machine was switched on at the same time', async () => {
    const past = history(NOW - 3 * 3_600_000, NOW)
    const last = past[past.length - 1] as CollectedSample
    const agent = await startSimAgent({ port: 0, devices: [SPEC], seed: 9, clock: { now: () => NOW }, switchedOnAt: NOW - 3 * 3_600_000 })
    try {
      const probe = parseAgentDocument(await (await fetch(`${agent.url}/probe`)).text())
      const device = probe.kind === 'devices' ? probe.devices.find((d) => d.name === SPEC.name) : undefined
      const current = parseAgentDocument(await (await fetch(`${agent.url}/${SPEC.name}/current`)).text())
      assert.ok(device && current.kind === 'streams')
      const now = new SampleFolder(SPEC.name, chooseItemRoles(device), DEFAULT_EXECUTION_STATES).applyCurrent(current.observations)
      assert.deepEqual([now?.state, now?.execution, now?.program, now?.part_count], [last.state, last.execution, last.program, last.part_count])
    } finally {
      await agent.close()
    }
  })

  it("keeps every change of state and part count, a sample at least every minute, and not the simulator's per-second noise", () => {
    const from = NOW - 6 * 3_600_000
    const kept = history(from, NOW)
    // The same machine folded observation by observation, no sample left out:
    const all = [...simulatedHistory(SPEC, 9, from, () => NOW, 0)].flat()
    assert.ok(all.length > kept.length * 3, `${all.length} samples unfiltered, ${kept.length} kept`)
    assert.deepEqual(transitions(kept), transitions(all))
    assert.ok(new Set(kept.map((s) => s.state)).size >= 3, 'running, idle, stopped or offline')
    const gaps = kept.slice(1).map((s, i) => Date.parse(s.timestamp) - Date.parse((kept[i] as CollectedSample).timestamp))
    assert.ok(Math.max(...gaps) <= 60_000, `largest gap ${Math.max(...gaps)} ms`)
    assert.ok(Math.min(...gaps) > 0, 'in time order, one sample per instant')
    assert.ok(kept.length < (6 * 3_600_000) / KEEP_EVERY_MS * 1.5, `${kept.length} samples in 6 h`)
    const counts = kept.map((s) => s.part_count)
    assert.ok(counts.some((c, i) => i > 0 && c !== counts[i - 1]), 'parts are made')
  })
})
