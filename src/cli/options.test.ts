import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_HTTP } from '../settings.js'
import { connectionCap, requestTimeoutSeconds, serveSettings } from './options.js'

describe('serve options: HTTP limits', () => {
  it('keeps the defaults without flags', () => {
    assert.deepEqual(serveSettings({}, {}).http, DEFAULT_HTTP)
  })

  it('takes --request-timeout in seconds and --max-connections-per-address, and never lets the headers wait longer than the request', () => {
    const http = serveSettings({ requestTimeout: 5, maxConnectionsPerAddress: 8 }, {}).http
    assert.deepEqual([http.requestTimeoutMs, http.headersTimeoutMs, http.maxConnectionsPerAddress], [5_000, 5_000, 8])
    assert.equal(serveSettings({ requestTimeout: 120 }, {}).http.headersTimeoutMs, DEFAULT_HTTP.headersTimeoutMs)
  })

  it('refuses a request timeout outside 1-3600 s and a connection cap that is not a whole number from 1 to 100000, naming the flag', () => {
    for (const bad of ['0', '-1', 'x', '3601', '']) assert.throws(() => requestTimeoutSeconds(bad), /--request-timeout must be a number of seconds from 1 to 3600/, bad)
    assert.equal(requestTimeoutSeconds('2.5'), 2.5)
    for (const bad of ['0', '1.5', 'many', '100001']) assert.throws(() => connectionCap(bad), /--max-connections-per-address must be/, bad)
    assert.equal(connectionCap('64'), 64)
  })
})
