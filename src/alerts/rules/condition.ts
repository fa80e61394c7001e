// Compiles an alert condition once, at load: normalize (comments, AND/OR/NOT, numbers), parse
// with CEL (@marcbachmann/cel-js: no eval, typed, ~100 ns per evaluation), check types with
// our messages, then let CEL's own checker confirm. Evaluation never throws: a value missing
// from the sample makes the rule not match and says which one.
import { type ASTNode, type Context, Environment } from '@marcbachmann/cel-js'
import { type ConditionProblem, type NormalizedCondition, normalizeCondition } from './conditionSyntax.js'
import { checkConditionTypes, human } from './conditionTypes.js'
import { type AlertVariables, CONDITION_VARIABLES } from './conditionVariables.js'

export type { ConditionProblem } from './conditionSyntax.js'

export interface ConditionResult {
  matches: boolean
  /** Set when the condition could not be decided, e.g. "missing: rpm" (the rule then does not match). */
  error?: string
}

export interface CompiledCondition {
  /** The condition as written. */
  source: string
  /** The variables it reads. */
  variables: ReadonlySet<string>
  evaluate(vars: AlertVariables): ConditionResult
}

export type ConditionCompilation = { ok: true; condition: CompiledCondition } | { ok: false; problems: ConditionProblem[] }

// Built once: an Environment is expensive to set up. Limits keep a hostile file from building
// a huge expression; real conditions are a few comparisons.
const environment = (() => {
  const env = new Environment({ limits: { maxAstNodes: 2_000, maxDepth: 40, maxListElements: 200, maxCallArguments: 4 } })
  for (const [name, spec] of Object.entries(CONDITION_VARIABLES)) env.registerVariable(name, spec.type === 'number' ? 'double' : 'string')
  return env
})()

const MATCH: ConditionResult = Object.freeze({ matches: true })
const NO_MATCH: ConditionResult = Object.freeze({ matches: false })

export function compileCondition(source: string): ConditionCompilation {
  const normalized = normalizeCondition(source)
  if (normalized.problems.length > 0) return { ok: false, problems: normalized.problems }
  if (normalized.text.trim() === '') return { ok: false, problems: [{ offset: 0, reason: "is empty; write a condition such as rpm > 12000 AND state == 'running'" }] }
  const at = (celOffset: number) => normalized.sourceOffsets[Math.min(celOffset, normalized.sourceOffsets.length - 1)] ?? 0

  let program: ReturnType<Environment['parse']>
  try {
    program = environment.parse(normalized.text)
  } catch (err) {
    const e = err as { range?: { start: number }; summary?: string; message: string }
    const mixedCase = /\b(And|Or|Not|aND|oR|nOT)\b/.exec(normalized.text)?.[1]
    const hint = mixedCase ? ` (write ${mixedCase.toUpperCase()} or ${mixedCase.toLowerCase()}, not ${mixedCase})` : ''
    return { ok: false, problems: [{ offset: at(e.range?.start ?? 0), reason: `syntax error: ${syntaxHint(e.summary ?? e.message)}${hint}` }] }
  }

  const check = checkConditionTypes(program.ast, (node) => quote(source, normalized, node))
  const problems: ConditionProblem[] = check.problems.map((p) => ({ offset: at(p.at), reason: p.reason }))
  if (problems.length === 0 && check.type !== 'bool') {
    problems.push({ offset: at(program.ast.start), reason: `must be true or false (a comparison such as rpm > 12000), but it gives ${human(check.type)}` })
  }
  if (problems.length === 0) {
    // Our checker covers the language we document; CEL's confirms nothing slipped through.
    const confirmed = program.check()
    if (!confirmed.valid) problems.push({ offset: at(confirmed.error?.range?.start ?? 0), reason: confirmed.error?.summary ?? 'is not a valid condition' })
  }
  if (problems.length > 0) return { ok: false, problems }

  const names = [...check.variables]
  const evaluate = (vars: AlertVariables): ConditionResult => {
    try {
      return program(vars as unknown as Context) === true ? MATCH : NO_MATCH
    } catch (err) {
      const record = vars as unknown as Record<string, unknown>
      const missing = names.filter((n) => record[n] === undefined || record[n] === null)
      const summary = (err as { summary?: string }).summary ?? (err as Error).message
      return { matches: false, error: missing.length > 0 ? `missing: ${missing.join(', ')}` : `error: ${summary}` }
    }
  }
  return { ok: true, condition: { source, variables: new Set(names), evaluate } }
}

/** The node's text as the user wrote it, on one line and short. */
function quote(source: string, normalized: NormalizedCondition, node: ASTNode): string {
  const from = normalized.sourceOffsets[node.start] ?? 0
  const to = (normalized.sourceOffsets[Math.max(node.start, node.end - 1)] ?? from) + 1
  const text = source.slice(from, to).replace(/\s+/g, ' ').trim()
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

// CEL's parser names its tokens; the user wrote symbols and words.
const TOKEN_TEXT: Readonly<Record<string, string>> = {
  EOF: 'the end of the condition', NUMBER: 'a number', STRING: 'a string', BOOLEAN: 'true/false', NULL: 'null', IDENTIFIER: 'a name',
  PLUS: "'+'", MINUS: "'-'", MULTIPLY: "'*'", DIVIDE: "'/'", MODULO: "'%'", EQ: "'=='", NE: "'!='", LT: "'<'", LE: "'<='", GT: "'>'", GE: "'>='",
  AND: 'AND', OR: 'OR', NOT: 'NOT', IN: 'in', LPAREN: "'('", RPAREN: "')'", LBRACKET: "'['", RBRACKET: "']'", LBRACE: "'{'", RBRACE: "'}'",
  DOT: "'.'", COMMA: "','", COLON: "':'", QUESTION: "'?'", BYTES: 'bytes',
}

function syntaxHint(summary: string): string {
  return summary.replace(/\b[A-Z]{2,}\b/g, (token) => TOKEN_TEXT[token] ?? token)
}
