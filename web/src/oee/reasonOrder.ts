// The reason buttons, the ones this machine's operators used last first: the reasons coded
// on this browser for the machine (remembered per browser), then those of the day's coded
// stops, then the rest in oee.yaml's order. Operators find their usual reason in one look.
import type { Reason, Stop } from './oeeApi'

const KEY = 'cnc-telemetry.recent-reasons'
const KEEP = 5

function readAll(): Record<string, string[]> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}')
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string[]>) : {}
  } catch {
    return {}
  }
}

export function rememberReason(machine: string, reason: string): void {
  const all = readAll()
  all[machine] = [reason, ...(all[machine] ?? []).filter((r) => r !== reason)].slice(0, KEEP)
  try {
    localStorage.setItem(KEY, JSON.stringify(all))
  } catch {
    // Private browsing: the order is not remembered, coding still works.
  }
}

export function orderReasons(reasons: readonly Reason[], machine: string, stops: readonly Stop[]): { reasons: Reason[]; recent: Set<string> } {
  const fromStops = [...stops].filter((s) => s.reason !== null).sort((a, b) => Date.parse(b.start) - Date.parse(a.start)).map((s) => s.reason as string)
  const recentCodes = [...new Set([...(readAll()[machine] ?? []), ...fromStops])].filter((code) => reasons.some((r) => r.code === code)).slice(0, KEEP)
  const recent = recentCodes.map((code) => reasons.find((r) => r.code === code) as Reason)
  return { reasons: [...recent, ...reasons.filter((r) => !recentCodes.includes(r.code))], recent: new Set(recentCodes) }
}
