// Reading a YAML configuration file (machines.yaml, alerts.yaml, oee.yaml): the parsed document,
// the line of each node, and typed readers that record a problem, naming file, line and field,
// instead of throwing, so that a file's problems are all reported at once (ConfigError).
import { type Document, LineCounter, type Node, Scalar, type YAMLMap, type YAMLSeq, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml'
import { ConfigError, type ConfigProblem } from './configError.js'
import { closestName } from './didYouMean.js'

export interface YamlDocumentOptions {
  /**
   * 'failsafe' reads every scalar as text (alerts.yaml: `machine_id: 001` stays "001", and
   * `${ENV}` may stand for any value); the default is YAML 1.2's core schema.
   */
  schema?: 'core' | 'failsafe'
  /** Rewrites the first line of a YAML syntax error, e.g. to add what usually causes it in that file. */
  syntaxReason?: (yamlMessage: string) => string
}

/** How an unknown key is reported; the defaults give `unknown field; did you mean 'x'? accepted: a, b`. */
export interface UnknownKeyWords {
  /**
   * The start of the reason. machines.yaml and oee.yaml say `unknown field`, alerts.yaml
   * `unknown key 'colour'`: users' scripts and the tests match both, so both stay.
   */
  unknown?: (key: string) => string
  /** What is accepted, when the list of keys alone does not say it. */
  accepted?: string
  /** Keys that are not unknown but refused elsewhere with a reason of their own. */
  ignore?: readonly string[]
}

// A value written as nothing, `~` or null is no value (YAML 1.2 core schema, 10.3.2); the
// failsafe schema reads these as text, so they are recognised by their words.
const NULL_WORDS = ['', '~', 'null', 'Null', 'NULL']

/** A parsed YAML file and the problems found in it so far. */
export class YamlDocument {
  readonly problems: ConfigProblem[] = []
  /** The top-level value, or undefined for an empty file. */
  readonly root: Node | undefined
  private readonly doc: Document
  private readonly lines = new LineCounter()

  /** Throws ConfigError when the text is not YAML. */
  constructor(text: string, readonly file: string, options: YamlDocumentOptions = {}) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, schema: options.schema ?? 'core' })
    for (const e of this.doc.errors) {
      const reason = e.message.split('\n')[0] ?? e.code
      this.report({ line: e.linePos?.[0].line ?? 1, field: '(syntax)', reason: options.syntaxReason?.(reason) ?? reason })
    }
    this.throwIfAny()
    this.root = this.value(this.doc.contents)
  }

  /** The file line a node starts on; 1 when it has no place (a missing value). */
  lineOf(node: Node | null | undefined): number {
    return node?.range ? this.lines.linePos(node.range[0]).line : 1
  }

  /** A problem at a node, not recorded (e.g. a warning). */
  problemAt(node: Node | null | undefined, field: string, reason: string): ConfigProblem {
    return { file: this.file, line: this.lineOf(node), field, reason }
  }

  fail(node: Node | null | undefined, field: string, reason: string): void {
    this.problems.push(this.problemAt(node, field, reason))
  }

  /** A problem whose line is known otherwise (e.g. inside a block scalar), or that names a rule. */
  report(problem: Omit<ConfigProblem, 'file'>): void {
    this.problems.push({ file: this.file, ...problem })
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems)
  }

  /** A node with its alias resolved; undefined when there is no value. */
  value(node: unknown): Node | undefined {
    const resolved = this.resolve(node)
    if (isScalar(resolved) && (resolved.value === null || (resolved.type === Scalar.PLAIN && NULL_WORDS.includes(String(resolved.value))))) return undefined
    return resolved
  }

  /** The value of `key` in `map` (see value()). */
  get(map: YAMLMap, key: string): Node | undefined {
    return this.value(map.get(key, true))
  }

  /** Every key of `map` that is not accepted, with its reason naming the closest accepted key when it looks like a typo of one. */
  unknownKeys(map: YAMLMap, accepted: readonly string[], words: UnknownKeyWords = {}): { key: string; node: Node; reason: string }[] {
    const unknown = words.unknown ?? (() => 'unknown field')
    const list = words.accepted ?? `accepted: ${accepted.join(', ')}`
    return map.items.flatMap((pair) => {
      const key = keyText(pair.key)
      if (accepted.includes(key) || words.ignore?.includes(key)) return []
      const guess = closestName(key, accepted)
      return [{ key, node: pair.key as Node, reason: `${unknown(key)}; ${guess === undefined ? '' : `did you mean '${guess}'? `}${list}` }]
    })
  }

  /** Reports every key of `map` (at field path `at`) that is not accepted. */
  onlyKeys(map: YAMLMap, at: string, accepted: readonly string[], words: UnknownKeyWords = {}): void {
    for (const { key, node, reason } of this.unknownKeys(map, accepted, words)) this.fail(node, at ? `${at}.${key}` : key, reason)
  }

  isMapping(node: Node | undefined, at: string, keys: string): node is YAMLMap {
    if (isMap(node)) return true
    this.fail(node, at, `must be a mapping with ${keys}`)
    return false
  }

  /**
   * The entries of a list with their field paths (`at[0]`, ...), aliases resolved. An empty
   * entry stays its (null) node, to be reported on its line.
   */
  items(seq: YAMLSeq, at: string): [Node, string][] {
    return seq.items.map((item, i) => [this.resolve(item) ?? seq, `${at}[${i}]`])
  }

  /** The entries of an optional list (required: must be present and non-empty), with their field paths. */
  list(map: YAMLMap, key: string, at: string, required = false): [Node, string][] {
    const node = this.get(map, key)
    if (node === undefined) {
      if (required) this.fail(map, at, 'is required and must list at least one entry')
      return []
    }
    if (!isSeq(node)) return void this.fail(node, at, 'must be a list'), []
    if (required && node.items.length === 0) this.fail(node, at, 'must list at least one entry')
    return this.items(node, at)
  }

  /** A text or a number, as text. */
  scalarText(node: Node, at: string): string | undefined {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value)
    return void this.fail(node, at, 'must be text')
  }

  text(map: YAMLMap, key: string, at: string, options: { required?: boolean; allowEmpty?: boolean; pattern?: RegExp; hint?: string } = {}): string | undefined {
    const node = this.given(map, key, at, options.required)
    if (node === undefined) return undefined
    const value = this.scalarText(node, at)
    if (value !== undefined && !options.allowEmpty && value.trim() === '') return void this.fail(node, at, 'must not be empty')
    if (value !== undefined && options.pattern && !options.pattern.test(value)) return void this.fail(node, at, `"${value}" ${options.hint ?? 'is not valid'}`)
    return value
  }

  /** A finite number >= min (> min when exclusive); `unit` names it in the reason ("a number of seconds above 0"). */
  number(map: YAMLMap, key: string, at: string, options: { min: number; exclusive?: boolean; required?: boolean; unit?: string }): number | undefined {
    const node = this.given(map, key, at, options.required)
    if (node === undefined) return undefined
    if (isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value) && (options.exclusive ? node.value > options.min : node.value >= options.min)) {
      return node.value
    }
    return void this.fail(node, at, `must be a number${options.unit ? ` of ${options.unit}` : ''} ${options.exclusive ? 'above' : 'of at least'} ${options.min}`)
  }

  bool(map: YAMLMap, key: string, at: string): boolean | undefined {
    const node = this.get(map, key)
    if (node === undefined) return undefined
    if (isScalar(node) && typeof node.value === 'boolean') return node.value
    return void this.fail(node, at, 'must be true or false')
  }

  /** The value of `key`, reporting it `is required` when it has none and must have one. */
  private given(map: YAMLMap, key: string, at: string, required = false): Node | undefined {
    const node = this.get(map, key)
    if (node === undefined && required) this.fail(map, at, 'is required')
    return node
  }

  private resolve(node: unknown): Node | undefined {
    const resolved = isAlias(node) ? node.resolve(this.doc) : node
    return resolved === null || resolved === undefined ? undefined : (resolved as Node)
  }
}

/** A mapping key as written. */
export function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key)
}
