// alerts.yaml: the alert rules. Parsed and validated once, here, into typed rules with their
// condition compiled; every problem names the file, the line, the rule and the field, and all
// problems are reported at once (ConfigError). Pure but for loadAlertRulesFile reading the file.
import { type Node, Scalar, type YAMLMap, isMap, isScalar, isSeq } from 'yaml'
import { loadConfigFile } from '../../config/configFile.js'
import { didYouMean } from '../../config/didYouMean.js'
import { isHttpUrl } from '../../config/httpUrl.js'
import { YamlDocument, keyText } from '../../config/yamlDocument.js'
import { type AlertChannel, type SlackFallback, readChannels } from './alertChannels.js'
import { compileCondition } from './condition.js'
import type { AlertVariables } from './conditionVariables.js'
import { GLOB_RULE, isValidMachineGlob, machineMatcher } from './machineGlob.js'
import { MapFields, RulesDocument } from './yamlFields.js'

/**
 * Keys of the predecessor's rules files that have no meaning here, and what does their job.
 * They are refused with this text rather than as unknown keys: a user carrying a file over
 * learns what to write instead.
 */
const REPLACED_KEYS: Readonly<Record<string, string>> = {
  evaluation_interval_seconds: 'is not needed: every rule is evaluated as each sample is stored, and every second for duration_seconds and silence; remove the key',
  lookback_seconds: 'is not needed: a condition reads the latest value of each field of the machine, and duration_seconds (time in the current state); to ask that a condition hold for a while, give the rule duration_seconds; remove the key',
}

export const SEVERITIES = ['critical', 'warning', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

export interface AlertRule {
  name: string
  description?: string
  /** `*`, `CNC-*`, `CNC-00?` or a machine id. */
  machineGlob: string
  severity: Severity
  /** The condition as written (comments included). */
  conditionSource: string
  /** How long the condition must hold before the alert fires (0 = at once). */
  durationSeconds: number
  /** At most one notification per rule and machine per this interval while firing. */
  repeatIntervalSeconds: number
  /** How long the condition must stay false before a firing alert resolves (hysteresis). */
  resolveAfterSeconds: number
  notifyResolved: boolean
  enabled: boolean
  labels: Record<string, string>
  channels: AlertChannel[]
  /** Line of the rule in its file. */
  line: number
  matchesMachine(machineId: string): boolean
  /** Never throws: a missing value gives { matches: false, error: 'missing: rpm' }. */
  evaluate(vars: AlertVariables): { matches: boolean; error?: string }
  /** Variables the condition reads (so the engine knows if it depends on duration/silence timers). */
  variables: ReadonlySet<string>
}

export const DEFAULT_REPEAT_INTERVAL_SECONDS = 60
// `alerts:` is the seed's key for the list of rules (ROADMAP.md, G6), `rules:` ours; the
// predecessor's `dedupe_window_seconds` is our repeat interval under its old name.
const LIST_KEYS = ['alerts', 'rules'] as const
const TOP_KEYS = [...LIST_KEYS, 'defaults', 'dedupe_window_seconds']
const DEFAULT_KEYS = [
  'severity', 'duration_seconds', 'repeat_interval_seconds', 'dedupe_window_seconds', 'resolve_after_seconds', 'notify_resolved', 'labels',
  'channels', 'slack_webhook_url',
]
const RULE_KEYS = [
  'name', 'description', 'machine_id', 'condition', 'severity', 'duration_seconds', 'repeat_interval_seconds', 'dedupe_window_seconds',
  'resolve_after_seconds', 'notify_resolved', 'enabled', 'labels', 'channels',
]
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

interface Defaults {
  severity: Severity
  durationSeconds: number
  repeatIntervalSeconds: number
  resolveAfterSeconds: number
  notifyResolved: boolean
  labels: Record<string, string>
  channels: AlertChannel[]
  /** Where a Slack channel with no webhook of its own posts. */
  slack: SlackFallback
}

/** Parses alerts.yaml text; `${NAME}` comes from `env`. Throws ConfigError listing every problem. */
export function parseAlertRules(text: string, file: string, env: Readonly<Record<string, string | undefined>>): AlertRule[] {
  // The line is the problem's own; YAML's "at line 3, column 5:" would say it twice.
  const yaml = new YamlDocument(text, file, { schema: 'failsafe', syntaxReason: (reason) => yamlHint(reason.replace(/ at line \d+, column \d+:?$/, '')) })
  const doc = new RulesDocument(yaml, env)

  let list = yaml.root
  let defaults: Defaults = {
    severity: 'warning', durationSeconds: 0, repeatIntervalSeconds: DEFAULT_REPEAT_INTERVAL_SECONDS, resolveAfterSeconds: 0, notifyResolved: true,
    labels: {}, channels: [], slack: slackFromEnv(env),
  }
  if (list === undefined) return [] // an empty file: no rules
  let listKey = 'alerts'
  if (isMap(list)) {
    const top = new MapFields(doc, list, '', '')
    top.onlyKeys(TOP_KEYS, Object.keys(REPLACED_KEYS))
    refuseReplacedKeys(top)
    const given = LIST_KEYS.filter((k) => top.has(k))
    if (given.length > 1) top.fail(list.get('rules', true) as Node, 'rules', "and alerts: both hold rules; keep one list (alerts: is the seed's name for it, rules: ours)")
    listKey = given[0] ?? listKey
    const dedupe = top.seconds('dedupe_window_seconds', 1)
    const defaultsNode = top.node('defaults')
    if (defaultsNode !== undefined) defaults = readDefaults(doc, defaultsNode, defaults)
    if (dedupe !== undefined) {
      if (isMap(defaultsNode) && (defaultsNode.has('repeat_interval_seconds') || defaultsNode.has('dedupe_window_seconds'))) {
        top.fail(top.node('dedupe_window_seconds'), 'dedupe_window_seconds', 'sets the default repeat interval, which defaults already sets; keep one')
      } else defaults.repeatIntervalSeconds = dedupe
    }
    list = top.node(listKey)
    if (list === undefined) {
      if (given.length === 0) doc.fail(yaml.root, '', 'alerts', 'is required: a list of rules (- name: ..., condition: ...)')
      else if (doc.problems.length === 0) return [] // `alerts:` with nothing under it
    }
  }
  if (list !== undefined && !isSeq(list)) doc.fail(list, '', listKey, 'must be a list of rules (- name: ..., condition: ...)')

  const rules: AlertRule[] = []
  const names = new Map<string, number>()
  if (isSeq(list)) {
    list.items.forEach((item, i) => {
      const node = doc.value(item)
      if (!isMap(node)) return void doc.fail(node ?? list, `${listKey}[${i}]`, '(rule)', 'must be a mapping with name, machine_id, condition, ...')
      const rule = readRule(doc, node, `${listKey}[${i}]`, defaults)
      // Duplicates are checked on the name as written, valid rule or not, to report them all.
      const nameNode = doc.value(node.get('name', true))
      const name = isScalar(nameNode) ? String(nameNode.value) : undefined
      const first = name === undefined ? undefined : names.get(name)
      if (name !== undefined && first !== undefined) doc.fail(nameNode, name, 'name', `is already the name of the rule on line ${first}; rule names must be unique`)
      else if (name !== undefined) names.set(name, doc.lineOf(node))
      if (rule !== undefined) rules.push(rule)
    })
  }
  yaml.throwIfAny()
  return rules
}

/** Reads and parses the rules file; a file that cannot be read is a ConfigError too. */
export function loadAlertRulesFile(path: string, env: Readonly<Record<string, string | undefined>>): AlertRule[] {
  return loadConfigFile(path, (text, file) => parseAlertRules(text, file, env))
}

function readDefaults(doc: RulesDocument, node: Node, base: Defaults): Defaults {
  if (!isMap(node)) {
    doc.fail(node, '', 'defaults', `must be a mapping of ${DEFAULT_KEYS.join(', ')}`)
    return base
  }
  const fields = new MapFields(doc, node, '', 'defaults')
  fields.onlyKeys(DEFAULT_KEYS)
  const slackUrl = fields.text('slack_webhook_url')
  let slack = base.slack
  if (slackUrl !== undefined) {
    if (isHttpUrl(slackUrl)) slack = { url: slackUrl, source: 'defaults.slack_webhook_url' }
    else fields.fail(fields.node('slack_webhook_url'), 'slack_webhook_url', `${JSON.stringify(slackUrl)} is not an http:// or https:// URL`)
  }
  const channelsNode = fields.node('channels')
  return {
    severity: fields.choice('severity', SEVERITIES, (s) => didYouMean(s, SEVERITIES)) ?? base.severity,
    durationSeconds: fields.seconds('duration_seconds', 0) ?? base.durationSeconds,
    repeatIntervalSeconds: readRepeatInterval(fields) ?? base.repeatIntervalSeconds,
    resolveAfterSeconds: fields.seconds('resolve_after_seconds', 0) ?? base.resolveAfterSeconds,
    notifyResolved: fields.bool('notify_resolved') ?? base.notifyResolved,
    labels: readLabels(fields) ?? base.labels,
    channels: channelsNode === undefined ? base.channels : readChannels(doc, channelsNode, '', 'defaults.channels', slack),
    slack,
  }
}

/** `repeat_interval_seconds`, or the predecessor's `dedupe_window_seconds` for the same thing. */
function readRepeatInterval(fields: MapFields): number | undefined {
  if (fields.has('repeat_interval_seconds') && fields.has('dedupe_window_seconds')) {
    fields.fail(fields.node('dedupe_window_seconds'), 'dedupe_window_seconds', 'is the old name of repeat_interval_seconds, which is given too; keep one')
  }
  return fields.seconds('repeat_interval_seconds', 1) ?? fields.seconds('dedupe_window_seconds', 1)
}

function refuseReplacedKeys(fields: MapFields): void {
  for (const [key, reason] of Object.entries(REPLACED_KEYS)) if (fields.has(key)) fields.fail(fields.node(key) ?? fields.map, key, reason)
}

/** SLACK_WEBHOOK_URL of the environment, for Slack channels that name no webhook (as the seed's rpm_anomaly). */
function slackFromEnv(env: Readonly<Record<string, string | undefined>>): SlackFallback {
  const url = env.SLACK_WEBHOOK_URL
  return url ? { url, source: 'SLACK_WEBHOOK_URL' } : {}
}

function readRule(doc: RulesDocument, map: YAMLMap, at: string, defaults: Defaults): AlertRule | undefined {
  const fields = new MapFields(doc, map, at, '')
  const problemsBefore = doc.problems.length
  const name = fields.text('name', true)
  if (name !== undefined) {
    if (name.trim() !== name || name.length < 1 || name.length > 128 || /\p{Cc}/u.test(name)) {
      fields.fail(fields.node('name'), 'name', `${JSON.stringify(name)} must be 1-128 characters without surrounding spaces or control characters`)
    } else fields.rule = name
  }
  fields.onlyKeys(RULE_KEYS, Object.keys(REPLACED_KEYS))
  refuseReplacedKeys(fields)

  const machineGlob = fields.text('machine_id') ?? '*'
  if (!isValidMachineGlob(machineGlob)) fields.fail(fields.node('machine_id'), 'machine_id', `${JSON.stringify(machineGlob)} ${GLOB_RULE}`)

  const conditionNode = fields.node('condition')
  const conditionSource = fields.text('condition', true)
  const compiled = conditionSource === undefined ? undefined : compileCondition(conditionSource)
  if (compiled && !compiled.ok && conditionNode) {
    for (const p of compiled.problems) doc.fail(conditionNode, fields.rule, 'condition', p.reason, lineInScalar(doc, conditionNode, conditionSource ?? '', p.offset))
  }

  const description = fields.text('description')
  const severity = fields.choice('severity', SEVERITIES, (s) => didYouMean(s, SEVERITIES)) ?? defaults.severity
  const durationSeconds = fields.seconds('duration_seconds', 0) ?? defaults.durationSeconds
  const repeatIntervalSeconds = readRepeatInterval(fields) ?? defaults.repeatIntervalSeconds
  const resolveAfterSeconds = fields.seconds('resolve_after_seconds', 0) ?? defaults.resolveAfterSeconds
  const notifyResolved = fields.bool('notify_resolved') ?? defaults.notifyResolved
  const enabled = fields.bool('enabled') ?? true
  const labels = { ...defaults.labels, ...readLabels(fields) }
  const channelsNode = fields.node('channels')
  const channels = channelsNode === undefined ? defaults.channels.map((c) => ({ ...c })) : readChannels(doc, channelsNode, fields.rule, 'channels', defaults.slack)

  if (doc.problems.length > problemsBefore || name === undefined || !compiled?.ok) return undefined
  const condition = compiled.condition
  const matchesMachine = machineMatcher(machineGlob)
  const rule: AlertRule = {
    name, machineGlob, severity, conditionSource: condition.source, durationSeconds, repeatIntervalSeconds, resolveAfterSeconds,
    notifyResolved, enabled, labels, channels, line: doc.lineOf(map),
    matchesMachine, evaluate: condition.evaluate, variables: condition.variables,
  }
  if (description !== undefined) rule.description = description
  return rule
}

function readLabels(fields: MapFields): Record<string, string> | undefined {
  const node = fields.node('labels')
  if (node === undefined) return undefined
  if (!isMap(node)) return void fields.fail(node, 'labels', 'must be a mapping of label names to text, e.g. { team: maintenance }')
  const labels: Record<string, string> = {}
  for (const pair of node.items) {
    const key = keyText(pair.key)
    const field = `labels.${key}`
    if (!LABEL_NAME.test(key)) fields.doc.fail(pair.key as Node, fields.rule, fields.field(field), `label names are letters, digits and _ (not starting with a digit), got ${JSON.stringify(key)}`)
    const value = fields.doc.value(pair.value)
    if (value === undefined) fields.doc.fail((pair.value as Node | null) ?? (pair.key as Node), fields.rule, fields.field(field), 'needs a value')
    else {
      const text = fields.doc.text(value, fields.rule, fields.field(field))
      if (text !== undefined) labels[key] = text
    }
  }
  return labels
}

/** YAML's own words, plus what usually caused them in a rules file. */
function yamlHint(reason: string): string {
  if (/^Alias/.test(reason)) return `${reason}; a value starting with * must be quoted, e.g. machine_id: "*"`
  if (/^Unexpected scalar/.test(reason)) return `${reason}; a value that starts with a quote must end with it: put the condition in a | block, or quote all of it`
  return reason
}

/**
 * The file line of an offset in a scalar's value. In a `|` block the text starts on the line
 * after the indicator and keeps its line breaks, so the line is exact; other styles fold
 * lines, so the scalar's first line is the best we can say.
 */
function lineInScalar(doc: RulesDocument, node: Node, value: string, offset: number): number {
  const first = doc.lineOf(node)
  if (!isScalar(node)) return first
  if (node.type === Scalar.BLOCK_FOLDED) return first + 1
  if (node.type !== Scalar.BLOCK_LITERAL) return first
  let breaks = 0
  for (let i = 0; i < Math.min(offset, value.length); i++) if (value[i] === '\n') breaks++
  return first + 1 + breaks
}
