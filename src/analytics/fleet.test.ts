import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type FleetMachine, summarizeFleet } from './fleet.js'

const now = Date.parse('2026-03-01T08:00:00Z')
const m = (id: string, plant: string, model: string, state: string | null, secondsAgo: number | null, rpm: number | null = null): FleetMachine =>
  ({ id, plant, model, state, last_seen_at: secondsAgo === null ? null : now - secondsAgo * 1000, rpm })

const fleet = [
  m('A1', 'A', 'VF-2', 'running', 5, 4000),
  m('A2', 'A', 'VF-2', 'running', 5, 2000),
  m('A3', 'A', 'NLX', 'idle', 5),
  m('B1', 'B', 'NLX', 'running', 600, 9000),
  m('B2', 'B', 'VF-2', 'stopped', 10),
  m('B3', 'B', 'VF-2', null, null),
]

describe('summarizeFleet', () => {
  it('counts machines per state, with silent machines offline, and averages rpm of running ones', () => {
    const s = summarizeFleet(fleet, {}, now, 300_000)
    assert.equal(s.total, 6)
    assert.deepEqual(s.states, { running: 2, idle: 1, stopped: 1, offline: 2 })
    assert.deepEqual(s.machines.offline, ['B1', 'B3'], 'B1 was running but is silent for 10 min')
    assert.equal(s.avg_rpm_running, 3000)
    assert.deepEqual(s.plants.map((p) => [p.plant, p.total, p.states.running, p.avg_rpm_running]), [['A', 3, 2, 3000], ['B', 3, 0, null]])
  })

  it('filters by plant, model and state', () => {
    assert.deepEqual(summarizeFleet(fleet, { plant: 'B' }, now, 300_000).states, { running: 0, idle: 0, stopped: 1, offline: 2 })
    assert.equal(summarizeFleet(fleet, { model: 'NLX' }, now, 300_000).total, 2)
    assert.deepEqual(summarizeFleet(fleet, { state: 'running' }, now, 300_000).machines.running, ['A1', 'A2'])
  })
})
