// Where a rule's notifications go: a Slack incoming webhook or a generic webhook (Standard
// Webhooks signing when a secret is set, or Alertmanager's body for existing receivers).
import { type Node, type YAMLSeq, isMap, isSeq } from 'yaml'
import { didYouMean } from '../../config/didYouMean.js'
import { isHttpUrl } from '../../config/httpUrl.js'
import { checkTemplate } from './messageTemplate.js'
import { MapFields, type RulesDocument } from './yamlFields.js'

export interface AlertChannel {
  type: 'slack' | 'webhook'
  url: string
  /** Webhook signing secret (Standard Webhooks); only for type webhook. */
  secret?: string
  /** Webhook body: standard (default) or Alertmanager's. */
  format?: 'standard' | 'alertmanager'
  /** Template of the firing text; the engine uses defaultMessage() without it. */
  message?: string
  resolvedMessage?: string
}

/** Where a Slack channel that names no webhook posts: the file's default, else the environment's. */
export interface SlackFallback {
  url?: string
  source?: 'defaults.slack_webhook_url' | 'SLACK_WEBHOOK_URL'
}

export const CHANNEL_TYPES = ['slack', 'webhook'] as const
const WEBHOOK_FORMATS = ['standard', 'alertmanager'] as const
// A Slack channel's webhook goes by `webhook` (the seed's key, ROADMAP.md G6), `webhook_url`
// (Slack's own name) or `url`; the text by `message` or the seed's `template`.
const SLACK_URL_KEYS = ['webhook', 'webhook_url', 'url'] as const
const MESSAGE_KEYS = ['message', 'template'] as const
const KEYS: Record<AlertChannel['type'], readonly string[]> = {
  slack: ['type', ...SLACK_URL_KEYS, ...MESSAGE_KEYS, 'resolved_message'],
  webhook: ['type', 'url', 'secret', 'format', ...MESSAGE_KEYS, 'resolved_message'],
}

/** Reads a `channels:` list; invalid channels are reported and left out. */
export function readChannels(doc: RulesDocument, node: Node, rule: string, prefix: string, slack: SlackFallback): AlertChannel[] {
  if (!isSeq(node)) {
    doc.fail(node, rule, prefix, 'must be a list of channels (- type: slack, webhook_url: ... or - type: webhook, url: ...)')
    return []
  }
  const channels: AlertChannel[] = []
  ;(node as YAMLSeq).items.forEach((item, i) => {
    const channel = readChannel(doc, doc.value(item), rule, `${prefix}[${i}]`, slack)
    if (channel) channels.push(channel)
  })
  return channels
}

function readChannel(doc: RulesDocument, node: Node | undefined, rule: string, at: string, slack: SlackFallback): AlertChannel | undefined {
  if (!isMap(node)) return void doc.fail(node, rule, at, 'must be a mapping with type and url (webhook for slack)')
  const fields = new MapFields(doc, node, rule, at)
  const type = fields.choice('type', CHANNEL_TYPES, (t) => didYouMean(t, CHANNEL_TYPES))
  if (type === undefined) {
    if (!fields.has('type')) fields.fail(node, 'type', `is required: ${CHANNEL_TYPES.join(' or ')}`)
    return undefined
  }
  fields.onlyKeys(KEYS[type])

  let url: string | undefined
  let valid = true
  const urlKey = type === 'slack' ? oneOf(fields, SLACK_URL_KEYS) : 'url'
  if (urlKey !== undefined && fields.has(urlKey)) {
    url = fields.text(urlKey, true)
    if (url !== undefined && !isHttpUrl(url)) {
      fields.fail(fields.node(urlKey), urlKey, `${JSON.stringify(url)} is not an http:// or https:// URL`)
      valid = false
    }
  } else if (type === 'slack' && slack.url !== undefined) {
    url = slack.url
    if (!isHttpUrl(url)) {
      fields.fail(node, 'webhook', `has none, and ${slack.source} (used instead) is not an http:// or https:// URL`)
      valid = false
    }
  } else if (type === 'slack') {
    fields.fail(node, 'webhook', 'is missing: give this channel webhook: https://hooks.slack.com/services/..., or give every Slack channel of the file a default with defaults: { slack_webhook_url: ... } or the environment variable SLACK_WEBHOOK_URL')
  } else fields.text('url', true)
  valid &&= url !== undefined

  const channel: AlertChannel = { type, url: url ?? '' }
  const template = (key: string): string | undefined => {
    const text = fields.text(key)
    if (text === undefined) return undefined
    const problems = checkTemplate(text)
    for (const reason of problems) fields.fail(fields.node(key), key, reason)
    if (problems.length > 0) valid = false
    return text
  }
  const messageKey = oneOf(fields, MESSAGE_KEYS)
  const message = messageKey === undefined ? undefined : template(messageKey)
  if (message !== undefined) channel.message = message
  const resolved = template('resolved_message')
  if (resolved !== undefined) channel.resolvedMessage = resolved
  if (type === 'webhook') {
    const secret = fields.text('secret')
    if (secret === '') fields.fail(fields.node('secret'), 'secret', 'is empty; leave secret out for unsigned deliveries')
    else if (secret !== undefined) channel.secret = secret
    channel.format = fields.choice('format', WEBHOOK_FORMATS, (f) => didYouMean(f, WEBHOOK_FORMATS)) ?? 'standard'
  }
  return valid ? channel : undefined
}

/** The one of `keys` the channel gives (reporting when it gives several), or undefined. */
function oneOf(fields: MapFields, keys: readonly string[]): string | undefined {
  const given = keys.filter((k) => fields.has(k))
  if (given.length > 1) fields.fail(fields.node(given[1] as string), given[1] as string, `and ${given[0]} say the same thing; give one of ${keys.join(', ')}`)
  return given[0]
}
