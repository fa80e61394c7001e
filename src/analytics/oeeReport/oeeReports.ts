// The OEE report of a period (CSV, PDF): figures from the one OEE engine, rolled up by the
// caller's grouping, a daily trend and the downtime Pareto; the exporters only format.
import type { Clock } from '../../domain/clock.js'
import { addDays } from '../../domain/oee/calendar.js'
import { rollUp } from '../../domain/oee/oeeFigures.js'
import type { GroupBy, OeeService } from '../oee/oeeService.js'
import { pareto } from '../oee/pareto.js'
import { oeeCsv } from './oeeCsv.js'
import { oeePdf } from './oeePdf.js'
import type { OeeReportInput } from './reportInput.js'

export interface OeeReportQuery {
  /** Local dates, inclusive. */
  from: string
  to: string
  plant?: string
  machineId?: string
  groupBy: GroupBy
}

export interface OeeReports {
  input(q: OeeReportQuery): Promise<OeeReportInput>
  csv(q: OeeReportQuery): Promise<string>
  pdf(q: OeeReportQuery): Promise<Buffer>
}

export function oeeReports(oee: OeeService, clock: Clock): OeeReports {
  const input = async (q: OeeReportQuery): Promise<OeeReportInput> => {
    const { from, to, groupBy } = q
    const result = await oee.query(q)
    const calendar = oee.setup.calendar(q.plant)
    const byDate = new Map<string, OeeReportInput['total'][]>()
    for (const d of result.days) byDate.set(d.date, [...(byDate.get(d.date) ?? []), d.figures])
    const trend = []
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const figures = byDate.get(d)
      if (figures) trend.push({ date: d, figures: rollUp(figures) })
    }
    return {
      title: 'OEE report', scope: q.machineId ?? q.plant ?? 'All plants', locale: calendar.locale, timeZone: calendar.timeZone, from, to,
      generatedAt: clock.now(), groupBy, total: result.total, trend,
      rows: result.groups.map((g) => ({ key: g.key, label: g.key, figures: g.figures })),
      pareto: pareto(result.total.unplanned_loss_by_reason_s, oee.setup.reasons).reasons.map((r) => ({ reason: r.reason, label: r.label, seconds: r.seconds })),
    }
  }
  return {
    input,
    csv: async (q) => oeeCsv(await input(q)),
    pdf: async (q) => oeePdf(await input(q)),
  }
}
