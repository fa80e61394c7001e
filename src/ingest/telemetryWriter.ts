// Writes a batch of validated samples in one transaction: links each sample to the one
// before it (held state and span), inserts idempotently, repairs the span of the sample a
// late arrival cuts in two, records the change points OEE reads (domain/changePoints.ts),
// and moves each machine's status forward (domain/machineStatus.ts: stored here, with the
// samples, and handed to the fleet once committed).
//
// The latest point of every machine's held-state chain is kept in memory, so that in-order
// samples (nearly all of them) need no read. This assumes one writer per database: several ingest nodes would
// need to lock the machine rows instead (see DESIGN.md, "Scaling past one machine").
import { type ChangeCarry, type ChangeInput, type ChangePoint, NO_CARRY, changePoints } from '../domain/changePoints.js'
import type { Clock } from '../domain/clock.js'
import { type ChainPoint, type HeldSpan, knownState, linkChain, spanSince, stateAt } from '../domain/heldState.js'
import { type MachineStatus, type MachineStatuses, applySample, emptyStatus } from '../domain/machineStatus.js'
import type { CollectorPosition } from '../domain/collectorPosition.js'
import type { Sample } from '../domain/sample.js'
import { saveCollectorPositions } from '../store/collectorPositions.js'
import type { Db, Queryable } from '../store/db.js'
import {
  type StoredRow, insertTelemetry, loadChainTails, pointBefore, pointsAround, recordMachineStatuses, sampleKey, updateSpans,
} from '../store/telemetry.js'
import { insertChanges, loadCarries, rebuildChanges } from '../store/telemetryChanges.js'

export class TelemetryWriter {
  private readonly tails = new Map<string, ChainPoint>()
  private carries = new Map<string, ChangeCarry>()

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly maxGapMs: number,
    private readonly statuses: MachineStatuses,
  ) {}

  async init(): Promise<void> {
    for (const tail of await loadChainTails(this.db)) this.tails.set(tail.machineId, { ts: tail.ts, state: tail.state })
    this.carries = await loadCarries(this.db)
  }

  /**
   * `samples` must have unique (machine_id, ts) keys; `positions` are saved in the same
   * transaction (a collector's position never runs ahead of its stored samples). Returns the
   * keys that were new.
   */
  async write(samples: readonly Sample[], positions: readonly CollectorPosition[] = []): Promise<Set<string>> {
    const byMachine = new Map<string, Sample[]>()
    for (const s of samples) {
      const list = byMachine.get(s.machine_id)
      if (list) list.push(s)
      else byMachine.set(s.machine_id, [s])
    }
    const newTails = new Map<string, ChainPoint>()
    const newCarries = new Map<string, ChangeCarry>()
    const seenAt = this.clock.now()
    const statuses: { status: MachineStatus; lastSample: Sample }[] = []
    const inserted = await this.db.transaction(async (tx) => {
      const rows: StoredRow[] = []
      const disturbed: { machineId: string; from: number; through: number; until: number }[] = []
      const fresh: { machineId: string; points: ChangeInput[] }[] = []
      for (const [machineId, list] of byMachine) {
        list.sort((a, b) => a.ts - b.ts)
        const tail = this.tails.get(machineId)
        const firstFresh = tail ? list.findIndex((s) => s.ts > tail.ts) : 0
        const late = firstFresh === -1 ? list : list.slice(0, firstFresh)
        const newer = firstFresh === -1 ? [] : list.slice(firstFresh)
        if (late.length > 0 && tail) {
          const linked = await this.linkLate(tx, machineId, late)
          rows.push(...linked.rows)
          disturbed.push({ machineId, from: (late[0] as Sample).ts, through: linked.through, until: tail.ts })
        }
        if (newer.length > 0) {
          const { spans, last } = linkChain(tail, newer, this.maxGapMs)
          const points = newer.map((sample, i) => ({ ts: sample.ts, span: spans[i] as HeldSpan, sample }))
          for (const p of points) rows.push({ sample: p.sample, span: p.span })
          fresh.push({ machineId, points })
          if (last) newTails.set(machineId, last)
        }
        // Late samples only mark the machine as heard from: its latest sample stays the newer stored one.
        const status = list.reduce((s, sample) => applySample(s, sample, seenAt), this.statuses.get(machineId) ?? emptyStatus(machineId))
        statuses.push({ status, lastSample: list[list.length - 1] as Sample })
      }
      const keys = await insertTelemetry(tx, rows)
      // Late samples first: where they change the carry up to the previous newest sample,
      // the new samples follow on from the rebuilt one.
      const carries = new Map<string, ChangeCarry>()
      for (const d of disturbed) {
        const rebuilt = await rebuildChanges(tx, d.machineId, d.from, d.through, d.until)
        if (rebuilt.reachedUntil) carries.set(d.machineId, { ...rebuilt.carry, prevTs: d.until })
      }
      const changes: { machineId: string; point: ChangePoint }[] = []
      for (const { machineId, points } of fresh) {
        const derived = changePoints(carries.get(machineId) ?? this.carries.get(machineId) ?? NO_CARRY, points)
        for (const point of derived.changes) changes.push({ machineId, point })
        carries.set(machineId, derived.carry)
      }
      await insertChanges(tx, changes)
      for (const [machineId, carry] of carries) newCarries.set(machineId, carry)
      await recordMachineStatuses(tx, statuses)
      const newest = new Map([...byMachine].map(([machineId, list]) => [machineId, (list[list.length - 1] as Sample).ts]))
      await saveCollectorPositions(tx, positions, newest, seenAt)
      return keys
    })
    for (const [machineId, tail] of newTails) this.tails.set(machineId, tail)
    for (const [machineId, carry] of newCarries) this.carries.set(machineId, carry)
    this.statuses.committed(statuses.map((s) => s.status))
    return inserted
  }

  /**
   * Samples older than the machine's latest: read the stored neighbours, link the merged
   * sequence, and correct the spans of stored samples that now follow a new one.
   */
  private async linkLate(tx: Queryable, machineId: string, late: readonly Sample[]): Promise<{ rows: StoredRow[]; through: number }> {
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
    // The last sample whose span may have changed: the first stored one after the late ones.
    return { rows, through: stored.reduce((max, p) => Math.max(max, p.ts), last.ts) }
  }

  static key(sample: Sample): string {
    return sampleKey(sample.machine_id, sample.ts)
  }
}

function sameSeconds(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b
  return Math.abs(a - b) < 0.01 // held_s is a float4
}
