// Reading typed fields out of alerts.yaml. The document is parsed with YAML's failsafe schema
// (every scalar is text): `machine_id: 001` stays "001", `${ENV}` substitution applies to any
// value, and numbers and booleans are read by us with messages that say what to write.
import { type Document, type LineCounter, type Node, Scalar, type YAMLMap, isAlias, isScalar } from 'yaml'
import { closestName } from './didYouMean.js'
import { substituteEnv } from './envSubstitution.js'

export interface AlertRuleProblem {
  file: string
  line: number
  /** The rule's name, `rules[i]` when it has none (yet), or '' for the top level. */
  rule: string
  /** Where in the rule, e.g. `condition` or `channels[0].url`. */
  field: string
  reason: string
}

/** The document being read, and where its problems go. */
export class RulesDocument {
  readonly problems: AlertRuleProblem[] = []

  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  lineOf(node: Node | null | undefined): number {
    return node?.range ? this.lines.linePos(node.range[0]).line : 1
  }

  fail(node: Node | null | undefined, rule: string, field: string, reason: string, line = this.lineOf(node)): void {
    this.problems.push({ file: this.file, line, rule, field, reason })
  }

  /** Aliases resolved; an empty value, `~` or `null` is no value. */
  value(node: unknown): Node | undefined {
    const resolved = isAlias(node) ? node.resolve(this.doc) : node
    if (resolved === null || resolved === undefined) return undefined
    if (isScalar(resolved) && resolved.type === Scalar.PLAIN && ['', '~', 'null', 'Null', 'NULL'].includes(String(resolved.value))) return undefined
    return resolved as Node
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
    for (const pair of this.map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      if (accepted.includes(key) || reportedElsewhere.includes(key)) continue
      const guess = closestName(key, accepted)
      this.fail(pair.key as Node, key, `unknown key '${key}'; ${guess === undefined ? '' : `did you mean '${guess}'? `}accepted: ${accepted.join(', ')}`)
    }
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

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}
