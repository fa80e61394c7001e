import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { ConfigError } from '../../config/configError.js'
import type { AlertVariables } from './conditionVariables.js'
import { type AlertRule, loadAlertRulesFile, parseAlertRules } from './rulesFile.js'

// Our own example in the `rules:` form, with a webhook secret and a silence rule (the seed's
// own file, ../shared/seed/alerts.yaml, is read as it is further down).
const EXAMPLE = `rules:
  - name: machine_stopped_too_long
    machine_id: "*"
    condition: |
      state == 'stopped' AND duration_seconds > 600  # 10 min
    severity: critical
    duration_seconds: 0
    channels:
      - type: slack
        webhook_url: \${SLACK_WEBHOOK_URL}
        message: "🔴 {machine_id} parada há {duration_min} min"
  - name: spindle_overspeed
    machine_id: "CNC-*"
    condition: |
      rpm > 12000   # above the spindle rating
      AND state == 'running'
    severity: warning
    duration_seconds: 30
    channels:
      - type: webhook
        url: \${ALERT_WEBHOOK_URL}
        secret: \${ALERT_WEBHOOK_SECRET}
  - name: machine_offline
    machine_id: CNC-SIM-001
    condition: state == 'offline' OR seconds_since_last_sample > 300
    severity: critical
    channels:
      - type: webhook
        url: http://127.0.0.1:9000/hook
`

const ENV = {
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
  ALERT_WEBHOOK_URL: 'https://receiver.example/alerts',
  ALERT_WEBHOOK_SECRET: 'whsec_c2VjcmV0',
}

function problems(text: string, env: Record<string, string | undefined> = ENV): string[] {
  try {
    parseAlertRules(text, 'alerts.yaml', env)
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n')
    throw err
  }
  return assert.fail('expected the rules to be refused')
}

function vars(values: Partial<AlertVariables>): AlertVariables {
  return { duration_seconds: 0, duration_min: 0, seconds_since_last_sample: 1, ...values }
}

const byName = (rules: AlertRule[], name: string) => rules.find((r) => r.name === name) ?? assert.fail(`no rule ${name}`)

describe('parseAlertRules', () => {
  it("loads the seed's alerts.yaml byte for byte: alerts:, webhook:, template:, a Slack channel and a rule that name no webhook and no channels", () => {
    const seed = readFileSync(fileURLToPath(new URL('../../../../../shared/seed/alerts.yaml', import.meta.url)), 'utf8')
    const rules = parseAlertRules(seed, 'alerts.yaml', ENV)
    assert.deepEqual(rules.map((r) => [r.name, r.machineGlob, r.severity, r.durationSeconds, r.repeatIntervalSeconds, r.line]), [
      ['machine_stopped_long', '*', 'warning', 0, 60, 3],
      ['rpm_anomaly', 'ABR-850', 'critical', 0, 60, 16],
      ['feed_zero_running', '*', 'warning', 15, 60, 24],
    ])
    assert.deepEqual(rules[0]?.channels, [
      { type: 'slack', url: ENV.SLACK_WEBHOOK_URL, message: '🔴 {machine_id} parada há {duration_min} min' },
      { type: 'webhook', url: ENV.ALERT_WEBHOOK_URL, format: 'standard' },
    ])
    assert.deepEqual(rules[1]?.channels, [{ type: 'slack', url: ENV.SLACK_WEBHOOK_URL }], 'SLACK_WEBHOOK_URL of the environment')
    assert.deepEqual(rules[2]?.channels, [])
    const stopped = byName(rules, 'machine_stopped_long')
    assert.equal(stopped.evaluate(vars({ state: 'stopped', duration_seconds: 600.5 })).matches, true)
    assert.equal(stopped.evaluate(vars({ state: 'stopped', duration_seconds: 600 })).matches, false)
    const low = byName(rules, 'rpm_anomaly')
    assert.equal(low.evaluate(vars({ state: 'running', rpm: 999 })).matches, true)
    assert.equal(low.evaluate(vars({ state: 'running', rpm: 0 })).matches, false)
    assert.equal(byName(rules, 'feed_zero_running').evaluate(vars({ state: 'running', feed_mm_min: 0 })).matches, true)
  })

  it('gives a Slack channel with no webhook the default of the file, before the environment', () => {
    const [rule] = parseAlertRules(`defaults:
  slack_webhook_url: https://hooks.slack.com/services/DEFAULT
alerts:
  - name: a
    condition: rpm > 1
    channels:
      - type: slack
      - type: slack
        webhook: https://hooks.slack.com/services/OWN
`, 'alerts.yaml', ENV)
    assert.deepEqual(rule?.channels.map((c) => c.url), ['https://hooks.slack.com/services/DEFAULT', 'https://hooks.slack.com/services/OWN'])
  })

  it("takes the predecessor's dedupe_window_seconds as the repeat interval, and says what replaces the keys that have no meaning here", () => {
    const rules = parseAlertRules(`dedupe_window_seconds: 120
alerts:
  - name: a
    condition: rpm > 1
  - name: b
    condition: rpm > 1
    dedupe_window_seconds: 30
    enabled: false
`, 'alerts.yaml', ENV)
    assert.deepEqual(rules.map((r) => [r.repeatIntervalSeconds, r.enabled]), [[120, true], [30, false]])
    assert.deepEqual(problems(`evaluation_interval_seconds: 60
lookback_seconds: 60
alerts:
  - name: a
    condition: rpm > 1
    repeat_interval_seconds: 10
    dedupe_window_seconds: 10
    lookback_seconds: 30
`), [
      'alerts.yaml:1: evaluation_interval_seconds: is not needed: every rule is evaluated as each sample is stored, and every second for duration_seconds and silence; remove the key',
      'alerts.yaml:2: lookback_seconds: is not needed: a condition reads the latest value of each field of the machine, and duration_seconds (time in the current state); to ask that a condition hold for a while, give the rule duration_seconds; remove the key',
      'alerts.yaml:7: rule a: dedupe_window_seconds: is the old name of repeat_interval_seconds, which is given too; keep one',
      'alerts.yaml:8: rule a: lookback_seconds: is not needed: a condition reads the latest value of each field of the machine, and duration_seconds (time in the current state); to ask that a condition hold for a while, give the rule duration_seconds; remove the key',
    ])
  })

  it('refuses two names for one thing: alerts: and rules:, webhook: and webhook_url:, template: and message:', () => {
    assert.deepEqual(problems(`alerts:
  - name: a
    condition: rpm > 1
    channels:
      - type: slack
        webhook: https://hooks.slack.com/a
        webhook_url: https://hooks.slack.com/b
        template: "{rule}"
        message: "{rule}"
rules: []
`), [
      'alerts.yaml:7: rule a: channels[0].webhook_url: and webhook say the same thing; give one of webhook, webhook_url, url',
      'alerts.yaml:8: rule a: channels[0].template: and message say the same thing; give one of message, template',
      "alerts.yaml:10: rules: and alerts: both hold rules; keep one list (alerts: is the seed's name for it, rules: ours)",
    ])
  })

  it('loads our example with its defaults filled in', () => {
    const rules = parseAlertRules(EXAMPLE, 'alerts.yaml', ENV)
    assert.deepEqual(rules.map((r) => [r.name, r.machineGlob, r.severity, r.durationSeconds, r.line]), [
      ['machine_stopped_too_long', '*', 'critical', 0, 2],
      ['spindle_overspeed', 'CNC-*', 'warning', 30, 12],
      ['machine_offline', 'CNC-SIM-001', 'critical', 0, 23],
    ])
    for (const rule of rules) {
      assert.equal(rule.repeatIntervalSeconds, 60)
      assert.equal(rule.resolveAfterSeconds, 0)
      assert.equal(rule.notifyResolved, true)
      assert.equal(rule.enabled, true)
      assert.deepEqual(rule.labels, {})
      assert.equal(rule.description, undefined)
    }
    assert.deepEqual(rules[0]?.channels, [{ type: 'slack', url: ENV.SLACK_WEBHOOK_URL, message: '🔴 {machine_id} parada há {duration_min} min' }])
    assert.deepEqual(rules[1]?.channels, [{ type: 'webhook', url: ENV.ALERT_WEBHOOK_URL, secret: ENV.ALERT_WEBHOOK_SECRET, format: 'standard' }])
    assert.deepEqual(rules[2]?.channels, [{ type: 'webhook', url: 'http://127.0.0.1:9000/hook', format: 'standard' }])
    assert.equal(rules[1]?.conditionSource, "rpm > 12000   # above the spindle rating\nAND state == 'running'\n")
    assert.deepEqual([...(rules[1]?.variables ?? [])], ['rpm', 'state'])
  })

  it("evaluates each seed rule on a machine's values", () => {
    const rules = parseAlertRules(EXAMPLE, 'alerts.yaml', ENV)
    const stopped = byName(rules, 'machine_stopped_too_long')
    assert.equal(stopped.evaluate(vars({ state: 'stopped', duration_seconds: 601 })).matches, true)
    assert.equal(stopped.evaluate(vars({ state: 'stopped', duration_seconds: 599 })).matches, false)
    assert.equal(stopped.evaluate(vars({ state: 'idle', duration_seconds: 6000 })).matches, false)
    const overspeed = byName(rules, 'spindle_overspeed')
    assert.equal(overspeed.evaluate(vars({ rpm: 12000.5, state: 'running' })).matches, true)
    assert.equal(overspeed.evaluate(vars({ rpm: 12000, state: 'running' })).matches, false)
    assert.equal(overspeed.evaluate(vars({ rpm: 15000, state: 'stopped' })).matches, false)
    assert.deepEqual(overspeed.evaluate(vars({ state: 'running' })), { matches: false, error: 'missing: rpm' })
    const offline = byName(rules, 'machine_offline')
    assert.equal(offline.evaluate(vars({ state: 'offline' })).matches, true)
    assert.equal(offline.evaluate(vars({ state: 'running', seconds_since_last_sample: 301 })).matches, true)
    assert.equal(offline.evaluate(vars({ state: 'running', seconds_since_last_sample: 300 })).matches, false)
  })

  it('matches machines by the glob of each rule', () => {
    const rules = parseAlertRules(EXAMPLE, 'alerts.yaml', ENV)
    assert.equal(byName(rules, 'machine_stopped_too_long').matchesMachine('anything.at_all-1'), true)
    assert.equal(byName(rules, 'spindle_overspeed').matchesMachine('CNC-SIM-002'), true)
    assert.equal(byName(rules, 'spindle_overspeed').matchesMachine('LATHE-1'), false)
    assert.equal(byName(rules, 'machine_offline').matchesMachine('CNC-SIM-001'), true)
    assert.equal(byName(rules, 'machine_offline').matchesMachine('CNC-SIM-0011'), false)
  })

  it('reads every optional key, and the defaults section for what a rule leaves out', () => {
    const rules = parseAlertRules(`defaults:
  repeat_interval_seconds: 300
  resolve_after_seconds: 20
  notify_resolved: false
  severity: info
  labels: { team: maintenance, site: A }
  channels:
    - type: webhook
      url: \${ALERT_WEBHOOK_URL}
      format: alertmanager
      resolved_message: "{rule} ok em {machine_id}"
rules:
  - name: low feed
    description: Feed below 10 mm/min while cutting
    machine_id: CNC-00?
    condition: feed_mm_min < 10 AND state == 'running'
    labels: { site: B, line: "3" }
  - name: alarm
    condition: alarm.contains('SPINDLE')
    severity: critical
    duration_seconds: 5.5
    repeat_interval_seconds: 3600
    resolve_after_seconds: 0
    notify_resolved: true
    enabled: false
    channels: []
`, 'alerts.yaml', ENV)
    const [low, alarm] = rules as [AlertRule, AlertRule]
    assert.equal(low.description, 'Feed below 10 mm/min while cutting')
    assert.equal(low.machineGlob, 'CNC-00?')
    assert.deepEqual([low.severity, low.durationSeconds, low.repeatIntervalSeconds, low.resolveAfterSeconds, low.notifyResolved, low.enabled], ['info', 0, 300, 20, false, true])
    assert.deepEqual(low.labels, { team: 'maintenance', site: 'B', line: '3' })
    assert.deepEqual(low.channels, [{ type: 'webhook', url: ENV.ALERT_WEBHOOK_URL, format: 'alertmanager', resolvedMessage: '{rule} ok em {machine_id}' }])
    assert.equal(alarm.machineGlob, '*', 'machine_id defaults to every machine')
    assert.deepEqual([alarm.severity, alarm.durationSeconds, alarm.repeatIntervalSeconds, alarm.resolveAfterSeconds, alarm.notifyResolved, alarm.enabled], ['critical', 5.5, 3600, 0, true, false])
    assert.deepEqual(alarm.channels, [], 'an explicit empty list overrides the default channels')
  })

  it('accepts an empty file, an empty rules list and a bare list of rules', () => {
    assert.deepEqual(parseAlertRules('', 'alerts.yaml', {}), [])
    assert.deepEqual(parseAlertRules('# no rules yet\nrules: []\n', 'alerts.yaml', {}), [])
    assert.deepEqual(parseAlertRules('rules:\n', 'alerts.yaml', {}), [])
    assert.equal(parseAlertRules("- name: a\n  condition: state == 'idle'\n", 'alerts.yaml', {})[0]?.name, 'a')
  })

  it('keeps machine ids and texts as written: 001 stays "001", yes stays "yes"', () => {
    const [rule] = parseAlertRules("- name: 001\n  machine_id: 001\n  condition: program == 'yes'\n  labels: { shift: 01 }\n", 'alerts.yaml', {})
    assert.deepEqual([rule?.name, rule?.machineGlob, rule?.labels], ['001', '001', { shift: '01' }])
  })
})

describe('parseAlertRules: environment variables', () => {
  it('substitutes ${NAME} in any string value, including the condition', () => {
    const [rule] = parseAlertRules(`- name: overspeed \${PLANT}
  condition: rpm > \${MAX_RPM} AND plant == '\${PLANT}'
  channels:
    - type: slack
      webhook_url: https://hooks.slack.com/services/\${SLACK_PATH}
      message: "\${PLANT}: {machine_id}"
`, 'alerts.yaml', { MAX_RPM: '9000', PLANT: 'Plant A', SLACK_PATH: 'T/B/X' })
    assert.equal(rule?.name, 'overspeed Plant A')
    assert.equal(rule?.evaluate(vars({ rpm: 9001, plant: 'Plant A' })).matches, true)
    assert.equal(rule?.channels[0]?.url, 'https://hooks.slack.com/services/T/B/X')
    assert.equal(rule?.channels[0]?.message, 'Plant A: {machine_id}')
  })

  it('names every missing environment variable with its line', () => {
    assert.deepEqual(problems(EXAMPLE, { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/x', ALERT_WEBHOOK_SECRET: '' }), [
      'alerts.yaml:21: rule spindle_overspeed: channels[0].url: environment variable ALERT_WEBHOOK_URL is not set',
      'alerts.yaml:22: rule spindle_overspeed: channels[0].secret: environment variable ALERT_WEBHOOK_SECRET is empty',
    ])
  })

  it('writes $${ as a literal ${ and uses ${NAME:-fallback} when NAME is unset', () => {
    const [rule] = parseAlertRules(`- name: a
  condition: program == '$\${X}'
  channels:
    - type: webhook
      url: \${HOOK:-http://127.0.0.1:9000/hook}
`, 'alerts.yaml', {})
    assert.equal(rule?.evaluate(vars({ program: '${X}' })).matches, true)
    assert.equal(rule?.channels[0]?.url, 'http://127.0.0.1:9000/hook')
  })
})

describe('parseAlertRules: problems', () => {
  it('reports every problem at once, each with file, line, rule and field', () => {
    assert.deepEqual(problems(`defaults:
  repeat_interval_seconds: 0
  colour: red
rules:
  - name: stopped
    machine_id: "CNC-[12]"
    condition: |
      state == 'stoped'   # typo
      AND rpmm > 5
    severity: urgent
    duration_seconds: -5
    resolve_after_seconds: soon
    notify_resolved: maybe
    colour: red
    channels:
      - type: slack
        webhook_url: \${MISSING_HOOK}
        message: "{machine} parada há {duration_min} min"
      - type: webhook
        url: not a url
        format: prometheus
        token: abc
      - type: email
        to: ops@example.com
  - name: stopped
    condition: state > 5
  - machine_id: A
    condition: rpm == 'fast'
  - name: not boolean
    condition: rpm + 1
  - name: labels
    condition: rpm > 1
    labels: { 1st: a, ok: [x] }
`), [
      'alerts.yaml:2: defaults.repeat_interval_seconds: must be a number of seconds of at least 1, got "0"',
      "alerts.yaml:3: defaults.colour: unknown key 'colour'; accepted: severity, duration_seconds, repeat_interval_seconds, dedupe_window_seconds, resolve_after_seconds, notify_resolved, labels, channels, slack_webhook_url",
      'alerts.yaml:6: rule stopped: machine_id: "CNC-[12]" must be a machine id or a pattern of A-Z a-z 0-9 . _ - with * (any characters) and ? (one character), e.g. CNC-* or "*"',
      "alerts.yaml:8: rule stopped: condition: 'stoped' is never a value of state; did you mean 'stopped'? state is one of running, idle, stopped, offline",
      "alerts.yaml:9: rule stopped: condition: unknown variable 'rpmm'; did you mean 'rpm'?",
      "alerts.yaml:10: rule stopped: severity: \"urgent\" is not one of critical, warning, info",
      'alerts.yaml:11: rule stopped: duration_seconds: must be a number of seconds >= 0, got "-5"',
      'alerts.yaml:12: rule stopped: resolve_after_seconds: must be a number of seconds >= 0, got "soon"',
      'alerts.yaml:13: rule stopped: notify_resolved: must be true or false, got "maybe"',
      "alerts.yaml:14: rule stopped: colour: unknown key 'colour'; accepted: name, description, machine_id, condition, severity, duration_seconds, repeat_interval_seconds, dedupe_window_seconds, resolve_after_seconds, notify_resolved, enabled, labels, channels",
      'alerts.yaml:17: rule stopped: channels[0].webhook_url: environment variable MISSING_HOOK is not set',
      'alerts.yaml:18: rule stopped: channels[0].message: unknown placeholder {machine}; did you mean {machine_id}?',
      'alerts.yaml:20: rule stopped: channels[1].url: "not a url" is not an http:// or https:// URL',
      'alerts.yaml:21: rule stopped: channels[1].format: "prometheus" is not one of standard, alertmanager',
      "alerts.yaml:22: rule stopped: channels[1].token: unknown key 'token'; accepted: type, url, secret, format, message, template, resolved_message",
      'alerts.yaml:23: rule stopped: channels[2].type: "email" is not one of slack, webhook',
      'alerts.yaml:25: rule stopped: name: is already the name of the rule on line 5; rule names must be unique',
      "alerts.yaml:26: rule stopped: condition: type mismatch: state is a string and 5 is a number; '>' compares two numbers or two strings",
      'alerts.yaml:27: rule rules[2]: name: is required',
      "alerts.yaml:28: rule rules[2]: condition: type mismatch: rpm is a number and 'fast' is a string; '==' compares two values of the same type",
      'alerts.yaml:30: rule not boolean: condition: must be true or false (a comparison such as rpm > 12000), but it gives a number',
      'alerts.yaml:33: rule labels: labels.1st: label names are letters, digits and _ (not starting with a digit), got "1st"',
      'alerts.yaml:33: rule labels: labels.ok: must be a single value, not a list or a mapping',
    ])
  })

  it('points at the line of the problem inside a multi-line condition', () => {
    assert.deepEqual(problems(`rules:
  - name: a
    condition: |
      # cutting too fast
      state == 'running'
        AND rpm > 12000
        AND feed > 1
`), ["alerts.yaml:7: rule a: condition: unknown variable 'feed'; did you mean 'feed_mm_min'?"])
  })

  it('suggests the closest severity and channel type', () => {
    assert.deepEqual(problems(`- name: a
  condition: rpm > 1
  severity: critcal
  channels:
    - type: slak
      webhook_url: https://hooks.slack.com/x
`), [
      "alerts.yaml:3: rule a: severity: \"critcal\" is not one of critical, warning, info; did you mean 'critical'?",
      "alerts.yaml:5: rule a: channels[0].type: \"slak\" is not one of slack, webhook; did you mean 'slack'?",
    ])
  })

  it('refuses keys of the other channel type, a channel without url, and an empty secret', () => {
    assert.deepEqual(problems(`- name: a
  condition: rpm > 1
  channels:
    - type: slack
      webhook_url: https://hooks.slack.com/x
      secret: abc
    - type: webhook
      message: "{rule}"
    - type: webhook
      url: https://x.example
      secret: ""
`), [
      "alerts.yaml:6: rule a: channels[0].secret: unknown key 'secret'; accepted: type, webhook, webhook_url, url, message, template, resolved_message",
      'alerts.yaml:7: rule a: channels[1].url: is required',
      'alerts.yaml:11: rule a: channels[2].secret: is empty; leave secret out for unsigned deliveries',
    ])
  })

  it('refuses rule names that are too long or padded, and unknown top-level keys', () => {
    assert.deepEqual(problems(`alert:
  - x
rules:
  - name: "${'n'.repeat(129)}"
    condition: rpm > 1
  - name: " padded"
    condition: rpm > 1
`), [
      "alerts.yaml:1: alert: unknown key 'alert'; did you mean 'alerts'? accepted: alerts, rules, defaults, dedupe_window_seconds",
      `alerts.yaml:4: rule rules[0]: name: "${'n'.repeat(129)}" must be 1-128 characters without surrounding spaces or control characters`,
      'alerts.yaml:6: rule rules[1]: name: " padded" must be 1-128 characters without surrounding spaces or control characters',
    ])
  })

  it('reports YAML syntax errors with their line, and duplicate keys', () => {
    const [first] = problems('rules:\n  - name: a\n    condition: "rpm > 1\n')
    assert.match(first ?? '', /^alerts\.yaml:4: \(syntax\): Missing closing "quote$/)
    const [dup] = problems('rules:\n  - name: a\n    name: b\n    condition: rpm > 1\n')
    assert.equal(dup, 'alerts.yaml:3: (syntax): Map keys must be unique')
  })

  it('explains the YAML traps of conditions and globs: a leading *, !, or quote', () => {
    assert.deepEqual(problems('- name: a\n  machine_id: *\n  condition: rpm > 1\n'), [
      'alerts.yaml:2: (syntax): Alias cannot be an empty string; a value starting with * must be quoted, e.g. machine_id: "*"',
    ])
    assert.deepEqual(problems("- name: a\n  condition: !(state == 'running')\n"), [
      'alerts.yaml:2: rule a: condition: YAML reads the leading !(state as a tag; quote the value, or in a condition write NOT (...) or use a | block',
    ])
    assert.deepEqual(problems("- name: a\n  condition: 'stopped' == state\n"), [
      'alerts.yaml:2: (syntax): Unexpected scalar at node end; a value that starts with a quote must end with it: put the condition in a | block, or quote all of it',
    ])
    assert.equal(parseAlertRules("- name: a\n  condition: |\n    !(state == 'running')\n", 'alerts.yaml', {}).length, 1)
  })

  it('keeps the problems in the error for the API, sorted by line', () => {
    try {
      parseAlertRules("- name: a\n  condition: rpm > 'x'\n  severity: loud\n", 'alerts.yaml', {})
      assert.fail('expected an error')
    } catch (err) {
      assert.ok(err instanceof ConfigError)
      assert.equal(err.code, 'config_invalid')
      assert.deepEqual(err.problems.map((p) => [p.line, p.rule, p.field]), [[2, 'a', 'condition'], [3, 'a', 'severity']])
    }
  })
})

describe('loadAlertRulesFile', () => {
  it('reads the file and names it in problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnc-alert-rules-'))
    try {
      const file = join(dir, 'alerts.yaml')
      writeFileSync(file, EXAMPLE)
      assert.equal(loadAlertRulesFile(file, ENV).length, 3)
      writeFileSync(file, EXAMPLE.replace("'stopped'", "'stoped'"))
      assert.throws(() => loadAlertRulesFile(file, ENV), (err: Error) => err instanceof ConfigError && err.message.startsWith(`${file}:5: rule machine_stopped_too_long: condition: 'stoped'`))
      assert.throws(() => loadAlertRulesFile(join(dir, 'missing.yaml'), ENV), (err: Error) => err instanceof ConfigError && /missing\.yaml:1: \(file\): cannot be read: ENOENT/.test(err.message))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
