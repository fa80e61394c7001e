// What a machine id is, everywhere one is read (samples, machines.yaml, oee.yaml, the API):
// 1-64 characters of A-Z a-z 0-9 . _ -, at least one of them a letter or a digit (".", ".."
// and "-" name nothing and read as paths or flags).

export const MACHINE_ID_SOURCE = '^(?=[._-]*[A-Za-z0-9])[A-Za-z0-9._-]{1,64}$'
export const MACHINE_ID = new RegExp(MACHINE_ID_SOURCE)
export const MACHINE_ID_RULE = '1-64 characters of A-Z a-z 0-9 . _ -, at least one a letter or a digit'

export function isMachineId(value: unknown): value is string {
  return typeof value === 'string' && MACHINE_ID.test(value)
}
