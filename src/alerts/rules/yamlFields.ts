// Reading typed fields out of alerts.yaml, on top of config/yamlDocument. The document is
// parsed with YAML's failsafe schema (every scalar is text): `machine_id: 001` stays "001",
// `${ENV}` substitution applies to any value, and numbers and booleans are read by us with
// messages that say what to write.
import { type Node, type YAMLMap, isScalar } from 'yaml'
import type { ConfigProblem } from '../../config/configError.js'
import type { YamlDocument } from '../../config/yamlDocument.js'
import { substituteEnv } from './envSubstitution.js'

/** The document being read, and where its problems go: each names its rule. */
export class RulesDocument {
  constructor(
    readonly yaml: YamlDocument,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  get problems(): readonly ConfigProblem[] {
    return this.yaml.problems
  }

  lineOf(node: Node | null | undefined): number {
    return this.yaml.lineOf(node)
  }

  /** `rule` is the rule's name, `alerts[i]` when it has none (yet), or '' for the top level. */
  fail(node: Node | null | undefined, rule: string, field: string, reason: string, line = this.lineOf(node)): void {
    this.yaml.report({ line, rule, field, reason })
  }

  /** Aliases resolved; an empty value, `~` or `null` is no value. */
  value(node: unknown): Node | undefined {
    return this.yaml.value(node)
  }

  /** The text of a scalar with `${ENV}` substituted; undefined (after reporting) when it cannot be had. */
  text(node: Node, rule: string, field: string): string | undefined {
    if (!isScalar(node)) return void this.fail(node, rule, field, 'must be a single value, not a list or a mapping')
    // `condition: !(a)` reads as the YAML tag `!(a)` on the rest of the line.
    if (node.tag !== undefined && !node.tag.startsWith('tag:yaml.org,2002:')) {
      return void this.fail(node, rule, field, `YAML reads the leading ${node.tag} as a tag; quote the value, or in a condition write NOT (...) or use a | block`)
    }
    const { value, problems } = substituteEnv(String(node.value), this.env)
    for (const reason of problems) this.fail(node, rule, field, reason)
    return problems.length > 0 ? undefined : value
  }
}

/** One mapping of the file (a rule, a channel, the defaults), read field by field. */
export class MapFields {
  constructor(
    readonly doc: RulesDocument,
    readonly map: YAMLMap,
    public rule: string,
    private readonly prefix: string,
  ) {}

  field(key: string): string {
    return this.prefix ? `${this.prefix}.${key}` : key
  }

  node(key: string): Node | undefined {
    return this.doc.value(this.map.get(key, true))
  }

  has(key: string): boolean {
    return this.map.has(key)
  }

  fail(node: Node | null | undefined, key: string, reason: string): void {
    this.doc.fail(node ?? this.map, this.rule, this.field(key), reason)
  }

  /** Reports every key not in `accepted` (nor in `reportedElsewhere`), naming it and the closest accepted one. */
  onlyKeys(accepted: readonly string[], reportedElsewhere: readonly string[] = []): void {
    const words = { unknown: (key: string) => `unknown key '${key}'`, ignore: reportedElsewhere }
    for (const { key, node, reason } of this.doc.yaml.unknownKeys(this.map, accepted, words)) this.fail(node, key, reason)
  }

  text(key: string, required = false): string | undefined {
    const node = this.node(key)
    if (node === undefined) {
      if (required) this.fail(this.map, key, 'is required')
      return undefined
    }
    return this.doc.text(node, this.rule, this.field(key))
  }

  /** A number of seconds >= min. */
  seconds(key: string, min: number): number | undefined {
    const text = this.text(key)
    if (text === undefined) return undefined
    const value = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : NaN
    if (Number.isFinite(value) && value >= min) return value
    const what = min > 0 ? `a number of seconds of at least ${min}` : 'a number of seconds >= 0'
    this.fail(this.node(key), key, `must be ${what}, got ${JSON.stringify(text)}`)
    return undefined
  }

  bool(key: string): boolean | undefined {
    const text = this.text(key)
    if (text === undefined) return undefined
    if (/^true$/i.test(text)) return true
    if (/^false$/i.test(text)) return false
    this.fail(this.node(key), key, `must be true or false, got ${JSON.stringify(text)}`)
    return undefined
  }

  /** One of `allowed`, with a suggestion when it is not. */
  choice<T extends string>(key: string, allowed: readonly T[], suggest: (word: string) => string): T | undefined {
    const text = this.text(key)
    if (text === undefined) return undefined
    if ((allowed as readonly string[]).includes(text)) return text as T
    this.fail(this.node(key), key, `${JSON.stringify(text)} is not one of ${allowed.join(', ')}${suggest(text)}`)
    return undefined
  }
}
