// Where a collector stands in its source's sequence space: for MTConnect, the agent's
// instanceId and the next sequence to read. Stored with the samples read up to it (same
// transaction), so a restarted collector resumes there and loses nothing the source still holds.

export interface CollectorPosition {
  machine_id: string
  /** The source's instance (MTConnect instanceId): sequences of another instance mean nothing. */
  instance_id: string
  /** The first sequence not yet stored. */
  next_sequence: number
}

export interface StoredCollectorPosition extends CollectorPosition {
  /** Newest sample timestamp of the machine stored with a position (epoch ms), null if none. */
  last_sample_at: number | null
  updated_at: number
}
