import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { attrs, element, escapeAttr, escapeText } from './xmlText.js'
import { observationElementName } from './deviceModel.js'
import { parseDataSet } from './documents.js'

describe('XML text', () => {
  it('escapes markup in text and quotes and line breaks in attributes', () => {
    assert.equal(escapeText('a < b && c > d "q"'), 'a &lt; b &amp;&amp; c &gt; d "q"')
    assert.equal(escapeAttr(`say "hi" & 'bye'\n`), 'say &quot;hi&quot; &amp; &apos;bye&apos;&#10;')
  })

  it('drops control characters XML 1.0 cannot carry', () => {
    assert.equal(escapeText('O1234\u0000\u0007 PART'), 'O1234 PART')
  })

  it('sorts attributes alphabetically unless told to keep their order, and omits undefined ones', () => {
    assert.equal(attrs({ timestamp: 't', dataItemId: 'x', name: undefined, sequence: 3 }), ' dataItemId="x" sequence="3" timestamp="t"')
    assert.equal(attrs({ b: '1', a: '2' }, 'asGiven'), ' b="1" a="2"')
  })

  it('writes an element without content self-closing', () => {
    assert.equal(element('ProgramHeader', { dataItemId: 'p' }, ''), '<ProgramHeader dataItemId="p"/>')
    assert.equal(element('Program', { dataItemId: 'p' }, 'O1&amp;'), '<Program dataItemId="p">O1&amp;</Program>')
  })

  it('names observation elements after the data item type as cppagent does', () => {
    assert.equal(observationElementName({ type: 'PATH_FEEDRATE' }), 'PathFeedrate')
    assert.equal(observationElementName({ type: 'ROTARY_VELOCITY' }), 'RotaryVelocity')
    assert.equal(observationElementName({ type: 'e:VARIABLES' }), 'Variables')
    assert.equal(observationElementName({ type: 'ASSET_COUNT', representation: 'DATA_SET' }), 'AssetCountDataSet')
    assert.equal(observationElementName({ type: 'MTCONNECT_VERSION' }), 'MTConnectVersion')
    assert.equal(observationElementName({ type: 'ADAPTER_URI' }), 'AdapterURI')
  })

  it('reads SHDR data-set values into entries', () => {
    assert.deepEqual(parseDataSet('a=1 b=two  c'), [['a', '1'], ['b', 'two']])
  })
})
