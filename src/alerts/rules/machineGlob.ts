// Which machines a rule applies to: a machine id, or a glob of one with `*` (any characters,
// also none) and `?` (exactly one). Machine ids are 1-64 characters of A-Z a-z 0-9 . _ -
// (DESIGN.md, data contract), so nothing else can usefully appear in a pattern.

const GLOB = /^[A-Za-z0-9._*?-]{1,64}$/

export const GLOB_RULE = 'must be a machine id or a pattern of A-Z a-z 0-9 . _ - with * (any characters) and ? (one character), e.g. CNC-* or "*"'

export function isValidMachineGlob(glob: string): boolean {
  return GLOB.test(glob)
}

/** A matcher for a valid glob (check it with isValidMachineGlob first). */
export function machineMatcher(glob: string): (machineId: string) => boolean {
  if (glob === '*') return () => true
  if (!/[*?]/.test(glob)) return (machineId) => machineId === glob
  const pattern = new RegExp(`^${glob.replace(/\./g, '\\.').replace(/\*+/g, '.*').replace(/\?/g, '.')}$`)
  return (machineId) => pattern.test(machineId)
}
