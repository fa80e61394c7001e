// The `path=` parameter of /current and /sample: an XPath over the probe document selecting data
// items (MTConnect Part 1, Protocol: path). The simulator understands the subset clients use:
//   //DataItem[@type="EXECUTION"]            //Path//DataItem[@category="CONDITION"]
//   //Controller                               //Device[@name="X"]//DataItem[@type="A" or @type="B"]
//   a|b (union)                                * as a name
// Structural wrappers (Devices, Components, DataItems) may appear and are skipped; a path that
// ends on a component selects every data item under it. Anything else is INVALID_XPATH.
import type { DataItemDef, DeviceModel } from './deviceModel.js'

export class XPathSyntaxError extends Error {}

interface Condition {
  attribute: string
  value: string
}

interface Step {
  /** '//' searches any depth below the previous step; '/' the next level only. */
  axis: '/' | '//'
  name: string
  /** OR of AND groups. */
  predicate: Condition[][]
}

const WRAPPERS = new Set(['MTConnectDevices', 'Devices', 'Components', 'DataItems'])

function parseExpression(expression: string): Step[] {
  const steps: Step[] = []
  const stepPattern = /^(\/\/|\/)\s*([A-Za-z_*][\w:.-]*|\*)\s*/
  let rest = expression.trim()
  if (!rest.startsWith('/')) throw new XPathSyntaxError('must start with / or //')
  while (rest.length > 0) {
    const m = stepPattern.exec(rest)
    if (!m) throw new XPathSyntaxError(`unexpected "${rest}"`)
    rest = rest.slice(m[0].length)
    const predicate: Condition[][] = []
    while (rest.startsWith('[')) {
      const close = rest.indexOf(']')
      if (close < 0) throw new XPathSyntaxError('unclosed [')
      predicate.push(...parsePredicate(rest.slice(1, close)))
      rest = rest.slice(close + 1).trimStart()
    }
    const name = m[2] as string
    if (WRAPPERS.has(name) && predicate.length === 0) continue
    steps.push({ axis: m[1] as '/' | '//', name, predicate })
  }
  if (steps.length === 0) throw new XPathSyntaxError('selects nothing')
  return steps
}

function parsePredicate(text: string): Condition[][] {
  const condition = /^\s*@([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')\s*/
  const groups: Condition[][] = [[]]
  let rest = text
  for (;;) {
    const m = condition.exec(rest)
    if (!m) throw new XPathSyntaxError(`cannot read the condition "${rest.trim()}"`)
    ;(groups[groups.length - 1] as Condition[]).push({ attribute: m[1] as string, value: m[2] ?? m[3] ?? '' })
    rest = rest.slice(m[0].length)
    if (rest.length === 0) return groups
    const connector = /^(and|or)\s+/.exec(rest)
    if (!connector) throw new XPathSyntaxError(`expected "and" or "or" before "${rest.trim()}"`)
    if (connector[1] === 'or') groups.push([])
    rest = rest.slice(connector[0].length)
  }
}

interface Node {
  element: string
  attributes: Record<string, string>
}

function stepMatches(step: Step, node: Node): boolean {
  if (step.name !== '*' && step.name !== node.element) return false
  // Several [..] predicates AND together; inside one, `or` separates groups.
  return step.predicate.length === 0 || step.predicate.some((group) => group.every((c) => node.attributes[c.attribute] === c.value))
}

function matchesFrom(steps: Step[], s: number, chain: Node[], from: number): boolean {
  if (s === steps.length) return true
  const step = steps[s] as Step
  const last = step.axis === '/' ? Math.min(from, chain.length - 1) : chain.length - 1
  for (let j = from; j <= last; j++) {
    if (stepMatches(step, chain[j] as Node) && matchesFrom(steps, s + 1, chain, j + 1)) return true
  }
  return false
}

function chainOf(item: DataItemDef): Node[] {
  return [...item.component.ancestry.map((c) => ({ element: c.element, attributes: c.attributes })), { element: 'DataItem', attributes: item.attributes }]
}

/** The ids of the data items `path` selects; throws XPathSyntaxError when it cannot be read. */
export function selectDataItems(path: string, devices: readonly DeviceModel[]): Set<string> {
  const expressions = path.split('|').map((e) => parseExpression(e))
  const selected = new Set<string>()
  for (const device of devices) {
    for (const item of device.dataItems) {
      const chain = chainOf(item)
      if (expressions.some((steps) => matchesFrom(steps, 0, chain, 0))) selected.add(item.id)
    }
  }
  return selected
}
