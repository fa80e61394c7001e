// The agent's ring buffer of the last `capacity` observations, numbered in one sequence space
// for all devices (MTConnect Part 1, Buffer). It also keeps the latest value of every data item
// (for /current) and a checkpoint of the state just before the oldest buffered observation, so
// /current?at=N can be answered for any N still in the buffer, as cppagent does.
import { LatestValues, type Observation, type StoredObservation } from './observation.js'

export class ObservationBuffer {
  private readonly ring: (StoredObservation | undefined)[]
  private next = 1
  private readonly latestValues = new LatestValues()
  private checkpoint = new LatestValues()

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`buffer capacity must be a positive whole number, got ${capacity}`)
    this.ring = new Array<StoredObservation | undefined>(capacity)
  }

  /** Stores an observation and returns it with its sequence, or undefined when it repeats the latest value. */
  append(o: Observation): StoredObservation | undefined {
    if (this.latestValues.isDuplicate(o)) return undefined
    const stored: StoredObservation = { ...o, sequence: this.next }
    const slot = (this.next - 1) % this.capacity
    const evicted = this.ring[slot]
    if (evicted) this.checkpoint.apply(evicted)
    this.ring[slot] = stored
    this.next++
    this.latestValues.apply(stored)
    return stored
  }

  get nextSequence(): number {
    return this.next
  }

  get firstSequence(): number {
    return Math.max(1, this.next - this.capacity)
  }

  get lastSequence(): number {
    return this.next - 1
  }

  /** The observation with this sequence, if it is still buffered. */
  get(sequence: number): StoredObservation | undefined {
    if (sequence < this.firstSequence || sequence >= this.next) return undefined
    return this.ring[(sequence - 1) % this.capacity]
  }

  latest(): LatestValues {
    return this.latestValues
  }

  /** The state right after `sequence` (firstSequence - 1 ≤ sequence < nextSequence). */
  stateAt(sequence: number): LatestValues {
    const state = this.checkpoint.clone()
    for (let s = this.firstSequence; s <= sequence; s++) {
      const o = this.get(s)
      if (o) state.apply(o)
    }
    return state
  }
}
