import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type YAMLMap, isMap } from 'yaml'
import { ConfigError, formatConfigProblem } from './configError.js'
import { YamlDocument } from './yamlDocument.js'

function mapOf(doc: YamlDocument): YAMLMap {
  assert.ok(isMap(doc.root))
  return doc.root
}

const written = (doc: YamlDocument) => doc.problems.map(formatConfigProblem)

describe('YamlDocument', () => {
  it('refuses text that is not YAML with a ConfigError naming file and line', () => {
    assert.throws(() => new YamlDocument('a: 1\nb: [\n', 'x.yaml'), (err: Error) => err instanceof ConfigError && /^x\.yaml:\d+: \(syntax\): /.test(err.message))
    assert.throws(() => new YamlDocument('a: 1\na: 2\n', 'x.yaml'), (err: Error) => err instanceof ConfigError && err.message.startsWith('x.yaml:2: (syntax): Map keys must be unique'))
    assert.throws(
      () => new YamlDocument('a: 1\na: 2\n', 'x.yaml', { syntaxReason: (r) => `${r.replace(/ at line.*$/, '')}; keep one` }),
      (err: Error) => err instanceof ConfigError && err.message === 'x.yaml:2: (syntax): Map keys must be unique; keep one',
    )
  })

  it('reads an empty file as no value, and nothing, ~ or null as no value in either schema', () => {
    assert.equal(new YamlDocument('', 'x.yaml').root, undefined)
    assert.equal(new YamlDocument('# only a comment\n', 'x.yaml').root, undefined)
    for (const schema of ['core', 'failsafe'] as const) {
      const doc = new YamlDocument('a:\nb: ~\nc: null\nd: ""\ne: "null"\n', 'x.yaml', { schema })
      const map = mapOf(doc)
      assert.deepEqual(['a', 'b', 'c'].map((k) => doc.get(map, k)), [undefined, undefined, undefined], schema)
      assert.deepEqual(['d', 'e'].map((k) => doc.text(map, k, k, { allowEmpty: true })), ['', 'null'], `${schema}: quoted text is text`)
    }
  })

  it('reads an alias as the value it names', () => {
    const doc = new YamlDocument('base: &url http://h:1\nother: *url\nlist: [*url]\n', 'x.yaml')
    const map = mapOf(doc)
    assert.equal(doc.text(map, 'other', 'other'), 'http://h:1')
    assert.deepEqual(doc.list(map, 'list', 'list').map(([n, at]) => [doc.scalarText(n, at), at]), [['http://h:1', 'list[0]']])
  })

  it('reports unknown keys with the closest accepted one when it looks like a typo, in the words asked for', () => {
    const doc = new YamlDocument('name: a\nvendr: b\ncolour: c\nold: d\n', 'x.yaml')
    const map = mapOf(doc)
    doc.onlyKeys(map, 'm[0]', ['name', 'vendor'], { ignore: ['old'] })
    assert.deepEqual(written(doc), [
      "x.yaml:2: m[0].vendr: unknown field; did you mean 'vendor'? accepted: name, vendor",
      'x.yaml:3: m[0].colour: unknown field; accepted: name, vendor',
    ])
    assert.deepEqual(doc.unknownKeys(map, ['name', 'vendor', 'old'], { unknown: (k) => `unknown key '${k}'`, accepted: 'expected name or vendor' }).map((u) => u.reason), [
      "unknown key 'vendr'; did you mean 'vendor'? expected name or vendor",
      "unknown key 'colour'; expected name or vendor",
    ])
  })

  it('reads typed fields, naming the field and the line of each one that is wrong', () => {
    const doc = new YamlDocument('t: [x]\ne: " "\nn: -1\ns: 0\nb: yes\nl: 3\nok: 42\n', 'x.yaml')
    const map = mapOf(doc)
    assert.equal(doc.text(map, 't', 't'), undefined)
    assert.equal(doc.text(map, 'e', 'e'), undefined)
    assert.equal(doc.text(map, 'missing', 'missing', { required: true }), undefined)
    assert.equal(doc.number(map, 'n', 'n', { min: 0 }), undefined)
    assert.equal(doc.number(map, 's', 's', { min: 0, exclusive: true, unit: 'seconds' }), undefined)
    assert.equal(doc.bool(map, 'b', 'b'), undefined)
    assert.deepEqual(doc.list(map, 'l', 'l'), [])
    assert.equal(doc.text(map, 'ok', 'ok'), '42', 'a number is text too')
    assert.equal(doc.number(map, 'ok', 'ok', { min: 0 }), 42)
    assert.deepEqual(written(doc), [
      'x.yaml:1: t: must be text',
      'x.yaml:2: e: must not be empty',
      'x.yaml:1: missing: is required',
      'x.yaml:3: n: must be a number of at least 0',
      'x.yaml:4: s: must be a number of seconds above 0',
      'x.yaml:5: b: must be true or false',
      'x.yaml:6: l: must be a list',
    ])
  })

  it('writes a problem in a rule with the rule before the field, and sorts the problems by line', () => {
    const err = new ConfigError([
      { file: 'alerts.yaml', line: 9, rule: 'stopped', field: 'severity', reason: 'is wrong' },
      { file: 'alerts.yaml', line: 2, field: '(syntax)', reason: 'is broken' },
    ])
    assert.equal(err.message, 'alerts.yaml:2: (syntax): is broken\nalerts.yaml:9: rule stopped: severity: is wrong')
    assert.equal(err.code, 'config_invalid')
  })
})
