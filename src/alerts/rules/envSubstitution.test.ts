import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { substituteEnv } from './envSubstitution.js'

describe('substituteEnv', () => {
  it('replaces each ${NAME} from the env object given', () => {
    assert.deepEqual(substituteEnv('${A}/x/${B_2}', { A: 'http://h', B_2: 'y' }), { value: 'http://h/x/y', problems: [] })
    assert.deepEqual(substituteEnv('no variables $A {A}', {}), { value: 'no variables $A {A}', problems: [] })
  })

  it('names each variable that is not set or empty', () => {
    assert.deepEqual(substituteEnv('${A}${B}${C}', { B: '', C: 'c' }).problems, ['environment variable A is not set', 'environment variable B is empty'])
  })

  it('uses the fallback of ${NAME:-fallback} when NAME is unset or empty', () => {
    assert.equal(substituteEnv('${A:-http://127.0.0.1:9000}', {}).value, 'http://127.0.0.1:9000')
    assert.equal(substituteEnv('${A:-}', { A: '' }).value, '')
    assert.equal(substituteEnv('${A:-x}', { A: 'set' }).value, 'set')
  })

  it('writes $${ as a literal ${', () => {
    assert.deepEqual(substituteEnv('$${A} and ${A}', { A: 'a' }), { value: '${A} and a', problems: [] })
  })

  it('refuses a malformed reference', () => {
    assert.deepEqual(substituteEnv('${A-B}', {}).problems, ['${A-B} does not name an environment variable (letters, digits and _); write $${ for a literal ${'])
    assert.deepEqual(substituteEnv('x ${A', {}).problems, ["'${' is not closed; write ${NAME} for an environment variable, or $${ for a literal ${"])
  })

  it('does not read inherited properties as variables', () => {
    assert.deepEqual(substituteEnv('${constructor}', {}).problems, ['environment variable constructor is not set'])
  })
})
