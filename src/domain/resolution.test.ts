import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { MAX_POINTS, bucketCount, chooseResolution } from './resolution.js'

const H = 3_600_000
const D = 24 * H
const T0 = Date.parse('2026-06-01T00:00:00Z')

describe('resolution', () => {
  it('counts partial buckets at both ends', () => {
    assert.equal(bucketCount(T0, T0 + H, H), 1)
    assert.equal(bucketCount(T0 + 1, T0 + H + 1, H), 2)
    assert.equal(bucketCount(T0, T0 + D, 300_000), 288)
  })

  it('reads raw samples while there are at most 2000', () => {
    assert.equal(chooseResolution(T0, T0 + 30 * D, MAX_POINTS), 'raw')
  })

  it('picks 5-minute buckets for a busy day, hours for 7 and 30 days, days for a year', () => {
    assert.equal(chooseResolution(T0, T0 + D, MAX_POINTS + 1), '5m')
    assert.equal(chooseResolution(T0, T0 + 7 * D, MAX_POINTS + 1), '1h', '7 days are 2016 five-minute buckets, over the limit')
    assert.equal(chooseResolution(T0, T0 + 30 * D, MAX_POINTS + 1), '1h')
    assert.equal(chooseResolution(T0, T0 + 365 * D, MAX_POINTS + 1), '1d')
  })
})
