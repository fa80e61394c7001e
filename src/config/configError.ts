// What is wrong in a configuration file (machines.yaml, alerts.yaml, oee.yaml, ...), and the one
// way it is written: `machines.yaml:12: machines[3].vendor: reason`.

export interface ConfigProblem {
  file: string
  line: number
  /** alerts.yaml: the rule the field is in, by name (or `alerts[2]` while it has none). */
  rule?: string
  /** Where in the file, e.g. `machines[3].vendor`, `plants[0].shifts[1].end`, `channels[0].url`. */
  field: string
  reason: string
}

/** `file:line: field: reason`, with `rule <name>: ` before the field when there is a rule. */
export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}: ${p.rule ? `rule ${p.rule}: ` : ''}${p.field}: ${p.reason}`
}

/** Every problem of a file at once, sorted by line: a user fixes them in one pass. */
export class ConfigError extends Error {
  readonly code = 'config_invalid'

  constructor(readonly problems: ConfigProblem[]) {
    problems.sort((a, b) => a.line - b.line)
    super(problems.map(formatConfigProblem).join('\n'))
    this.name = 'ConfigError'
  }
}
