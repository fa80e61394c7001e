import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dataItemByKey } from './deviceModel.js'
import { deviceModelFromXml } from './devicesXml.js'
import { parseShdr, parseShdrTimestamp, readShdrFields, replayOffsets } from './shdr.js'
import { nativeToUnits } from './unitConversion.js'

// The shared sample data beside the checkout (this file runs from dist/src/sim/mtconnect/).
const sample = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../../shared/samples/mtconnect/${name}`, import.meta.url)), 'utf8')
const okuma = () => deviceModelFromXml(sample('demo-Devices.xml'), 'OKUMA')

describe('SHDR', () => {
  it('reads timestamps with 7 fraction digits, without a zone (UTC, not local), and with a duration', () => {
    assert.equal(parseShdrTimestamp('2022-08-08T13:51:34.7167146Z'), Date.parse('2022-08-08T13:51:34.716Z'))
    assert.equal(parseShdrTimestamp('2022-08-08T13:51:34.7167146'), Date.parse('2022-08-08T13:51:34.716Z'))
    assert.equal(parseShdrTimestamp('2022-08-08T13:51:34Z@10.5'), Date.parse('2022-08-08T13:51:34Z'))
    assert.equal(parseShdrTimestamp('avail'), undefined)
  })

  it('skips asset commands with their multiline bodies and protocol lines', () => {
    const text = [
      '2022-08-08T10:00:00Z|avail|AVAILABLE',
      '2022-08-08T10:00:00Z|@ASSET@|T1|CuttingTool|--multiline--ABCD',
      '<CuttingTool>',
      '|fake|line',
      '--multiline--ABCD',
      '* PONG 10000',
      '',
      '2022-08-08T10:00:01Z|@REMOVE_ASSET@|T1',
      '2022-08-08T10:00:02Z|pexecution|ACTIVE|ppartcount|3',
    ].join('\n')
    const parsed = parseShdr(text)
    assert.deepEqual(parsed.lines.map((l) => [l.lineNumber, l.fields]), [[1, ['avail', 'AVAILABLE']], [9, ['pexecution', 'ACTIVE', 'ppartcount', '3']]])
  })

  it('reads keys by id or name, conditions with their six fields, and reports unknown keys', () => {
    const lookup = dataItemByKey(okuma())
    const r = readShdrFields(['system', 'FAULT', '1010', '2', 'HIGH', 'SPINDLE OVERLOAD', 'Lpexecution', 'ACTIVE', 'NoSuchKey', 'x', 'p1Fact', '63.625'], lookup)
    assert.deepEqual(r.observations, [
      { dataItemId: 'Lsystem', value: 'SPINDLE OVERLOAD', level: 'FAULT', nativeCode: '1010', nativeSeverity: '2', qualifier: 'HIGH' },
      { dataItemId: 'Lpexecution', value: 'ACTIVE' },
      { dataItemId: 'Lp1Fact', value: '63.625' },
    ])
    assert.deepEqual(r.unknownKeys, ['NoSuchKey'])
    assert.deepEqual(readShdrFields(['system', 'normal', '', '', '', ''], lookup).observations, [{ dataItemId: 'Lsystem', value: '', level: 'NORMAL' }])
  })

  it('plays time forward only: small steps back at once, long pauses shortened, a restarted session continues', () => {
    const at = (s: number) => ({ lineNumber: 0, recordedAt: s * 1000, fields: [] })
    const lines = [at(100), at(101), at(100.9), at(102), at(200), at(50), at(51), { lineNumber: 0, recordedAt: undefined, fields: [] }]
    assert.deepEqual(replayOffsets(lines, 10_000), [0, 1000, 1000, 2000, 12_000, 12_000, 13_000, 13_000])
  })

  it('parses the captured Okuma recording against the OKUMA device of demo-Devices.xml', () => {
    const model = okuma()
    const lookup = dataItemByKey(model)
    const parsed = parseShdr(sample('okuma-2022-08-08.shdr'))
    assert.ok(parsed.lines.length > 10_000)
    const unknown = new Set(parsed.lines.flatMap((l) => readShdrFields(l.fields, lookup).unknownKeys))
    assert.deepEqual([...unknown], ['ApplicationInstallDate'])
    assert.ok(parsed.lines.every((l) => l.recordedAt !== undefined))
  })
})

describe('unit conversion', () => {
  it('converts per-minute native units to MTConnect per-second units with 15 significant digits', () => {
    const convert = nativeToUnits({ units: 'MILLIMETER/SECOND', nativeUnits: 'MILLIMETER/MINUTE' })
    assert.equal(convert?.('63.625'), '1.06041666666667')
    assert.equal(convert?.('0'), '0')
    assert.equal(nativeToUnits({ units: 'MILLIMETER', nativeUnits: 'INCH' })?.('1 2 x'), '25.4 50.8 x')
    assert.equal(nativeToUnits({ units: 'REVOLUTION/MINUTE', nativeUnits: 'REVOLUTION/MINUTE' }), undefined)
    assert.equal(nativeToUnits({ units: 'MILLIMETER', nativeUnits: 'MILLIMETER', nativeScale: 10 })?.('25'), '2.5')
  })
})
