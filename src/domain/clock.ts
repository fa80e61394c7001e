// Time is passed in, never read ad hoc, so that tests control it.
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
