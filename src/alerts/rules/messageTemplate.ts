// Notification texts: `message: "🔴 {machine_id} parada há {duration_min} min"`. Placeholders
// are checked when alerts.yaml loads (a typo fails there, not in a message at 3 a.m.);
// `{{` and `}}` write literal braces.
import { closestName } from '../../config/didYouMean.js'
import { SAMPLE_FIELD_NAMES } from '../../domain/sampleFields.js'

/** What a template may show. The engine passes these values when it renders. */
export const TEMPLATE_FIELDS: readonly string[] = Object.freeze([
  'rule', 'severity', 'status', 'machine_id', 'state', 'duration_min', 'duration_seconds', 'seconds_since_last_sample',
  ...SAMPLE_FIELD_NAMES.filter((f) => f !== 'state'), 'plant', 'model',
])

/** Shown for a placeholder whose value is not known (a sample without rpm). */
export const MISSING_VALUE = '?'

type Piece = { text: string } | { field: string }

/** Problems of a template (reasons), empty when it is fine. */
export function checkTemplate(template: string): string[] {
  const problems: string[] = []
  for (const piece of pieces(template, problems)) {
    if ('field' in piece && !TEMPLATE_FIELDS.includes(piece.field)) {
      const guess = closestName(piece.field, TEMPLATE_FIELDS)
      problems.push(`unknown placeholder {${piece.field}}; ${guess ? `did you mean {${guess}}?` : `the placeholders are ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}`}`)
    }
  }
  return problems
}

/**
 * Fills the placeholders. Minutes are whole minutes elapsed (rounded down: 10 min 50 s is
 * "10 min"), seconds are rounded, other numbers keep at most two decimals.
 */
export function renderTemplate(template: string, values: Record<string, string | number | undefined>): string {
  let out = ''
  for (const piece of pieces(template, [])) {
    if ('text' in piece) out += piece.text
    else if (!Object.hasOwn(values, piece.field) && !TEMPLATE_FIELDS.includes(piece.field)) out += `{${piece.field}}`
    else out += formatValue(piece.field, Object.hasOwn(values, piece.field) ? values[piece.field] : undefined)
  }
  return out
}

/** The text of a notification whose channel has no `message` (or `resolved_message`). */
export function defaultMessage(rule: { name: string; description?: string }, status: 'firing' | 'resolved'): string {
  if (status === 'resolved') return '[resolved] {rule} on {machine_id}'
  const about = rule.description ? ` — ${rule.description.replace(/\{/g, '{{').replace(/\}/g, '}}')}` : ''
  return `[{severity}] {rule} on {machine_id}: {state} for {duration_min} min${about}`
}

function formatValue(field: string, value: string | number | undefined): string {
  if (value === undefined || value === null || (typeof value === 'number' && !Number.isFinite(value))) return MISSING_VALUE
  if (typeof value === 'string') return value
  if (field === 'duration_min') return String(Math.floor(value))
  if (field === 'duration_seconds' || field === 'seconds_since_last_sample') return String(Math.round(value))
  return String(Math.round(value * 100) / 100)
}

function pieces(template: string, problems: string[]): Piece[] {
  const out: Piece[] = []
  let text = ''
  let i = 0
  while (i < template.length) {
    const c = template[i]
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      text += c
      i += 2
      continue
    }
    if (c !== '{') {
      text += c
      i++
      continue
    }
    const close = template.indexOf('}', i)
    const name = close < 0 ? '' : template.slice(i + 1, close).trim()
    if (close < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      problems.push(close < 0
        ? `'{' at character ${i + 1} is not closed; write {{ for a literal brace`
        : `{${template.slice(i + 1, close)}} is not a placeholder; placeholders are names like {machine_id} (write {{ for a literal brace)`)
      text += close < 0 ? template.slice(i) : template.slice(i, close + 1)
      i = close < 0 ? template.length : close + 1
      continue
    }
    if (text) out.push({ text })
    text = ''
    out.push({ field: name })
    i = close + 1
  }
  if (text) out.push({ text })
  return out
}
