// Text a client sends that no store can hold as it was sent: PostgreSQL text refuses NUL
// (U+0000), and a lone UTF-16 surrogate has no UTF-8 form (JSON allows both as \u escapes).

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Why `text` cannot be stored as sent, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  const nul = text.indexOf('\u0000')
  if (nul >= 0) return `contains a NUL character (\\u0000) at character ${nul}; text cannot hold NUL`
  const lone = LONE_SURROGATE.exec(text)
  if (lone) return `contains a lone UTF-16 surrogate (\\u${(lone[0].charCodeAt(0)).toString(16).toUpperCase()}) at character ${lone.index}; it is not a character and has no UTF-8 form`
  return undefined
}

/** The first string anywhere in `value` (object keys too) that cannot be stored, with its path. */
export function findTextProblem(value: unknown, path = ''): { path: string; reason: string } | undefined {
  if (typeof value === 'string') {
    const reason = textProblem(value)
    return reason ? { path, reason } : undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  for (const [key, child] of Object.entries(value)) {
    const at = path === '' ? key : Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`
    const keyReason = textProblem(key)
    if (keyReason) return { path: at, reason: `the key ${keyReason}` }
    const found = findTextProblem(child, at)
    if (found) return found
  }
  return undefined
}
