import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { AppError } from '../domain/errors.js'
import { decodeBody } from './decodeBody.js'

const failsWith = (code: string, status: number, pattern?: RegExp) => (err: unknown) => {
  assert.ok(err instanceof AppError)
  assert.equal(err.code, code)
  assert.equal(err.statusCode, status)
  if (pattern) assert.match(err.message, pattern)
  return true
}

describe('decodeBody', () => {
  it('reads one object and an array', () => {
    assert.deepEqual(decodeBody('{"a":1}', 'application/json'), { items: [{ a: 1 }], errors: [] })
    assert.deepEqual(decodeBody(Buffer.from('[{"a":1},{"a":2}]'), 'application/json; charset=utf-8'), { items: [{ a: 1 }, { a: 2 }], errors: [] })
  })

  it("accepts JSON labelled as a form, as curl -d sends it, or with no type at all", () => {
    assert.deepEqual(decodeBody('{"a":1}', 'application/x-www-form-urlencoded').items, [{ a: 1 }])
    assert.deepEqual(decodeBody('{"a":1}', undefined).items, [{ a: 1 }])
  })

  it('reads NDJSON, skips blank lines and reports a bad line by item index and line number', () => {
    const r = decodeBody('{"a":1}\n\n{"a":\n{"a":3}\n', 'application/x-ndjson')
    assert.equal(r.items.length, 3)
    assert.deepEqual(r.items[2], { a: 3 })
    assert.equal(r.errors.length, 1)
    assert.equal(r.errors[0]?.index, 1)
    assert.match(r.errors[0]?.reason ?? '', /^line 3 is not valid JSON/)
  })

  it('recognises undeclared NDJSON', () => {
    assert.deepEqual(decodeBody('{"a":1}\n{"a":2}', 'text/plain').items, [{ a: 1 }, { a: 2 }])
  })

  it('rejects malformed JSON declared as JSON with 400 and where it broke', () => {
    assert.throws(() => decodeBody('{\n"a": 1,,\n}', 'application/json'), failsWith('invalid_json', 400, /line 2, column/))
  })

  it('rejects what is neither JSON nor NDJSON with 415', () => {
    assert.throws(() => decodeBody('machine_id=A&rpm=1', 'application/x-www-form-urlencoded'), failsWith('unsupported_media_type', 415, /application\/x-ndjson/))
  })

  it('rejects an empty body', () => {
    assert.throws(() => decodeBody('  \n', 'application/json'), failsWith('empty_body', 400))
    assert.throws(() => decodeBody(undefined, undefined), failsWith('empty_body', 400))
  })
})
