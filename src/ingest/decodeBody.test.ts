import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { AppError } from '../domain/errors.js'
import { httpStatus } from '../api/httpErrors.js'
import { decodeBody } from './decodeBody.js'

const A = { machine_id: 'CNC-01', timestamp: '2026-06-01T11:59:00.000Z', rpm: 4500 }
const B = { machine_id: 'CNC-02', timestamp: '2026-06-01T11:59:01.000Z', state: 'idle' }
const ndjson = (...lines: string[]) => lines.join('\n')

/** The AppError decodeBody throws, checked for its code and HTTP status. */
function refusal(body: string | Buffer | undefined, contentType: string | undefined, code: string, status: number): AppError {
  try {
    decodeBody(body, contentType)
  } catch (err) {
    assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`)
    assert.equal(err.code, code)
    assert.equal(httpStatus(err), status)
    return err
  }
  assert.fail(`expected decodeBody to throw ${code}`)
}

describe('decodeBody: JSON', () => {
  it('reads a single object as one item', () => {
    assert.deepEqual(decodeBody(JSON.stringify(A), 'application/json'), { items: [A], errors: [] })
  })

  it('reads an array as its items, in order', () => {
    assert.deepEqual(decodeBody(JSON.stringify([A, B]), 'application/json'), { items: [A, B], errors: [] })
  })

  it('reads a Buffer as UTF-8 and ignores the charset parameter and the case of the type', () => {
    const withUnicode = { ...A, alarm: 'Spindelüberlast' }
    assert.deepEqual(decodeBody(Buffer.from(JSON.stringify(withUnicode)), 'Application/JSON; charset=UTF-8'), { items: [withUnicode], errors: [] })
  })

  it('accepts JSON sent as application/x-www-form-urlencoded, as curl -d does', () => {
    assert.deepEqual(decodeBody(JSON.stringify(A), 'application/x-www-form-urlencoded'), { items: [A], errors: [] })
    assert.deepEqual(decodeBody(JSON.stringify([A, B]), 'application/x-www-form-urlencoded'), { items: [A, B], errors: [] })
  })

  it('accepts JSON with no content type', () => {
    assert.deepEqual(decodeBody(JSON.stringify(A), undefined), { items: [A], errors: [] })
    assert.deepEqual(decodeBody(JSON.stringify(A), ''), { items: [A], errors: [] })
  })

  it('accepts JSON mislabelled as text/plain', () => {
    assert.deepEqual(decodeBody(JSON.stringify(A), 'text/plain'), { items: [A], errors: [] })
  })

  it('passes a JSON value that is not an object through as one item, for validation to reject', () => {
    assert.deepEqual(decodeBody('42', 'application/json'), { items: [42], errors: [] })
    assert.deepEqual(decodeBody('null', 'application/json'), { items: [null], errors: [] })
  })
})

describe('decodeBody: NDJSON', () => {
  it('reads one item per line for application/x-ndjson', () => {
    const body = ndjson(JSON.stringify(A), JSON.stringify(B))
    assert.deepEqual(decodeBody(body, 'application/x-ndjson'), { items: [A, B], errors: [] })
  })

  it('also reads application/ndjson with a charset', () => {
    const body = ndjson(JSON.stringify(A), JSON.stringify(B))
    assert.deepEqual(decodeBody(body, 'application/ndjson; charset=utf-8'), { items: [A, B], errors: [] })
  })

  it('skips blank and whitespace-only lines without counting them as items', () => {
    const body = ndjson('', JSON.stringify(A), '', '   \t', JSON.stringify(B), '')
    assert.deepEqual(decodeBody(body, 'application/x-ndjson'), { items: [A, B], errors: [] })
  })

  it('reads CRLF line endings', () => {
    const body = `${JSON.stringify(A)}\r\n${JSON.stringify(B)}\r\n`
    assert.deepEqual(decodeBody(body, 'application/x-ndjson'), { items: [A, B], errors: [] })
  })

  it('reports a bad line with its item index and line number while the other lines decode', () => {
    // Line 2 is blank, so the bad line 3 is item 1.
    const body = ndjson(JSON.stringify(A), '', '{"machine_id":', JSON.stringify(B))
    const r = decodeBody(body, 'application/x-ndjson')
    assert.deepEqual(r.items, [A, undefined, B])
    assert.equal(r.errors.length, 1)
    assert.equal(r.errors[0]?.index, 1)
    assert.equal(r.errors[0]?.field, '')
    assert.match(r.errors[0]?.reason ?? '', /^line 3 is not valid JSON: /)
  })

  it('reports every bad line, each with its own index and line number', () => {
    const body = ndjson('oops', JSON.stringify(A), '', '{bad}')
    const r = decodeBody(body, 'application/x-ndjson')
    assert.deepEqual(r.items, [undefined, A, undefined])
    assert.deepEqual(r.errors.map((e) => [e.index, /^line (\d+) /.exec(e.reason)?.[1]]), [[0, '1'], [2, '4']])
  })

  it('accepts undeclared multi-line NDJSON', () => {
    const body = ndjson(JSON.stringify(A), JSON.stringify(B))
    assert.deepEqual(decodeBody(body, undefined), { items: [A, B], errors: [] })
    assert.deepEqual(decodeBody(body, 'application/x-www-form-urlencoded'), { items: [A, B], errors: [] })
  })

  it('reports a bad line of undeclared NDJSON as it does for declared NDJSON', () => {
    const r = decodeBody(ndjson(JSON.stringify(A), '{"rpm": }'), undefined)
    assert.deepEqual(r.items, [A, undefined])
    assert.equal(r.errors[0]?.index, 1)
    assert.match(r.errors[0]?.reason ?? '', /^line 2 is not valid JSON/)
  })

  it('reads application/json-seq records, which start with RS (RFC 7464)', () => {
    const body = `\x1e${JSON.stringify(A)}\n\x1e${JSON.stringify(B)}\n`
    assert.deepEqual(decodeBody(body, 'application/json-seq'), { items: [A, B], errors: [] })
  })
})

describe('decodeBody: refusals', () => {
  it('refuses malformed JSON declared application/json with invalid_json 400, giving line and column', () => {
    // The second comma on line 2 is position 9, column 8.
    const err = refusal('{\n"a": 1,,\n}', 'application/json', 'invalid_json', 400)
    assert.match(err.message, /^the body is not valid JSON: /)
    assert.match(err.message, /\(line 2, column 8\)/)
    assert.equal(err.details.length, 1)
  })

  it('refuses malformed JSON declared with a +json type or a charset the same way', () => {
    refusal('{"a": 1,}', 'application/problem+json', 'invalid_json', 400)
    const err = refusal('{"a": 1,}', 'application/json; charset=utf-8', 'invalid_json', 400)
    assert.match(err.message, /line 1, column 9/)
  })

  it('holds a body declared application/json to JSON, not NDJSON', () => {
    // The parser stops at the second object: the start of line 2.
    const err = refusal(ndjson(JSON.stringify(A), JSON.stringify(B)), 'application/json', 'invalid_json', 400)
    assert.match(err.message, /\(line 2, column 1\)/)
  })

  it('gives line and column for a truncated JSON body', () => {
    const err = refusal('[\n  {"a": 1},\n  {"a":', 'application/json', 'invalid_json', 400)
    assert.match(err.message, /line 3, column \d+/)
  })

  it('gives line and column for an unexpected token', () => {
    const err = refusal('{\n  "a": 1,\n  "b": tru\n}', 'application/json', 'invalid_json', 400)
    assert.match(err.message, /line 3, column \d+/)
  })

  it('refuses garbage declared text/plain with unsupported_media_type 415, naming the type and what to send', () => {
    const err = refusal('machine CNC-01 is running', 'text/plain', 'unsupported_media_type', 415)
    assert.match(err.message, /declared as text\/plain/)
    assert.match(err.message, /application\/json or application\/x-ndjson/)
  })

  it('refuses a real form body with 415', () => {
    refusal('machine_id=CNC-01&rpm=4500', 'application/x-www-form-urlencoded', 'unsupported_media_type', 415)
  })

  it('refuses undeclared garbage with 415, saying no content type was given', () => {
    const err = refusal('hello', undefined, 'unsupported_media_type', 415)
    assert.match(err.message, /no content type/)
  })

  it('refuses several lines whose first is not a JSON object with 415 rather than guessing NDJSON', () => {
    refusal(ndjson('hello', JSON.stringify(A)), 'text/plain', 'unsupported_media_type', 415)
  })

  it('refuses an empty or whitespace-only body with empty_body 400', () => {
    for (const body of ['', '   ', ' \n\t\r\n', Buffer.alloc(0), undefined]) {
      const err = refusal(body, 'application/json', 'empty_body', 400)
      assert.match(err.message, /empty/)
    }
    refusal('\n\n', 'application/x-ndjson', 'empty_body', 400)
    refusal(undefined, undefined, 'empty_body', 400)
  })
})

describe('decodeBody: encodings', () => {
  it('ignores a UTF-8 byte-order mark before the JSON', () => {
    assert.deepEqual(decodeBody(Buffer.from('\ufeff{"a":1}', 'utf8'), 'application/json').items, [{ a: 1 }])
  })
})

describe('decodeBody: repeated keys', () => {
  it('refuses a repeated key with duplicate_key 400 naming the key, its path, line, column and byte offset', () => {
    const err = refusal('{"machine_id":"D-2","machine_id":"D-3"}', 'application/json', 'duplicate_key', 400)
    assert.match(err.message, /the key "machine_id" appears twice, again at machine_id \(line 1, column 21, byte 20\)/)
    assert.deepEqual(err.details.map((d) => [d.index, d.field]), [[undefined, 'machine_id']])
  })

  it('refuses a repeated key at any depth, naming the item index and the path inside the item', () => {
    const err = refusal('[{"a":1},\n{"b":{"c":[{"d":1,"d":2}]}}]', 'application/json', 'duplicate_key', 400)
    assert.deepEqual(err.details.map((d) => [d.index, d.field]), [[1, 'b.c[0].d']])
    assert.match(err.message, /again at b\.c\[0\]\.d of item 1 \(line 2, column 19, byte 28\)/)
  })

  it('compares keys after unescaping: "a" and "\\u0061" are one key', () => {
    const err = refusal('{"a":1,"\\u0061":2}', 'application/json', 'duplicate_key', 400)
    assert.match(err.message, /the key "a" appears twice/)
    refusal('{"a\\"":1,"a\\u0022":2}', 'application/json', 'duplicate_key', 400)
  })

  it('accepts keys that only look alike, and the same key in different objects', () => {
    for (const body of ['{"a":1,"A":2,"a ":3,"\\u0062":4}', '[{"a":1},{"a":2}]', '{"a":{"a":1},"b":[{"a":1},{"a":2}]}', '{"a\\\\":1,"a":2}', '{"x":"a\\":1,\\"a"}']) {
      assert.deepEqual(decodeBody(body, 'application/json').errors, [], body)
    }
  })

  it('counts the byte offset in UTF-8 bytes, after a byte-order mark and multi-byte characters', () => {
    const err = refusal(Buffer.from('\ufeff{"ü":1,"x":1,"x":2}', 'utf8'), 'application/json', 'duplicate_key', 400)
    // Column 14 counts characters after the BOM; bytes count the BOM's 3 and ü's 2.
    assert.match(err.message, /\(line 1, column 14, byte 17\)/)
  })

  it('refuses a repeated key in undeclared JSON as such, not as an unknown media type', () => {
    refusal('{"machine_id":"D-2","machine_id":"D-3"}', undefined, 'duplicate_key', 400)
    refusal('{"machine_id":"D-2","machine_id":"D-3"}', 'application/x-www-form-urlencoded', 'duplicate_key', 400)
  })

  it('reports a repeated key in NDJSON as that line\'s error while the other lines decode', () => {
    const body = ndjson(JSON.stringify(A), '{"machine_id":"D-2","rpm":1,"machine_id":"D-3"}', JSON.stringify(B))
    const r = decodeBody(body, 'application/x-ndjson')
    assert.deepEqual(r.items, [A, undefined, B])
    assert.equal(r.errors.length, 1)
    assert.equal(r.errors[0]?.index, 1)
    assert.equal(r.errors[0]?.field, 'machine_id')
    const offset = JSON.stringify(A).length + 1 + '{"machine_id":"D-2","rpm":1,'.length
    assert.match(r.errors[0]?.reason ?? '', new RegExp(`^line 2 repeats a key: the key "machine_id" appears twice, again at machine_id \\(line 2, column 29, byte ${offset}\\)`))
  })
})

describe('decodeBody: UTF-8', () => {
  it('refuses bytes that are not UTF-8 with invalid_utf8 400 naming the byte offset, instead of storing U+FFFD', () => {
    const body = Buffer.concat([Buffer.from('{"machine_id":"CNC-01","alarm":"'), Buffer.from([0xff]), Buffer.from('"}')])
    const err = refusal(body, 'application/json', 'invalid_utf8', 400)
    assert.equal(err.message, 'the body is not valid UTF-8 at byte 32; send it encoded as UTF-8')
  })

  it('refuses only the NDJSON line that is not UTF-8, naming its byte offset in the body, and decodes the others', () => {
    const bad = Buffer.concat([Buffer.from('{"alarm":"Spindel'), Buffer.from([0xfc]), Buffer.from('berlast"}')])
    const dup = '{"a":1,"a":2}'
    const body = Buffer.concat([Buffer.from(`\ufeff${JSON.stringify(A)}\n`), bad, Buffer.from(`\r\n${dup}\n\n${JSON.stringify(B)}\n`)])
    const r = decodeBody(body, 'application/x-ndjson')
    assert.deepEqual(r.items, [A, undefined, undefined, B])
    const aEnd = 3 + JSON.stringify(A).length + 1
    assert.deepEqual(r.errors.map((e) => [e.index, e.reason.replace(/: the key.*\(/, ' (')]), [
      [1, `line 2 is not valid UTF-8 at byte ${aEnd + 17}`],
      // The repeated key's byte offset counts the bad line's bytes as sent.
      [2, `line 3 repeats a key (line 3, column 8, byte ${aEnd + bad.length + 2 + 7})`],
    ])
  })

  it('refuses a JSON body with bytes that are not UTF-8 as a whole', () => {
    const body = Buffer.concat([Buffer.from('[{"a":1},\n{"b":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]')])
    const err = refusal(body, 'application/json', 'invalid_utf8', 400)
    assert.match(err.message, /at byte 16;/)
    refusal(body, undefined, 'invalid_utf8', 400)
  })
})

describe('decodeBody: depth', () => {
  it('answers a body nested deeper than the stack allows with 400, not a crash', () => {
    const deep = '['.repeat(200_000)
    refusal(deep, 'application/json', 'invalid_json', 400)
    assert.deepEqual(decodeBody(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'application/json').errors, [])
  })
})
