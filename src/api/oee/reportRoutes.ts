// The OEE of a period as a file: CSV for spreadsheets, PDF for people.
import type { FastifyPluginAsync } from 'fastify'
import type { OeeReportQuery } from '../../analytics/oeeReport/oeeReports.js'
import type { GroupBy } from '../../analytics/oee/oeeService.js'
import { type OeeRouteDeps, RangeQuery, type RangeQueryString, dateRange, plantToday } from './oeeQuery.js'

const fileName = (q: RangeQueryString, ext: string) => `oee-${(q.machine_id ?? q.plant ?? 'fleet').replace(/[^A-Za-z0-9._-]+/g, '_')}.${ext}`

export const reportRoutes: FastifyPluginAsync<OeeRouteDeps> = async (app, { oee, reports, clock }) => {
  const reportQuery = (q: RangeQueryString): OeeReportQuery => {
    const { from, to } = dateRange(q, plantToday(oee, clock, q.plant))
    return { from, to, plant: q.plant, machineId: q.machine_id, groupBy: (q.group_by ?? 'machine') as GroupBy }
  }

  app.get<{ Querystring: RangeQueryString }>('/v1/reports/oee.csv', {
    config: { capability: 'read' },
    schema: { summary: 'The OEE of a period as CSV (one line per group and a TOTAL line; machine-readable numbers)', tags: ['oee'], querystring: RangeQuery },
  }, async (request, reply) => {
    const csv = await reports.csv(reportQuery(request.query))
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName(request.query, 'csv')}"`).send(csv)
  })

  app.get<{ Querystring: RangeQueryString }>('/v1/reports/oee.pdf', {
    config: { capability: 'read' },
    schema: { summary: "The OEE of a period as a PDF: cards, daily trend, downtime Pareto, table; dates and numbers in the plant's locale", tags: ['oee'], querystring: RangeQuery },
  }, async (request, reply) => {
    const pdf = await reports.pdf(reportQuery(request.query))
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${fileName(request.query, 'pdf')}"`).send(pdf)
  })
}
