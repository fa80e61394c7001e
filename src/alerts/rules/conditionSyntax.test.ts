import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { normalizeCondition } from './conditionSyntax.js'

const cel = (source: string) => normalizeCondition(source).text

describe('normalizeCondition', () => {
  it('maps the word operators to CEL and writes integers as doubles', () => {
    assert.equal(cel("state == 'stopped' AND duration_seconds > 600"), "state == 'stopped' && duration_seconds > 600.0")
    assert.equal(cel('NOT a or b and not c'), '! a || b && ! c')
    assert.equal(cel('x IN [1, 2.5, 3e2, 0x10]'), 'x in [1.0, 2.5, 3e2, 16.0]')
  })

  it('strips # and // comments outside strings, keeping line breaks', () => {
    assert.equal(cel("rpm > 1  # one\nAND x // two\n"), 'rpm > 1.0  \n&& x \n')
    assert.equal(cel(`p == 'a#b' AND q == "c//d" AND r == r'e#f' # gone`), `p == 'a#b' && q == "c//d" && r == r'e#f' `)
  })

  it('leaves words inside strings and after a dot alone', () => {
    assert.equal(cel("alarm == 'NOT READY AND 5'"), "alarm == 'NOT READY AND 5'")
    assert.equal(cel('a.and'), 'a.and')
  })

  it('maps every character back to where it was written', () => {
    const source = 'a AND 12 # c\n  OR b'
    const n = normalizeCondition(source)
    assert.equal(n.text, 'a && 12.0 \n  || b')
    assert.equal(source[n.sourceOffsets[n.text.indexOf('||')] as number], 'O')
    assert.equal(source[n.sourceOffsets[n.text.indexOf('12')] as number], '1')
    assert.equal(n.sourceOffsets.length, n.text.length + 1)
  })

  it('reports a string left open', () => {
    assert.deepEqual(normalizeCondition("a == 'x").problems, [{ offset: 5, reason: 'a quoted string is not closed; close it with the same quote it opened with' }])
  })
})
