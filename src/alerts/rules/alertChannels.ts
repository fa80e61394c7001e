// Where a rule's notifications go: a Slack incoming webhook or a generic webhook (Standard
// Webhooks signing when a secret is set, or Alertmanager's body for existing receivers).
import { type Node, type YAMLSeq, isMap, isSeq } from 'yaml'
import { didYouMean } from './didYouMean.js'
import { checkTemplate } from './messageTemplate.js'
import { MapFields, type RulesDocument, isHttpUrl } from './yamlFields.js'

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

export const CHANNEL_TYPES = ['slack', 'webhook'] as const
const WEBHOOK_FORMATS = ['standard', 'alertmanager'] as const
const KEYS: Record<AlertChannel['type'], readonly string[]> = {
  slack: ['type', 'webhook_url', 'url', 'message', 'resolved_message'],
  webhook: ['type', 'url', 'secret', 'format', 'message', 'resolved_message'],
}

/** Reads a `channels:` list; invalid channels are reported and left out. */
export function readChannels(doc: RulesDocument, node: Node, rule: string, prefix: string): AlertChannel[] {
  if (!isSeq(node)) {
    doc.fail(node, rule, prefix, 'must be a list of channels (- type: slack, webhook_url: ... or - type: webhook, url: ...)')
    return []
  }
  const channels: AlertChannel[] = []
  ;(node as YAMLSeq).items.forEach((item, i) => {
    const channel = readChannel(doc, doc.value(item), rule, `${prefix}[${i}]`)
    if (channel) channels.push(channel)
  })
  return channels
}

function readChannel(doc: RulesDocument, node: Node | undefined, rule: string, at: string): AlertChannel | undefined {
  if (!isMap(node)) return void doc.fail(node, rule, at, 'must be a mapping with type and url (webhook_url for slack)')
  const fields = new MapFields(doc, node, rule, at)
  const type = fields.choice('type', CHANNEL_TYPES, (t) => didYouMean(t, CHANNEL_TYPES))
  if (type === undefined) {
    if (!fields.has('type')) fields.fail(node, 'type', `is required: ${CHANNEL_TYPES.join(' or ')}`)
    return undefined
  }
  fields.onlyKeys(KEYS[type])

  let urlKey = 'url'
  if (type === 'slack') {
    if (fields.has('webhook_url') && fields.has('url')) fields.fail(fields.node('url'), 'url', 'give webhook_url or url, not both')
    if (fields.has('webhook_url') || !fields.has('url')) urlKey = 'webhook_url'
  }
  const url = fields.text(urlKey, true)
  let valid = url !== undefined
  if (url !== undefined && !isHttpUrl(url)) {
    fields.fail(fields.node(urlKey), urlKey, `${JSON.stringify(url)} is not an http:// or https:// URL`)
    valid = false
  }

  const channel: AlertChannel = { type, url: url ?? '' }
  const template = (key: string): string | undefined => {
    const text = fields.text(key)
    if (text === undefined) return undefined
    const problems = checkTemplate(text)
    for (const reason of problems) fields.fail(fields.node(key), key, reason)
    if (problems.length > 0) valid = false
    return text
  }
  const message = template('message')
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
