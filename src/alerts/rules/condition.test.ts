import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type CompiledCondition, compileCondition } from './condition.js'
import type { AlertVariables } from './conditionVariables.js'

function compiled(source: string): CompiledCondition {
  const result = compileCondition(source)
  if (!result.ok) assert.fail(`expected ${JSON.stringify(source)} to compile, got ${JSON.stringify(result.problems)}`)
  return result.condition
}

function problems(source: string): { offset: number; reason: string }[] {
  const result = compileCondition(source)
  if (result.ok) assert.fail(`expected ${JSON.stringify(source)} to be refused`)
  return result.problems
}

const reasons = (source: string) => problems(source).map((p) => p.reason)

function vars(values: Partial<AlertVariables> = {}): AlertVariables {
  return { machine_id: 'CNC-001', duration_seconds: 0, duration_min: 0, seconds_since_last_sample: 1, ...values }
}

const matches = (source: string, values: Partial<AlertVariables>) => compiled(source).evaluate(vars(values)).matches

describe('alert conditions: evaluation', () => {
  it("matches the seed's stopped-too-long rule only past 600 s in state stopped, with its trailing # comment", () => {
    const source = "state == 'stopped' AND duration_seconds > 600  # 10 min\n"
    assert.equal(matches(source, { state: 'stopped', duration_seconds: 601 }), true)
    assert.equal(matches(source, { state: 'stopped', duration_seconds: 600 }), false)
    assert.equal(matches(source, { state: 'idle', duration_seconds: 6000 }), false)
  })

  it('reads a multi-line condition with a comment at the end of a line', () => {
    const source = "rpm > 12000   # above the spindle rating\nAND state == 'running'\n"
    assert.equal(matches(source, { rpm: 12001, state: 'running' }), true)
    assert.equal(matches(source, { rpm: 12000, state: 'running' }), false)
    assert.equal(matches(source, { rpm: 13000, state: 'idle' }), false)
  })

  it('compares numbers whatever their kind: 12000.5 and 12001 are both above 12000', () => {
    assert.equal(matches('rpm > 12000', { rpm: 12000.5 }), true)
    assert.equal(matches('rpm > 12000', { rpm: 12001 }), true)
    assert.equal(matches('rpm == 12000', { rpm: 12000 }), true)
    assert.equal(matches('rpm >= 1.5e3 and rpm < 0x800', { rpm: 1500 }), true)
    assert.equal(matches('feed_mm_min > -1', { feed_mm_min: 0 }), true)
    assert.equal(matches('rpm * 2 + 1 > 10 - feed_mm_min / 2', { rpm: 5, feed_mm_min: 4 }), true)
  })

  it('accepts AND/and/&&, OR/or/||, NOT/not/! and parentheses', () => {
    for (const [and, or, not] of [['AND', 'OR', 'NOT'], ['and', 'or', 'not'], ['&&', '||', '!']]) {
      const source = `${not} (state == 'running' ${or} state == 'idle') ${and} duration_min >= 10`
      assert.equal(matches(source, { state: 'stopped', duration_min: 10 }), true, source)
      assert.equal(matches(source, { state: 'idle', duration_min: 10 }), false, source)
      assert.equal(matches(source, { state: 'stopped', duration_min: 9.9 }), false, source)
    }
    assert.equal(matches("state == 'offline' OR seconds_since_last_sample > 300", { state: 'running', seconds_since_last_sample: 301 }), true)
    assert.equal(matches("(rpm > 100 OR feed_mm_min > 100) AND NOT(state == 'idle')", { rpm: 0, feed_mm_min: 150, state: 'running' }), true)
  })

  it('keeps # and // inside quoted strings: only comments outside strings are stripped', () => {
    assert.equal(matches("program == 'O#12' # the # here is a comment", { program: 'O#12' }), true)
    assert.equal(matches('program == "http://x" // a comment with \'quotes\' and "more"', { program: 'http://x' }), true)
    assert.equal(matches(`alarm == "it's # not a comment" OR alarm == 'a\\'b // nor this'`, { alarm: "a'b // nor this" }), true)
  })

  it('accepts in-lists and the string methods contains, startsWith, endsWith', () => {
    assert.equal(matches("state in ['idle', 'stopped']", { state: 'idle' }), true)
    assert.equal(matches("state IN ['idle', 'stopped']", { state: 'running' }), false)
    assert.equal(matches('rpm in [0, 100]', { rpm: 100 }), true)
    assert.equal(matches("program.startsWith('O1') AND alarm.contains('SPINDLE') AND NOT model.endsWith('X')", { program: 'O12', alarm: 'SPINDLE OVERLOAD', model: 'VF-2' }), true)
    assert.equal(matches("plant == 'Plant A' AND src == 'mtconnect'", { plant: 'Plant A', src: 'mtconnect' }), true)
  })

  it('reports the variables a condition reads, so the engine knows which ones depend on timers', () => {
    assert.deepEqual([...compiled("state == 'offline' OR seconds_since_last_sample > 300 # rpm").variables].sort(), ['seconds_since_last_sample', 'state'])
  })

  it('does not match, and names the value, when a value the decision needs is missing', () => {
    const rule = compiled("rpm > 12000 AND state == 'running'")
    assert.deepEqual(rule.evaluate(vars({ state: 'running' })), { matches: false, error: 'missing: rpm' })
    assert.deepEqual(rule.evaluate(vars({ state: 'running', rpm: null as unknown as number })), { matches: false, error: 'missing: rpm' })
    assert.deepEqual(rule.evaluate(vars({})), { matches: false, error: 'missing: rpm, state' })
  })

  it('decides without the missing value when the other side already decides (false AND ?, true OR ?)', () => {
    assert.deepEqual(compiled("rpm > 12000 AND state == 'running'").evaluate(vars({ state: 'idle' })), { matches: false })
    assert.deepEqual(compiled("state == 'offline' OR rpm > 5").evaluate(vars({ state: 'offline' })), { matches: true })
  })

  it('never throws out of evaluate, even on a value of the wrong type', () => {
    const result = compiled('rpm > 5').evaluate(vars({ rpm: 'fast' as unknown as number }))
    assert.equal(result.matches, false)
    assert.match(result.error ?? '', /^error: /)
  })

  it('evaluates 100k times quickly (prints the figure)', () => {
    const rule = compiled("rpm > 12000   # above the spindle rating\nAND state == 'running'")
    const samples = [vars({ rpm: 12001, state: 'running' }), vars({ rpm: 100, state: 'running' }), vars({ rpm: 13000, state: 'idle' })]
    const started = performance.now()
    let matched = 0
    for (let i = 0; i < 100_000; i++) if (rule.evaluate(samples[i % 3] as AlertVariables).matches) matched++
    const ms = performance.now() - started
    console.log(`# 100k evaluations: ${ms.toFixed(1)} ms (${((ms * 1e6) / 100_000).toFixed(0)} ns each)`)
    assert.equal(matched, 33_334)
  })
})

describe('alert conditions: refused at load', () => {
  it('names an unknown variable and suggests the closest one', () => {
    assert.deepEqual(problems('rpmm > 5'), [{ offset: 0, reason: "unknown variable 'rpmm'; did you mean 'rpm'?" }])
    assert.deepEqual(reasons('duration_minutes > 5'), ["unknown variable 'duration_minutes'; did you mean 'duration_min'?"])
    assert.deepEqual(reasons('speed > 5'), [
      "unknown variable 'speed'; the variables are machine_id, rpm, feed_mm_min, state, part_count, program, execution, mode, alarm, sequence, src, duration_seconds, duration_min, seconds_since_last_sample, plant, model",
    ])
  })

  it('refuses comparing a string with a number, either way round', () => {
    assert.deepEqual(reasons('state > 5'), ["type mismatch: state is a string and 5 is a number; '>' compares two numbers or two strings"])
    assert.deepEqual(reasons("rpm == 'fast'"), ["type mismatch: rpm is a number and 'fast' is a string; '==' compares two values of the same type"])
  })

  it('refuses a state that does not exist and suggests the closest', () => {
    assert.deepEqual(problems("state == 'stoped'"), [{ offset: 9, reason: "'stoped' is never a value of state; did you mean 'stopped'? state is one of running, idle, stopped, offline" }])
    assert.deepEqual(reasons("state in ['idle', 'stopd']"), ["'stopd' is never a value of state; did you mean 'stopped'? state is one of running, idle, stopped, offline"])
    assert.deepEqual(reasons("'Running' != state"), ["'Running' is never a value of state; did you mean 'running'? state is one of running, idle, stopped, offline"])
    assert.deepEqual(reasons("src == 'mtconect'"), ["'mtconect' is never a value of src; did you mean 'mtconnect'? src is one of mtconnect, opcua, mqtt, http"])
  })

  it('refuses a condition that is not true or false', () => {
    assert.deepEqual(reasons('rpm'), ['must be true or false (a comparison such as rpm > 12000), but it gives a number'])
    assert.deepEqual(reasons("rpm > 5 AND 'x'"), ["AND needs a condition (true or false) on each side, but 'x' is a string; compare it, e.g. 'x' == '...'"])
  })

  it('explains that NOT applies to what follows it directly', () => {
    assert.deepEqual(reasons("NOT state == 'running'"), [
      "NOT needs a condition after it, but state is a string; NOT applies to what directly follows it, so write NOT (state == 'running') or state != 'running'",
    ])
  })

  it('points at syntax errors in the text as written', () => {
    assert.deepEqual(problems('(rpm > 1'), [{ offset: 8, reason: "syntax error: Expected ')', got the end of the condition" }])
    assert.deepEqual(problems("state == 'stopped' AND\n  rpm > 'abc"), [{ offset: 31, reason: 'a quoted string is not closed; close it with the same quote it opened with' }])
    assert.deepEqual(reasons('rpm > > 1'), ["syntax error: Unexpected token: '>'"])
    assert.deepEqual(reasons("state == 'idle' And rpm > 1"), ["syntax error: Unexpected character: 'd' (write AND or and, not And)"])
    assert.deepEqual(reasons('  # only a comment'), ["is empty; write a condition such as rpm > 12000 AND state == 'running'"])
  })

  it('refuses what is outside the documented language, saying what is available', () => {
    assert.deepEqual(reasons("program.matches('O.*')"), ['there is no method .matches(); the string methods are .contains(...), .startsWith(...), .endsWith(...)'])
    assert.deepEqual(reasons("contains(program, 'O1')"), ["there is no function contains(); write it as a method: program.contains('O1')"])
    assert.deepEqual(reasons('rpm % 2 == 0'), ["rpm % 2: the remainder operator '%' is not part of the alert condition language; see docs/alert-rules.md"])
    assert.deepEqual(reasons('rpm > null'), ['null is not a value here: a missing value already makes the rule not match (and shows as an error)'])
  })

  it('reports every problem of a condition at once, each at its place', () => {
    assert.deepEqual(problems("rpmm > 5 AND state == 'stoped'\n  AND feed > 1"), [
      { offset: 0, reason: "unknown variable 'rpmm'; did you mean 'rpm'?" },
      { offset: 22, reason: "'stoped' is never a value of state; did you mean 'stopped'? state is one of running, idle, stopped, offline" },
      { offset: 37, reason: "unknown variable 'feed'; did you mean 'feed_mm_min'?" },
    ])
  })
})
