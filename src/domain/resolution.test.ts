import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BUCKET_MS, MAX_POINTS, bucketCount, chooseResolution } from './resolution.js'

const M5 = 5 * 60_000
const H = 3_600_000
const D = 24 * H
// UTC midnight: aligned to 5-minute, hour and day buckets alike.
const T0 = Date.parse('2026-06-01T00:00:00Z')
const MANY = MAX_POINTS + 1

describe('bucketCount', () => {
  it('counts one bucket for a range that is exactly one aligned bucket', () => {
    assert.equal(bucketCount(T0, T0 + H, H), 1)
    assert.equal(bucketCount(T0, T0 + M5, M5), 1)
  })

  it('counts 288 five-minute buckets in an aligned day and 2016 in an aligned week', () => {
    assert.equal(bucketCount(T0, T0 + D, M5), 288)
    assert.equal(bucketCount(T0, T0 + 7 * D, M5), 2016)
    assert.equal(bucketCount(T0, T0 + 7 * D, H), 168)
  })

  it('counts the partial buckets at both ends of an unaligned range', () => {
    assert.equal(bucketCount(T0 + 1, T0 + H + 1, H), 2)
    assert.equal(bucketCount(T0 + 30 * 60_000, T0 + 2 * H + 30 * 60_000, H), 3)
  })

  it('does not count the bucket that starts exactly at the (exclusive) end', () => {
    assert.equal(bucketCount(T0 + 1, T0 + H, H), 1)
    assert.equal(bucketCount(T0, T0 + 2 * H, H), 2)
  })

  it('counts two buckets for a 2 ms range straddling a boundary, one for a range inside a bucket', () => {
    assert.equal(bucketCount(T0 + H - 1, T0 + H + 1, H), 2)
    assert.equal(bucketCount(T0 + 1, T0 + 2, H), 1)
  })

  it('counts no bucket for an empty aligned range', () => {
    assert.equal(bucketCount(T0, T0, H), 0)
  })

  it('counts no bucket for an empty unaligned range', () => {
    assert.equal(bucketCount(T0 + 1, T0 + 1, H), 0)
  })
})

describe('chooseResolution', () => {
  it('reads raw samples while there are at most 2000, whatever the range', () => {
    assert.equal(MAX_POINTS, 2000)
    assert.equal(chooseResolution(T0, T0 + D, 0), 'raw')
    assert.equal(chooseResolution(T0, T0 + 365 * D, MAX_POINTS), 'raw')
  })

  it('picks 5-minute buckets for one day with more than 2000 samples', () => {
    assert.equal(chooseResolution(T0, T0 + D, MANY), '5m')
    assert.equal(chooseResolution(T0 + 12 * H + 197_000, T0 + 36 * H + 197_000, MANY), '5m', 'unaligned day')
  })

  it('picks hours for 7 days, whose 2016 five-minute buckets exceed 2000', () => {
    assert.ok(bucketCount(T0, T0 + 7 * D, BUCKET_MS['5m']) > MAX_POINTS)
    assert.equal(chooseResolution(T0, T0 + 7 * D, MANY), '1h')
  })

  it('picks hours for 30 days', () => {
    assert.equal(chooseResolution(T0, T0 + 30 * D, MANY), '1h')
  })

  it('picks days for a year', () => {
    assert.equal(chooseResolution(T0, T0 + 365 * D, MANY), '1d')
  })

  it('keeps 5-minute buckets up to exactly 2000 of them and moves to hours at 2001', () => {
    assert.equal(chooseResolution(T0, T0 + 2000 * M5, MANY), '5m')
    assert.equal(chooseResolution(T0, T0 + 2000 * M5 + 1, MANY), '1h')
  })

  it('keeps hours up to exactly 2000 of them and moves to days at 2001', () => {
    assert.equal(chooseResolution(T0, T0 + 2000 * H, MANY), '1h')
    assert.equal(chooseResolution(T0, T0 + 2000 * H + 1, MANY), '1d')
  })
})
