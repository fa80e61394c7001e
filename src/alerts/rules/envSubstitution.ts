// `${NAME}` in any string value of alerts.yaml is replaced, at load, by the environment
// variable NAME from the env object passed in (the loader stays pure: tests pass their own).
// `${NAME:-fallback}` uses the fallback when NAME is unset or empty; `$${` writes a literal `${`.

export interface Substituted {
  value: string
  /** Reasons, e.g. "environment variable SLACK_WEBHOOK_URL is not set"; empty when all went well. */
  problems: string[]
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export function substituteEnv(text: string, env: Readonly<Record<string, string | undefined>>): Substituted {
  if (!text.includes('${')) return { value: text, problems: [] }
  const problems: string[] = []
  let value = ''
  let i = 0
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      value += '${'
      i += 3
      continue
    }
    if (!text.startsWith('${', i)) {
      value += text[i]
      i++
      continue
    }
    const close = text.indexOf('}', i)
    if (close < 0) {
      problems.push(`'\${' is not closed; write \${NAME} for an environment variable, or $\${ for a literal \${`)
      value += text.slice(i)
      break
    }
    const inside = text.slice(i + 2, close)
    const split = inside.indexOf(':-')
    const name = split < 0 ? inside : inside.slice(0, split)
    const fallback = split < 0 ? undefined : inside.slice(split + 2)
    const found = Object.hasOwn(env, name) ? env[name] : undefined
    if (!NAME.test(name)) problems.push(`\${${inside}} does not name an environment variable (letters, digits and _); write $\${ for a literal \${`)
    else if (found !== undefined && found !== '') value += found
    else if (fallback !== undefined) value += fallback
    else problems.push(`environment variable ${name} is ${found === '' ? 'empty' : 'not set'}`)
    i = close + 1
  }
  return { value, problems }
}
