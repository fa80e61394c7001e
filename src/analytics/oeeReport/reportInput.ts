// What an OEE report is made of. The caller (API, CLI) computes every figure with the one
// OEE engine (src/domain/oee) and rolls them up; the exporters only format and draw.
import type { OeeFigures } from '../../domain/oee/oeeFigures.js'

export interface OeeReportRow {
  key: string
  label: string
  figures: OeeFigures
}

export interface OeeReportInput {
  /** e.g. "OEE report". */
  title: string
  /** e.g. "Plant North", "All plants" or a machine id. */
  scope: string
  /** BCP 47, e.g. 'de-DE': the PDF formats dates and numbers in it. */
  locale: string
  /** IANA zone of the plant: generatedAt is shown in it. */
  timeZone: string
  /** YYYY-MM-DD, inclusive, plant-local dates. */
  from: string
  to: string
  /** Epoch ms, passed in (the exporters never read the clock). */
  generatedAt: number
  groupBy: 'machine' | 'plant' | 'shift' | 'day'
  rows: OeeReportRow[]
  /** The roll-up of the whole scope (summed by the caller, never averaged). */
  total: OeeFigures
  /** One entry per local day (YYYY-MM-DD); days missing or with oee null are drawn as gaps. */
  trend: { date: string; figures: OeeFigures }[]
  /** Unplanned downtime by reason, largest first ('uncoded' included). */
  pareto: { reason: string; label: string; seconds: number }[]
}
