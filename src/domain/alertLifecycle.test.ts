import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type AlertInstance, INACTIVE, type LifecycleRule, acknowledge, stepAlert } from './alertLifecycle.js'

const rule: LifecycleRule = { durationSeconds: 30, resolveAfterSeconds: 0, repeatIntervalSeconds: 60, notifyResolved: true }
const T = Date.parse('2026-03-01T08:00:00Z')
const s = (n: number) => T + n * 1000

function run(steps: [seconds: number, matches: boolean][], r = rule): { state: string; transitions: string[]; notify: string | null }[] {
  let instance: AlertInstance = INACTIVE
  return steps.map(([t, matches]) => {
    const step = stepAlert(instance, { matches }, s(t), r)
    instance = step.next
    return { state: instance.state, transitions: step.transitions, notify: step.notify }
  })
}

describe('stepAlert', () => {
  it('goes pending when true, fires once it held for the duration, resolves when false', () => {
    assert.deepEqual(run([[0, true], [29, true], [30, true], [40, true], [41, false]]), [
      { state: 'pending', transitions: ['pending'], notify: null },
      { state: 'pending', transitions: [], notify: null },
      { state: 'firing', transitions: ['firing'], notify: 'firing' },
      { state: 'firing', transitions: [], notify: null },
      { state: 'inactive', transitions: ['resolved'], notify: 'resolved' },
    ])
  })

  it('fires at once with no duration, and a pending alert that turns false is cancelled without a word', () => {
    assert.deepEqual(run([[0, true]], { ...rule, durationSeconds: 0 })[0], { state: 'firing', transitions: ['pending', 'firing'], notify: 'firing' })
    assert.deepEqual(run([[0, true], [10, false]])[1], { state: 'inactive', transitions: ['cancelled'], notify: null })
  })

  it('repeats the notification every repeat interval while firing, not more often', () => {
    const notes = run([[0, true], [30, true], [60, true], [89, true], [90, true], [149, true], [150, true]]).map((x) => x.notify)
    assert.deepEqual(notes, [null, 'firing', null, null, 'repeat', null, 'repeat'])
  })

  it('stops repeating once acknowledged, and still resolves', () => {
    let i = stepAlert(INACTIVE, { matches: true }, s(0), { ...rule, durationSeconds: 0 }).next
    i = acknowledge(i, s(5))
    assert.equal(stepAlert(i, { matches: true }, s(120), rule).notify, null)
    assert.equal(stepAlert(i, { matches: false }, s(121), rule).notify, 'resolved')
    assert.equal(acknowledge(INACTIVE, s(1)).acknowledgedAt, null, 'nothing to acknowledge when not firing')
  })

  it('waits out the hysteresis before resolving, and a flap back to true keeps it firing', () => {
    const r = { ...rule, durationSeconds: 0, resolveAfterSeconds: 20 }
    assert.deepEqual(run([[0, true], [10, false], [25, true], [30, false], [49, false], [50, false]], r).map((x) => x.state),
      ['firing', 'firing', 'firing', 'firing', 'firing', 'inactive'])
  })

  it('resolves without notifying when resolved notifications are off', () => {
    assert.equal(run([[0, true], [1, false]], { ...rule, durationSeconds: 0, notifyResolved: false })[1]?.notify, null)
  })

  it('keeps an evaluation error visible and counts it as not matching', () => {
    const step = stepAlert(INACTIVE, { matches: false, error: 'rpm is missing' }, s(0), rule)
    assert.deepEqual([step.next.state, step.next.error], ['inactive', 'rpm is missing'])
  })
})
