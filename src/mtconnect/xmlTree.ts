// A small element tree over fast-xml-parser's ordered output, shared by the collector, the
// simulator and their tests. MTConnect documents name their observation elements after the
// data item type (Load, PathFeedrate, Fault...), so readers walk a generic tree instead of a
// fixed schema; namespaces are dropped because
// agents differ in prefixes (cppagent writes `m:` and a default namespace, old ones neither).
import { XMLParser, XMLValidator } from 'fast-xml-parser'

export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  text: string
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line?: number) {
    super(message)
    this.name = 'XmlSyntaxError'
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
})

type OrderedNode = Record<string, unknown>

/** Parses a whole document and returns its root element; malformed XML throws XmlSyntaxError. */
export function parseXml(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw new XmlSyntaxError(`malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`, valid.err.line)
  const nodes = parser.parse(xml) as OrderedNode[]
  const root = toElements(nodes).find((e) => !e.name.startsWith('?'))
  if (!root) throw new XmlSyntaxError('the document has no root element')
  return root
}

function toElements(nodes: OrderedNode[]): XmlElement[] {
  const out: XmlElement[] = []
  for (const node of nodes) {
    for (const key of Object.keys(node)) {
      if (key === ':@' || key === '#text') continue
      const children = node[key] as OrderedNode[]
      const attrs = (node[':@'] ?? {}) as Record<string, string>
      const text = children.filter((c) => '#text' in c).map((c) => String(c['#text'])).join('')
      out.push({ name: key, attrs, children: toElements(children), text })
    }
  }
  return out
}

export function child(e: XmlElement, name: string): XmlElement | undefined {
  return e.children.find((c) => c.name === name)
}

/** Every descendant (depth first, document order) for which `match` holds, without descending into matches. */
export function findAll(e: XmlElement, match: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = []
  const visit = (node: XmlElement) => {
    for (const c of node.children) {
      if (match(c)) out.push(c)
      else visit(c)
    }
  }
  visit(e)
  return out
}
