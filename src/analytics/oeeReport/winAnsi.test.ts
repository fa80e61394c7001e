import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toWinAnsi } from './winAnsi.js'

describe('toWinAnsi', () => {
  it('keeps what the standard PDF fonts can draw, × and the cp1252 extras included', () => {
    for (const text of ['A×Q (partial)', 'Fräse Réalmeca Straße', '€ – — … ‘’ “” • ™ Œ š', '85,3\u00a0%']) assert.equal(toWinAnsi(text), text)
  })

  it('maps what Intl emits outside WinAnsi: narrow no-break space, minus sign, bidi marks', () => {
    assert.equal(toWinAnsi('1\u202f234,5\u00a0%'), '1\u00a0234,5\u00a0%')
    assert.equal(toWinAnsi('\u22121\u2009234'), '-1 234')
    assert.equal(toWinAnsi('85.3\u200e%\u200e'), '85.3%')
  })

  it('drops accents WinAnsi lacks and replaces what it cannot approximate with one ? per character', () => {
    assert.equal(toWinAnsi('Łódź Ősz Şişli'), 'Lódz Osz Sisli')
    assert.equal(toWinAnsi('Станок 16К20'), '?????? 16?20')
    assert.equal(toWinAnsi('機械 🔧'), '?? ?')
    assert.equal(toWinAnsi('a\nb\u0085c'), 'a b c', 'controls, C1 included, become spaces (0x85 would draw "…")')
  })
})
