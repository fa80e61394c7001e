// Every API route declares what its caller must be allowed to do (`config.capability`), and
// a route without one fails the start. This is where permissions attach: the security
// capability decides, per route, from this one declaration.
import type { FastifyInstance } from 'fastify'

export const CAPABILITIES = [
  'public', // probes (healthz, readyz): answered to anyone
  'read', // every GET of data
  'operate', // what operators do on the floor: code stops, enter scrap, acknowledge and silence alerts
  'admin', // what changes the setup: plant calendars
  'ingest', // what collectors and gateways send: samples, positions, registrations, machine events
] as const
export type Capability = (typeof CAPABILITIES)[number]

declare module 'fastify' {
  interface FastifyContextConfig {
    capability?: Capability
  }
}

/** Refuses, at registration, a route of this scope that declares no capability. */
export function requireCapabilities(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const capability = route.config?.capability
    if (!capability || !(CAPABILITIES as readonly string[]).includes(capability)) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no capability: set config.capability to one of ${CAPABILITIES.join(', ')}`)
    }
  })
}
