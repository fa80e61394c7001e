// The downtime Pareto: unplanned loss per reason, largest first, with the cumulative share
// (the chart and the report's table read it the same way).

/** Unplanned downtime per reason, largest first, with shares and the cumulative share. */
export function pareto(byReason: Readonly<Record<string, number>>, reasons: readonly { code: string; label: string }[]): { total_s: number; reasons: { reason: string; label: string; seconds: number; share: number; cumulative: number }[] } {
  const total = Object.values(byReason).reduce((a, b) => a + b, 0)
  let running = 0
  const rows = Object.entries(byReason).filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]).map(([reason, seconds]) => {
    running += seconds
    return {
      reason, label: reason === 'uncoded' ? 'Not coded yet' : reasons.find((r) => r.code === reason)?.label ?? reason,
      seconds, share: total > 0 ? seconds / total : 0, cumulative: total > 0 ? running / total : 0,
    }
  })
  return { total_s: total, reasons: rows }
}
