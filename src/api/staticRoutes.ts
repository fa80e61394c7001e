// The web dashboard (web/, built into web/dist by `npm run build`) served at `/`. Any other
// GET path that is not the API's is a page of the single-page app and gets its index.html.
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Where `vite build web` puts the dashboard, from dist/src/api/ (compiled) or src/api/. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url))

const API_PREFIXES = ['/v1/', '/docs', '/healthz', '/readyz', '/metrics']

export async function staticRoutes(app: FastifyInstance, root = WEB_DIST): Promise<void> {
  const built = existsSync(`${root}/index.html`)
  if (built) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false, // one route per built file; the fallback below answers the rest
      setHeaders(res, path) {
        // Vite names assets after their content: they never change under the same name.
        res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    if (API_PREFIXES.some((p) => path.startsWith(p)) || path.startsWith('/assets/')) return reply.callNotFound()
    if (!built) {
      return reply.code(503).type('text/plain; charset=utf-8')
        .send('The dashboard is not built: run `npm run build` (it builds web/ into web/dist/). The API is at /v1 and its documentation at /docs.\n')
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html')
  })
}
