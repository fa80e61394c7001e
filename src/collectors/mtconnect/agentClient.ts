// HTTP to one MTConnect agent: single documents (probe, current, sample) and the streaming
// sample. Every request has a connect, header and body timeout; for a stream the body timeout
// is the silence allowed between two parts (the agent sends a heartbeat part every
// `heartbeat` ms, so a longer silence means a dead connection — MTCONNECT.md, Streaming).
import { Agent, request } from 'undici'
import { type AgentDocument, DocumentError, parseAgentDocument } from './documents.js'
import { MultipartFramer, multipartBoundary } from './multipartStream.js'

export class AgentHttpError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message)
    this.name = 'AgentHttpError'
  }
}

export interface AgentClientOptions {
  /** Connect and response-header timeout, and the body timeout of single documents. */
  timeoutMs: number
  maxBodyBytes: number
}

export type AgentRequest = 'probe' | 'current' | 'sample'

export class AgentClient {
  private readonly dispatcher: Agent
  private readonly base: string

  constructor(agentUrl: string, private readonly device: string | undefined, private readonly options: AgentClientOptions) {
    this.base = agentUrl.replace(/\/+$/, '')
    this.dispatcher = new Agent({ connect: { timeout: options.timeoutMs }, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, connections: 4 })
  }

  /** The URL of a request; a device name selects one device of an agent that serves several. */
  url(what: AgentRequest, query: Record<string, string | number> = {}, withDevice = true): string {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()
    const device = withDevice && this.device !== undefined ? `/${encodeURIComponent(this.device)}` : ''
    return `${this.base}${device}/${what}${qs ? `?${qs}` : ''}`
  }

  async get(what: AgentRequest, query: Record<string, string | number> = {}, signal?: AbortSignal, withDevice = true): Promise<AgentDocument> {
    const url = this.url(what, query, withDevice)
    const response = await this.send(url, signal, this.options.timeoutMs)
    const text = await readLimited(response.body, this.options.maxBodyBytes, url)
    return decode(text, response.statusCode, url)
  }

  /**
   * Streams documents of /sample?interval=...; ends when the agent closes the stream. When the
   * agent answers with a single document instead (streaming unsupported), yields it and
   * returns false so the caller can fall back to polling.
   */
  async *stream(query: Record<string, string | number>, silenceMs: number, signal?: AbortSignal): AsyncGenerator<AgentDocument, boolean> {
    const url = this.url('sample', query)
    const response = await this.send(url, signal, silenceMs)
    const boundary = multipartBoundary(headerText(response.headers['content-type']))
    if (boundary === undefined) {
      yield decode(await readLimited(response.body, this.options.maxBodyBytes, url), response.statusCode, url)
      return false
    }
    const framer = new MultipartFramer(boundary, this.options.maxBodyBytes)
    try {
      for await (const chunk of response.body) {
        for (const part of framer.push(chunk as Buffer)) yield decode(part, response.statusCode, url)
        if (framer.done) break
      }
    } finally {
      // Leaving early (error, close) must not leave the socket reading.
      response.body.destroy()
    }
    return true
  }

  async close(): Promise<void> {
    await this.dispatcher.destroy()
  }

  private async send(url: string, signal: AbortSignal | undefined, bodyTimeout: number) {
    try {
      return await request(url, {
        dispatcher: this.dispatcher, signal, bodyTimeout, headersTimeout: this.options.timeoutMs,
        headers: { accept: 'application/xml, text/xml' },
      })
    } catch (err) {
      if (signal?.aborted) throw err
      throw new AgentHttpError(`GET ${url}: ${describeNetworkError(err)}`)
    }
  }
}

function decode(text: string, status: number, url: string): AgentDocument {
  try {
    const doc = parseAgentDocument(text)
    if (doc.kind === 'error') doc.httpStatus = status
    return doc
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err
    // An HTTP error page from the agent or a proxy is an HTTP failure, not a protocol one.
    if (status >= 400) throw new AgentHttpError(`GET ${url}: HTTP ${status}: ${text.slice(0, 200).replace(/\s+/g, ' ')}`, status)
    throw new DocumentError(`GET ${url}: ${err.message}`)
  }
}

async function readLimited(body: AsyncIterable<Uint8Array> & { destroy(): void }, max: number, url: string): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > max) {
      body.destroy()
      throw new AgentHttpError(`GET ${url}: the response exceeds ${max} bytes`)
    }
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks).toString('utf8')
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } }
  const code = e.cause?.code ?? e.code
  if (code === 'ECONNREFUSED') return 'connection refused (is the agent running?)'
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect timeout'
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'no response within the timeout'
  if (code === 'ENOTFOUND') return 'host not found'
  return `${e.message ?? String(err)}${code ? ` (${code})` : ''}`
}
