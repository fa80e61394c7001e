import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { TEMPLATE_FIELDS, checkTemplate, defaultMessage, renderTemplate } from './messageTemplate.js'

describe('message templates', () => {
  it("renders the seed's Portuguese message with whole minutes", () => {
    const template = '🔴 {machine_id} parada há {duration_min} min'
    assert.deepEqual(checkTemplate(template), [])
    assert.equal(renderTemplate(template, { machine_id: 'CNC-001', duration_min: 12.9 }), '🔴 CNC-001 parada há 12 min')
    assert.equal(renderTemplate(template, { machine_id: 'CNC-001', duration_min: 10 }), '🔴 CNC-001 parada há 10 min')
  })

  it('rounds seconds, keeps two decimals of other numbers, and shows ? for a value not known', () => {
    assert.equal(
      renderTemplate('{rpm} rpm, {feed_mm_min} mm/min, {duration_seconds} s, {program}, {alarm}', { rpm: 12000.456, feed_mm_min: 1500, duration_seconds: 601.6, program: 'O1234' }),
      '12000.46 rpm, 1500 mm/min, 602 s, O1234, ?',
    )
  })

  it('writes {{ and }} as literal braces', () => {
    assert.deepEqual(checkTemplate('{{not a placeholder}} {rule}'), [])
    assert.equal(renderTemplate('{{x}} {rule}', { rule: 'r' }), '{x} r')
  })

  it('refuses unknown placeholders with a suggestion, and unclosed braces', () => {
    assert.deepEqual(checkTemplate('{machine} {Rpm}'), ['unknown placeholder {machine}; did you mean {machine_id}?', 'unknown placeholder {Rpm}; did you mean {rpm}?'])
    assert.deepEqual(checkTemplate('{foo}'), [`unknown placeholder {foo}; the placeholders are ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}`])
    assert.deepEqual(checkTemplate('parada {machine_id'), ["'{' at character 8 is not closed; write {{ for a literal brace"])
    assert.deepEqual(checkTemplate('{a b}'), ['{a b} is not a placeholder; placeholders are names like {machine_id} (write {{ for a literal brace)'])
  })

  it('offers a default text naming the rule, the machine and how long, with the description', () => {
    const firing = defaultMessage({ name: 'spindle_overspeed', description: 'Above {rating}' }, 'firing')
    assert.deepEqual(checkTemplate(firing), [])
    assert.equal(
      renderTemplate(firing, { rule: 'spindle_overspeed', severity: 'warning', machine_id: 'CNC-002', state: 'running', duration_min: 3.5 }),
      '[warning] spindle_overspeed on CNC-002: running for 3 min — Above {rating}',
    )
    assert.equal(renderTemplate(defaultMessage({ name: 'x' }, 'resolved'), { rule: 'x', machine_id: 'CNC-002' }), '[resolved] x on CNC-002')
  })
})
