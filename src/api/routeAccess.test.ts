import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Fastify from 'fastify'
import { requireCapabilities } from './routeAccess.js'

describe('requireCapabilities', () => {
  it('refuses to start with a route that declares no capability, naming the route', async () => {
    const app = Fastify()
    await assert.rejects(async () => {
      await app.register(async (scope) => {
        requireCapabilities(scope)
        scope.get('/v1/declared', { config: { capability: 'read' } }, async () => ({}))
        scope.get('/v1/forgotten', async () => ({}))
      })
    }, /GET \/v1\/forgotten declares no capability/)
    await app.close()
  })

  it('leaves routes outside its scope alone (the dashboard, /docs)', async () => {
    const app = Fastify()
    app.get('/', async () => 'dashboard')
    await app.register(async (scope) => {
      requireCapabilities(scope)
      scope.get('/v1/declared', { config: { capability: 'read' } }, async () => ({}))
    })
    await app.ready()
    assert.equal((await app.inject({ url: '/v1/declared' })).statusCode, 200)
    await app.close()
  })
})
