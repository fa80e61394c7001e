// A local calendar date the API or a file names (YYYY-MM-DD): one that exists, in the years
// a shop floor's data can have (1970 to 2999), so date arithmetic never leaves what a Date
// and a PostgreSQL date hold.

export const LOCAL_DATE_RULE = 'a date YYYY-MM-DD that exists, from 1970-01-01 to 2999-12-31, e.g. 2026-03-01'

export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (y < 1970 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate()
}
