// Frames a streaming /sample response (multipart/mixed or multipart/x-mixed-replace) into its
// documents. Each part is framed by its Content-Length, never by TCP reads; headers are read
// case-insensitively (cppagent writes "Content-length"). A part without Content-Length ends
// at the next boundary. Bounded: a part larger than `maxPartBytes` is an error, not a leak.

export class MultipartError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MultipartError'
  }
}

/** The boundary of a multipart Content-Type, or undefined when the type is not multipart. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return undefined
  const m = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  return m?.[1] ?? m?.[2]
}

export class MultipartFramer {
  private buffer = Buffer.alloc(0)
  private readonly delimiter: Buffer
  private ended = false

  constructor(boundary: string, private readonly maxPartBytes = 64 * 1024 * 1024) {
    this.delimiter = Buffer.from(`--${boundary}`)
  }

  /** Feeds bytes; returns the part bodies completed by them, in order. */
  push(chunk: Uint8Array): string[] {
    if (this.ended) return []
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk])
    const parts: string[] = []
    for (;;) {
      const part = this.nextPart()
      if (part === undefined) break
      parts.push(part)
    }
    if (this.buffer.length > this.maxPartBytes) throw new MultipartError(`a part exceeds ${this.maxPartBytes} bytes without completing`)
    return parts
  }

  /** True once the closing boundary (`--boundary--`) was read. */
  get done(): boolean {
    return this.ended
  }

  private nextPart(): string | undefined {
    const start = this.buffer.indexOf(this.delimiter)
    if (start < 0) return undefined
    const afterDelimiter = start + this.delimiter.length
    if (this.buffer.length < afterDelimiter + 2) return undefined
    if (this.buffer[afterDelimiter] === 0x2d && this.buffer[afterDelimiter + 1] === 0x2d) {
      this.ended = true
      this.buffer = Buffer.alloc(0)
      return undefined
    }
    const headerEnd = findHeaderEnd(this.buffer, afterDelimiter)
    if (headerEnd === undefined) return undefined
    const headers = parseHeaders(this.buffer.subarray(afterDelimiter, headerEnd.at).toString('latin1'))
    const bodyStart = headerEnd.at + headerEnd.length
    const lengthHeader = headers.get('content-length')
    if (lengthHeader !== undefined) {
      const length = Number(lengthHeader)
      if (!Number.isSafeInteger(length) || length < 0) throw new MultipartError(`part header Content-Length: "${lengthHeader}" is not a byte count`)
      if (length > this.maxPartBytes) throw new MultipartError(`a part of ${length} bytes exceeds the limit of ${this.maxPartBytes}`)
      if (this.buffer.length < bodyStart + length) return undefined
      const body = this.buffer.subarray(bodyStart, bodyStart + length).toString('utf8')
      this.buffer = this.buffer.subarray(bodyStart + length)
      return body
    }
    const next = this.buffer.indexOf(this.delimiter, bodyStart)
    if (next < 0) return undefined
    const body = this.buffer.subarray(bodyStart, next).toString('utf8').replace(/\r?\n$/, '')
    this.buffer = this.buffer.subarray(next)
    return body
  }
}

function findHeaderEnd(buffer: Buffer, from: number): { at: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n', from)
  const lf = buffer.indexOf('\n\n', from)
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 }
  if (lf >= 0) return { at: lf, length: 2 }
  return undefined
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>()
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return headers
}
