// Type checking of a parsed condition with messages written for people who edit alerts.yaml:
// the language is a small part of CEL (comparisons, AND/OR/NOT, `in` lists, a few string
// methods, arithmetic), every variable has a declared type, and the values of `state` and
// `src` are known, so `state == 'stoped'` fails at load with a suggestion.
import type { ASTNode } from '@marcbachmann/cel-js'
import { CONDITION_VARIABLES, VARIABLE_NAMES } from './conditionVariables.js'
import { closestName, didYouMean } from '../../config/didYouMean.js'

export type ValueType = 'number' | 'string' | 'bool' | 'list<number>' | 'list<string>' | 'list<bool>' | 'unknown'

export const STRING_METHODS: readonly string[] = ['contains', 'startsWith', 'endsWith']

export interface TypeProblem {
  /** Offset in the CEL text (the normalized condition). */
  at: number
  reason: string
}

export interface TypeCheck {
  type: ValueType
  /** The variables the condition reads. */
  variables: Set<string>
  problems: TypeProblem[]
}

/** `quote(node)` gives the node's text as the user wrote it. */
export function checkConditionTypes(ast: ASTNode, quote: (node: ASTNode) => string): TypeCheck {
  const variables = new Set<string>()
  const problems: TypeProblem[] = []
  const fail = (node: ASTNode, reason: string): ValueType => {
    problems.push({ at: node.start, reason })
    return 'unknown'
  }

  const typeOf = (node: ASTNode): ValueType => {
    switch (node.op) {
      case 'id': return variable(node, node.args)
      case 'value': return literal(node, node.args)
      case '!_': {
        const t = typeOf(node.args)
        if (t !== 'bool' && t !== 'unknown') {
          // Reported once: the comparison this NOT was meant to negate would only repeat it.
          return fail(node, `NOT needs a condition after it, but ${quote(node.args)} is ${human(t)}; NOT applies to what directly follows it, so write NOT (state == 'running') or state != 'running'`)
        }
        return 'bool'
      }
      case '-_': return expect(node.args, 'number', `'-' needs a number, but ${quote(node.args)} is`) ? 'number' : 'unknown'
      case '&&':
      case '||': {
        const word = node.op === '&&' ? 'AND' : 'OR'
        for (const side of node.args) {
          const t = typeOf(side)
          if (t !== 'bool' && t !== 'unknown') fail(side, `${word} needs a condition (true or false) on each side, but ${quote(side)} is ${human(t)}; compare it, e.g. ${quote(side)} ${t === 'number' ? '> 0' : "== '...'"}`)
        }
        return 'bool'
      }
      case '==':
      case '!=': {
        const [a, b] = node.args
        const ta = typeOf(a)
        const tb = typeOf(b)
        if (known(ta) && known(tb) && ta !== tb) mismatch(node, a, ta, b, tb, `'${node.op}' compares two values of the same type`)
        else {
          checkEnumValue(a, b)
          checkEnumValue(b, a)
        }
        return 'bool'
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const [a, b] = node.args
        const ta = typeOf(a)
        const tb = typeOf(b)
        if (!known(ta) || !known(tb)) return 'bool'
        const how = `'${node.op}' compares two numbers or two strings`
        if (ta !== tb) mismatch(node, a, ta, b, tb, how)
        else if (ta !== 'number' && ta !== 'string') fail(node, `${how}, not ${ta === 'bool' ? 'conditions' : 'lists'}`)
        return 'bool'
      }
      case '+': {
        const [a, b] = node.args
        const ta = typeOf(a)
        const tb = typeOf(b)
        if (!known(ta) || !known(tb)) return 'unknown'
        if (ta === tb && (ta === 'number' || ta === 'string')) return ta
        return mismatch(node, a, ta, b, tb, "'+' adds two numbers or joins two strings")
      }
      case '-':
      case '*':
      case '/': {
        const ok = node.args.map((side) => expect(side, 'number', `'${node.op}' needs numbers, but ${quote(side)} is`))
        return ok.every(Boolean) ? 'number' : 'unknown'
      }
      case 'in': return membership(node, node.args[0], node.args[1])
      case 'list': return list(node, node.args)
      case 'rcall': return method(node, ...node.args)
      case 'call': {
        const [name, args] = node.args
        const hint = STRING_METHODS.includes(name) && args.length === 2
          ? `; write it as a method: ${quote(args[0] as ASTNode)}.${name}(${quote(args[1] as ASTNode)})`
          : `; conditions can use the string methods ${STRING_METHODS.map((m) => `.${m}(...)`).join(', ')}`
        return fail(node, `there is no function ${name}()${hint}`)
      }
      case '?:': {
        const [condition, yes, no] = node.args
        const tc = typeOf(condition)
        if (tc !== 'bool' && tc !== 'unknown') fail(condition, `the condition before '?' must be true or false, but ${quote(condition)} is ${human(tc)}`)
        const ty = typeOf(yes)
        const tn = typeOf(no)
        if (known(ty) && known(tn) && ty !== tn) return mismatch(node, yes, ty, no, tn, "both branches of '? :' must have the same type")
        return known(ty) ? ty : tn
      }
      default:
        return fail(node, `${quote(node)}: ${describeUnsupported(node.op)} is not part of the alert condition language; see docs/alert-rules.md`)
    }
  }

  const variable = (node: ASTNode, name: string): ValueType => {
    const spec = Object.hasOwn(CONDITION_VARIABLES, name) ? CONDITION_VARIABLES[name] : undefined
    if (spec === undefined) {
      const hint = didYouMean(name, VARIABLE_NAMES)
      return fail(node, `unknown variable '${name}'${hint || `; the variables are ${VARIABLE_NAMES.join(', ')}`}`)
    }
    variables.add(name)
    return spec.type
  }

  const literal = (node: ASTNode, value: unknown): ValueType => {
    if (typeof value === 'number') return 'number'
    if (typeof value === 'string') return 'string'
    if (typeof value === 'boolean') return 'bool'
    if (value === null) return fail(node, 'null is not a value here: a missing value already makes the rule not match (and shows as an error)')
    return fail(node, `${quote(node)} is not a supported value; write numbers like 12000 or 2.5 and strings in quotes, 'like this'`)
  }

  const expect = (node: ASTNode, wanted: ValueType, lead: string): boolean => {
    const t = typeOf(node)
    if (t === wanted || t === 'unknown') return t === wanted
    fail(node, `${lead} ${human(t)}`)
    return false
  }

  const mismatch = (node: ASTNode, a: ASTNode, ta: ValueType, b: ASTNode, tb: ValueType, how: string): ValueType =>
    fail(node, `type mismatch: ${quote(a)} is ${human(ta)} and ${quote(b)} is ${human(tb)}; ${how}`)

  const membership = (node: ASTNode, item: ASTNode, collection: ASTNode): ValueType => {
    const ti = typeOf(item)
    const tc = typeOf(collection)
    if (!tc.startsWith('list<')) {
      if (tc !== 'unknown') fail(collection, `'in' needs a list in brackets after it, e.g. state in ['idle', 'stopped']; ${quote(collection)} is ${human(tc)}`)
      return 'bool'
    }
    if (known(ti) && `list<${ti}>` !== tc) mismatch(node, item, ti, collection, tc, "'in' looks for a value in a list of values of the same type")
    else if (collection.op === 'list') for (const element of collection.args) checkEnumValue(item, element)
    return 'bool'
  }

  const list = (node: ASTNode, elements: readonly ASTNode[]): ValueType => {
    if (elements.length === 0) return fail(node, "an empty list matches nothing; list the values, e.g. ['idle', 'stopped']")
    const types = elements.map(typeOf)
    const first = types.find(known)
    if (first === undefined) return 'unknown'
    const odd = types.findIndex((t) => known(t) && t !== first)
    if (odd >= 0) return fail(elements[odd] as ASTNode, `the values of a list must all have the same type: ${quote(elements[odd] as ASTNode)} is ${human(types[odd] as ValueType)}, the first is ${human(first)}`)
    if (first.startsWith('list<')) return fail(node, 'lists of lists are not supported')
    return `list<${first}>` as ValueType
  }

  const method = (node: ASTNode, name: string, receiver: ASTNode, args: readonly ASTNode[]): ValueType => {
    if (!STRING_METHODS.includes(name)) {
      return fail(node, `there is no method .${name}()${didYouMean(name, STRING_METHODS) || `; the string methods are ${STRING_METHODS.map((m) => `.${m}(...)`).join(', ')}`}`)
    }
    expect(receiver, 'string', `.${name}() works on a string, but ${quote(receiver)} is`)
    if (args.length !== 1) return fail(node, `.${name}() takes one string, e.g. program.${name}('O1')`)
    expect(args[0] as ASTNode, 'string', `.${name}() takes a string, but ${quote(args[0] as ASTNode)} is`)
    return 'bool'
  }

  /** `state == 'stoped'`: a string variable with known values compared with another one. */
  const checkEnumValue = (variableNode: ASTNode, valueNode: ASTNode) => {
    if (variableNode.op !== 'id' || valueNode.op !== 'value' || typeof valueNode.args !== 'string') return
    const name = variableNode.args
    const values = Object.hasOwn(CONDITION_VARIABLES, name) ? CONDITION_VARIABLES[name]?.values : undefined
    if (values === undefined || values.includes(valueNode.args)) return
    const guess = closestName(valueNode.args, values)
    fail(valueNode, `'${valueNode.args}' is never a value of ${name}; ${guess === undefined ? '' : `did you mean '${guess}'? `}${name} is one of ${values.join(', ')}`)
  }

  const type = typeOf(ast)
  return { type, variables, problems }
}

function known(t: ValueType): boolean {
  return t !== 'unknown'
}

export function human(t: ValueType): string {
  switch (t) {
    case 'number': return 'a number'
    case 'string': return 'a string'
    case 'bool': return 'a condition (true or false)'
    case 'unknown': return 'unknown'
    default: return `a list of ${human(t.slice(5, -1) as ValueType).replace(/^an? /, '')}s`
  }
}

function describeUnsupported(op: string): string {
  switch (op) {
    case '.':
    case '.?': return 'field access (a.b)'
    case '[]':
    case '[?]': return 'indexing (a[i])'
    case 'map': return 'a map literal ({...})'
    case '%': return "the remainder operator '%'"
    default: return `'${op}'`
  }
}
