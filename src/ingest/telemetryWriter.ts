// Writes a batch of validated samples in one transaction: links each sample to the one
// before it (held state and span), inserts idempotently, repairs the span of the sample a
// late arrival cuts in two, and moves the machine registry forward.
//
// The latest point of every machine is kept in memory, so that in-order samples (nearly all
// of them) need no read. This assumes one writer per database: several ingest nodes would
// need to lock the machine rows instead (see DESIGN.md, "Scaling past one machine").
import type { Clock } from '../domain/clock.js'
import { type ChainPoint, type HeldSpan, linkChain, spanSince, stateAt } from '../domain/heldState.js'
import type { Sample } from '../domain/sample.js'
import type { Db, Queryable } from '../store/db.js'
import {
  type MachineTail, type StoredRow, insertTelemetry, loadMachineTails, pointBefore, pointsAround,
  recordMachineTails, sampleKey, updateSpans,
} from '../store/telemetry.js'

export class TelemetryWriter {
  private readonly tails = new Map<string, ChainPoint>()

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly maxGapMs: number,
  ) {}

  async init(): Promise<void> {
    for (const tail of await loadMachineTails(this.db)) this.tails.set(tail.machineId, { ts: tail.ts, state: tail.state })
  }

  /** `samples` must have unique (machine_id, ts) keys. Returns the keys that were new. */
  async write(samples: readonly Sample[]): Promise<Set<string>> {
    const byMachine = new Map<string, Sample[]>()
    for (const s of samples) {
      const list = byMachine.get(s.machine_id)
      if (list) list.push(s)
      else byMachine.set(s.machine_id, [s])
    }
    const newTails = new Map<string, ChainPoint>()
    const inserted = await this.db.transaction(async (tx) => {
      const rows: StoredRow[] = []
      const machineTails: MachineTail[] = []
      for (const [machineId, list] of byMachine) {
        list.sort((a, b) => a.ts - b.ts)
        const tail = this.tails.get(machineId)
        const firstFresh = tail ? list.findIndex((s) => s.ts > tail.ts) : 0
        const late = firstFresh === -1 ? list : list.slice(0, firstFresh)
        const fresh = firstFresh === -1 ? [] : list.slice(firstFresh)
        if (late.length > 0) {
          rows.push(...(await this.linkLate(tx, machineId, late)))
          // Marks the machine as heard from; its latest sample stays the newer stored one.
          const newest = late[late.length - 1] as Sample
          if (fresh.length === 0) machineTails.push({ machineId, lastTs: newest.ts, state: null, lastSample: newest })
        }
        if (fresh.length > 0) {
          const { spans, last } = linkChain(tail, fresh, this.maxGapMs)
          fresh.forEach((sample, i) => rows.push({ sample, span: spans[i] as HeldSpan }))
          if (last) {
            newTails.set(machineId, last)
            machineTails.push({ machineId, lastTs: last.ts, state: last.state, lastSample: fresh[fresh.length - 1] as Sample })
          }
        }
      }
      const keys = await insertTelemetry(tx, rows)
      await recordMachineTails(tx, machineTails, this.clock.now())
      return keys
    })
    for (const [machineId, tail] of newTails) this.tails.set(machineId, tail)
    return inserted
  }

  /**
   * Samples older than the machine's latest: read the stored neighbours, link the merged
   * sequence, and correct the spans of stored samples that now follow a new one.
   */
  private async linkLate(tx: Queryable, machineId: string, late: readonly Sample[]): Promise<StoredRow[]> {
    const first = late[0] as Sample
    const last = late[late.length - 1] as Sample
    const before = await pointBefore(tx, machineId, first.ts)
    const stored = await pointsAround(tx, machineId, first.ts, last.ts)
    const storedTs = new Set(stored.map((p) => p.ts))

    type Entry = { ts: number; sample?: Sample; stored?: (typeof stored)[number] }
    const merged: Entry[] = [
      ...stored.map((p) => ({ ts: p.ts, stored: p })),
      ...late.filter((s) => !storedTs.has(s.ts)).map((s) => ({ ts: s.ts, sample: s })),
    ].sort((a, b) => a.ts - b.ts)

    let prev: ChainPoint | undefined = before ? { ts: before.ts, state: knownState(before) } : undefined
    const rows: StoredRow[] = []
    const fixes: { ts: number; span: HeldSpan }[] = []
    for (const entry of merged) {
      const span = spanSince(prev, entry.ts, this.maxGapMs)
      if (entry.sample) {
        rows.push({ sample: entry.sample, span })
        prev = { ts: entry.ts, state: stateAt(entry.sample.state, prev, entry.ts, this.maxGapMs) }
      } else if (entry.stored) {
        const old = entry.stored
        if (old.held_state !== span.held_state || !sameSeconds(old.held_s, span.held_s)) fixes.push({ ts: entry.ts, span })
        prev = { ts: entry.ts, state: stateAt(old.state, prev, entry.ts, this.maxGapMs) }
      }
    }
    await updateSpans(tx, machineId, fixes)
    // Duplicates of stored samples are passed on too: the insert skips them and counts them.
    for (const s of late) if (storedTs.has(s.ts)) rows.push({ sample: s, span: { held_state: null, held_s: null } })
    return rows
  }

  static key(sample: Sample): string {
    return sampleKey(sample.machine_id, sample.ts)
  }
}

function knownState(point: { state: ChainPoint['state']; held_state: ChainPoint['state']; held_s: number | null }): ChainPoint['state'] {
  return point.state ?? (point.held_s !== null ? point.held_state : null)
}

function sameSeconds(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b
  return Math.abs(a - b) < 0.01 // held_s is a float4
}
