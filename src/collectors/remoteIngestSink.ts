// The sink of a standalone collector (`cnc-telemetry collect --api-url`): samples, machine
// events and the machines' registry entries go to a remote server's HTTP API. A failure throws
// so that the collector keeps the samples and retries (writes are idempotent on machine + time).
import { Agent, request } from 'undici'
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

  constructor(apiUrl: string, private readonly timeoutMs = 30_000) {
    this.base = apiUrl.replace(/\/+$/, '')
    // Many machines post at once; the server refuses more than 64 connections from one address
    // by default (settings.http.maxConnectionsPerAddress): queue on a few kept-alive ones instead.
    this.dispatcher = new Agent({ connections: 16, connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  }

  async write(samples: readonly CollectedSample[]): Promise<SinkOutcome> {
    const { status, body } = await this.send('POST', '/v1/telemetry/ingest', samples)
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

  async register(id: string, entry: MachineRegistryEntry): Promise<void> {
    const { status, body } = await this.send('PUT', `/v1/machines/${encodeURIComponent(id)}`, entry)
    if (status !== 200) throw new Error(`registering ${id}: the server answered ${status}: ${JSON.stringify(body).slice(0, 200)}`)
  }

  async close(): Promise<void> {
    await this.dispatcher.close()
  }

  private async send(method: 'POST' | 'PUT', path: string, payload: unknown): Promise<{ status: number; body: unknown }> {
    const url = `${this.base}${path}`
    try {
      const response = await request(url, { method, dispatcher: this.dispatcher, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })
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
