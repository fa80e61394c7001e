import type { FastifyPluginAsync } from 'fastify'
import type { CollectorStatus } from '../collectors/mtconnect/collectorStatus.js'
import type { ConfigFileStatus } from '../config/configFileWatcher.js'

/** What the API may ask of the running collectors. */
export interface CollectorsView {
  statuses(): CollectorStatus[]
  status(machineId: string): CollectorStatus | undefined
  configFile(): ConfigFileStatus | undefined
}

export const collectorRoutes: FastifyPluginAsync<{ collectors: CollectorsView }> = async (app, { collectors }) => {
  app.get('/v1/collectors', {
    config: { capability: 'read' },
    schema: {
      summary: 'Every machine collector: connection, samples, gaps and lost sequences, last error, lag',
      description: '`config` shows the machines file in effect, its warnings (e.g. a vendor without a built-in profile) and, when its last edit could not be applied, why.',
      tags: ['machines'],
    },
  }, async () => ({ config: collectors.configFile() ?? null, collectors: collectors.statuses() }))
}
