import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Fastify from 'fastify'
import { Type } from '@sinclair/typebox'
import { installErrorHandling } from './errorHandling.js'
import { parseJsonBodies } from './jsonBody.js'

const Body = Type.Object({
  name: Type.String({ maxLength: 3, errorMessage: 'at most 3 characters' }),
  position: Type.Object({ next: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
}, { additionalProperties: false })

async function server() {
  const app = Fastify()
  installErrorHandling(app, 1024)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  await app.register(async (scope) => {
    parseJsonBodies(scope)
    scope.post<{ Body: unknown }>('/x', { config: { jsonBody: { schema: Body } } }, async (request) => request.body)
  })
  return app
}

describe('JSON bodies checked by their schema', () => {
  it('reports every problem with its field, in the schema\'s words where it has them', async () => {
    const app = await server()
    const r = await app.inject({ method: 'POST', url: '/x', payload: JSON.stringify({ name: 'long', colour: 1, position: { next: -1, extra: 2 } }) })
    assert.equal(r.statusCode, 400)
    const body = r.json() as { error: string; details: { field: string; reason: string }[] }
    assert.equal(body.error, 'invalid_request')
    assert.deepEqual(body.details.map((d) => d.field), ['colour', 'name', 'position.extra', 'position.next'])
    assert.equal(body.details[1]?.reason, 'at most 3 characters')
    assert.match(body.details[0]?.reason ?? '', /unknown field; accepted: name, position/)
    await app.close()
  })

  it('hands the handler the parsed body when it fits', async () => {
    const app = await server()
    const r = await app.inject({ method: 'POST', url: '/x', payload: JSON.stringify({ name: 'abc', position: { next: 4 } }) })
    assert.deepEqual(r.json(), { name: 'abc', position: { next: 4 } })
    await app.close()
  })
})
