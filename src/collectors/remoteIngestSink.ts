// The sink of a standalone collector (`cnc-telemetry collect --api-url`): samples, machine
// events and the machines' registry entries go to a remote server's HTTP API. A failure throws
// so that the collector keeps the samples and retries (writes are idempotent on machine + time).
import { Agent, request } from 'undici'
import type { CollectorPosition, StoredCollectorPosition } from '../domain/collectorPosition.js'
import type { MachineEvent } from '../domain/machineEvent.js'
import type { CollectedSample, SampleSink, SinkOutcome } from '../ingest/sampleSink.js'

export interface MachineRegistryEntry {
  plant?: string
  model?: string
  vendor?: string
  protocol: string
  endpoint?: string
}

export class RemoteIngestSink implements SampleSink {
  private readonly base: string
  private readonly dispatcher: Agent
  /** False once the server answered 404 to POST /v1/collectors/{id}/samples (it predates it). */
  private positionsTaken = true

  constructor(apiUrl: string, private readonly timeoutMs = 30_000) {
    this.base = apiUrl.replace(/\/+$/, '')
    // Many machines post at once; the server refuses more than 64 connections from one address
    // by default (settings.http.maxConnectionsPerAddress): queue on a few kept-alive ones instead.
    this.dispatcher = new Agent({ connections: 16, connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  }

  /** With a position: POST /v1/collectors/{id}/samples, which commits both in one transaction. */
  async write(samples: readonly CollectedSample[], position?: CollectorPosition): Promise<SinkOutcome> {
    let { status, body } = position && this.positionsTaken
      ? await this.send('POST', `/v1/collectors/${encodeURIComponent(position.machine_id)}/samples`, { position: { instance_id: position.instance_id, next_sequence: position.next_sequence }, samples })
      : await this.send('POST', '/v1/telemetry/ingest', samples)
    if (status === 404 && position && this.positionsTaken) {
      // A server older than collector positions: samples still go, a restart resumes from /current.
      this.positionsTaken = false
      ;({ status, body } = await this.send('POST', '/v1/telemetry/ingest', samples))
    }
    if (status === 200) return body as SinkOutcome
    const error = body as { error?: string; message?: string; details?: SinkOutcome['errors'] }
    // Nothing valid is the server's final word on these samples: no retry.
    if (status === 400 && error.error === 'no_valid_samples') return { accepted: 0, duplicates: 0, rejected: samples.length, errors: error.details ?? [] }
    throw new Error(`${this.base}/v1/telemetry/ingest answered ${status}: ${error.message ?? JSON.stringify(body).slice(0, 200)}`)
  }

  async event(event: MachineEvent): Promise<void> {
    const { status, body } = await this.send('POST', `/v1/machines/${encodeURIComponent(event.machine_id)}/events`,
      { timestamp: new Date(event.ts).toISOString(), kind: event.kind, detail: event.detail })
    if (status !== 201) throw new Error(`recording a ${event.kind} event: the server answered ${status}: ${JSON.stringify(body).slice(0, 200)}`)
  }

  async position(machineId: string): Promise<StoredCollectorPosition | undefined> {
    const { status, body } = await this.send('GET', `/v1/collectors/${encodeURIComponent(machineId)}/position`)
    if (status === 404) return undefined
    if (status !== 200) throw new Error(`reading the collector position of ${machineId}: the server answered ${status}: ${JSON.stringify(body).slice(0, 200)}`)
    const p = body as { instance_id: string; next_sequence: number; last_sample_at: string | null; updated_at: string }
    return { machine_id: machineId, instance_id: p.instance_id, next_sequence: p.next_sequence, last_sample_at: p.last_sample_at === null ? null : Date.parse(p.last_sample_at), updated_at: Date.parse(p.updated_at) }
  }

  async register(id: string, entry: MachineRegistryEntry): Promise<void> {
    const { status, body } = await this.send('PUT', `/v1/machines/${encodeURIComponent(id)}`, entry)
    if (status !== 200) throw new Error(`registering ${id}: the server answered ${status}: ${JSON.stringify(body).slice(0, 200)}`)
  }

  async close(): Promise<void> {
    await this.dispatcher.close()
  }

  private async send(method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown): Promise<{ status: number; body: unknown }> {
    const url = `${this.base}${path}`
    try {
      const response = await request(url, payload === undefined ? { method, dispatcher: this.dispatcher } : { method, dispatcher: this.dispatcher, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })
      const text = await response.body.text()
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // a proxy's HTML error page: keep the text for the message
      }
      return { status: response.statusCode, body }
    } catch (err) {
      throw new Error(`${method} ${url}: ${(err as Error).message}`)
    }
  }
}
