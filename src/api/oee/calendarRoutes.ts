// Plant calendars: the ones in effect, and replacing one through the API.
import type { FastifyPluginAsync } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { ConfigError } from '../../config/configError.js'
import { errors } from '../../domain/errors.js'
import type { OeeRouteDeps } from './oeeQuery.js'

const PlantParams = Type.Object({ plant: Type.String({ minLength: 1, maxLength: 128 }) })
/** Checked field by field by the oee.yaml reader (config/oeeConfig.ts), whose problems name the fields as the file would. */
const CalendarBody = Type.Object({}, { description: 'one plant of oee.yaml: time_zone, locale, shifts, holidays, exceptions, planned_downtime' })

export const calendarRoutes: FastifyPluginAsync<OeeRouteDeps> = async (app, { oee, registry }) => {
  app.get('/v1/oee/calendars', {
    config: { capability: 'read' },
    schema: { summary: 'Plant calendars in effect (oee.yaml, edited through the API, or the 24 h default)', tags: ['oee'] },
  }, async () => {
    const plants = [...new Set([...oee.setup.plants(), ...await registry.plants()])].sort()
    return { calendars: plants.map((p) => ({ ...oee.setup.calendar(p), plant: p, source: oee.setup.calendarSource(p) })) }
  })

  app.put<{ Params: Static<typeof PlantParams>; Body: Static<typeof CalendarBody> }>('/v1/oee/calendars/:plant', {
    config: { capability: 'admin', jsonBody: { schema: CalendarBody } },
    schema: {
      summary: "Replace a plant's calendar (the shape of one plant in oee.yaml: time_zone, locale, shifts, holidays, exceptions, planned_downtime)",
      description: 'Its figures are computed again. oee.yaml wins again when the file changes.', tags: ['oee'], params: PlantParams,
    },
  }, async (request) => {
    try {
      await oee.putCalendar(request.params.plant, request.body)
    } catch (err) {
      if (err instanceof ConfigError) throw errors.invalidRequest(err.problems.map((p) => ({ field: p.field.replace(/^plants\[0\]\.?/, ''), reason: p.reason })))
      throw err
    }
    return { ...oee.setup.calendar(request.params.plant), source: 'api' }
  })
}
