import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LifecycleStack } from './lifecycle.js'

function recording() {
  const closed: string[] = []
  const errors: string[] = []
  const stack = new LifecycleStack({ error: (_o, msg) => void errors.push(msg) })
  const part = (name: string, fail?: string) => stack.push(name, {
    async close() {
      await new Promise((r) => setImmediate(r)) // each close is awaited before the next begins
      closed.push(name)
      if (fail) throw new Error(fail)
    },
  })
  return { stack, part, closed, errors }
}

describe('LifecycleStack', () => {
  it('closes the parts in reverse order of registration, each after the one started after it', async () => {
    const { stack, part, closed } = recording()
    part('database')
    part('group commit')
    part('api')
    await stack.close()
    assert.deepEqual(closed, ['api', 'group commit', 'database'])
  })

  it('logs a part that fails to close, with its name, and still closes the others', async () => {
    const { stack, part, closed, errors } = recording()
    part('database')
    part('alert engine', 'queue broken')
    part('collectors')
    await stack.close()
    assert.deepEqual(closed, ['collectors', 'alert engine', 'database'])
    assert.deepEqual(errors, ['closing alert engine: queue broken'])
  })

  it('closes once however often it is asked, and refuses a part pushed after', async () => {
    const { stack, part, closed } = recording()
    part('database')
    const first = stack.close()
    assert.equal(stack.close(), first)
    await first
    await stack.close()
    assert.deepEqual(closed, ['database'])
    assert.throws(() => part('late'), /late started after the system began to close/)
  })
})
