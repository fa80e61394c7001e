import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { jsonErrorOffset, lineAndColumn } from './jsonErrorOffset.js'

describe('jsonErrorOffset', () => {
  it('finds nothing wrong in valid JSON', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '"s"', '0']) assert.equal(jsonErrorOffset(text), -1, text)
  })

  it('points at the first character that cannot continue the text', () => {
    const cases: [string, number][] = [
      ['{"a": x}', 6], ['{"a": tru}', 9], ['[1,]', 3], ['{"a": 1,,}', 8], ['[NaN]', 1],
      ['{"a" 1}', 5], ['[01]', 2], ['{"a": "b\\q"}', 9], ['[1] 2', 4], ["{'a': 1}", 1],
    ]
    for (const [text, offset] of cases) assert.equal(jsonErrorOffset(text), offset, text)
  })

  it('points at the end of a truncated text', () => {
    for (const text of ['[{"a": 1},', '{"a":', '"unterminated', '[1, 2']) assert.equal(jsonErrorOffset(text), text.length, text)
  })

  it('turns an offset into a 1-based line and column', () => {
    assert.deepEqual(lineAndColumn('ab\ncd', 4), { line: 2, column: 2 })
    assert.deepEqual(lineAndColumn('abc', 0), { line: 1, column: 1 })
  })
})
