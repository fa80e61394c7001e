// The delivery worker against a real embedded database and a local receiver.
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { OutboxDelivery } from '../src/alerts/notify/outboxDelivery.js'
import { systemClock } from '../src/domain/clock.js'
import { insertAlert } from '../src/store/alerts.js'
import type { Db } from '../src/store/db.js'
import { openEmbeddedDb } from '../src/store/embedded.js'
import { migrate } from '../src/store/migrate.js'
import { enqueueNotification } from '../src/store/notificationOutbox.js'
import { tempDir, waitFor } from './helpers/system.js'

describe('outbox delivery worker', () => {
  const dir = tempDir()
  let db: Db
  let delivery: OutboxDelivery
  const received: string[] = []
  let holdFirst: (() => void) | undefined
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (d: Buffer) => { body += d.toString() })
    req.on('end', () => {
      received.push(body)
      // The first notification is answered only when the test says so: a round in progress.
      if (received.length === 1) holdFirst = () => res.writeHead(200).end()
      else res.writeHead(200).end()
    })
  })
  let url = ''

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`
    db = await openEmbeddedDb(join(dir, 'data'))
    await migrate(db)
    // Polling once an hour: only a wake can make a notification go out during the test.
    delivery = new OutboxDelivery(db, systemClock, { info: () => {}, warn: () => {} }, { timeoutMs: 5_000, backoffMinMs: 1_000, backoffMaxMs: 60_000, pollMs: 3_600_000 })
    delivery.start()
  })
  after(async () => {
    await delivery.close()
    await db.close()
    server.closeAllConnections()
    server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function enqueue(body: string): Promise<void> {
    const alertId = await insertAlert(db, { rule: 'r', machineId: 'M-1', severity: 'warning', activeSince: Date.now(), firedAt: Date.now(), labels: {}, snapshot: {} })
    await enqueueNotification(db, { id: `msg_${body}`, alertId, kind: 'firing', channelType: 'webhook', destination: url, signingSecret: null, body, createdAt: Date.now() })
    delivery.wake()
  }

  it('does not lose a wake that comes while a delivery round is running (it would otherwise wait for the next poll)', async () => {
    await enqueue('"first"')
    await waitFor('the first notification to arrive and be held', () => holdFirst !== undefined)
    await enqueue('"second"')
    holdFirst?.()
    holdFirst = undefined
    await waitFor('the second notification, woken during the first round', () => received.length === 2, 10_000)
    assert.deepEqual(received, ['"first"', '"second"'])
  })
})
