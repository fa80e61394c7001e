// String building for the agent's XML. Documents are small and built on every request, so
// they are written as strings rather than through a DOM; escaping lives here, once.

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }
const ATTR_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' }

// XML 1.0 forbids most C0 control characters even escaped; SHDR lines from real adapters can
// carry them (a stray \u0000 in a program header), so they are dropped.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g

export function escapeText(value: string): string {
  return value.replace(FORBIDDEN, '').replace(/[&<>]/g, (c) => TEXT_ESCAPES[c] ?? c)
}

export function escapeAttr(value: string): string {
  return value.replace(FORBIDDEN, '').replace(/[&<>"'\n\r\t]/g, (c) => ATTR_ESCAPES[c] ?? c)
}

export type Attrs = Record<string, string | number | undefined>

/**
 * ` a="1" b="2"`. cppagent writes element attributes in alphabetical order (see the captured
 * documents), so they are sorted unless the caller keeps its own order (the Header does not
 * follow the alphabet).
 */
export function attrs(values: Attrs, order: 'sorted' | 'asGiven' = 'sorted'): string {
  const keys = Object.keys(values).filter((k) => values[k] !== undefined)
  if (order === 'sorted') keys.sort()
  return keys.map((k) => ` ${k}="${escapeAttr(String(values[k]))}"`).join('')
}

/** An element; self-closing when it has no content, as cppagent writes empty values. */
export function element(name: string, attributes: Attrs, content?: string, order: 'sorted' | 'asGiven' = 'sorted'): string {
  const open = `<${name}${attrs(attributes, order)}`
  return content === undefined || content === '' ? `${open}/>` : `${open}>${content}</${name}>`
}
