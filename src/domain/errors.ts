// Every error the API returns, created here once with a stable code (Fastify's FST_ERR_*
// habit). The message says what was wrong and what to do.

export interface ErrorDetail {
  index?: number
  field?: string
  reason: string
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const errors = {
  emptyBody: () => new AppError('empty_body', 400, 'the request body is empty; send one sample object, a JSON array of samples, or NDJSON (one sample per line)'),
  emptyBatch: () => new AppError('empty_batch', 400, 'the array holds no samples; send at least one'),
  invalidJson: (reason: string) =>
    new AppError('invalid_json', 400, `the body is not valid JSON: ${reason}`, [{ reason }]),
  unsupportedMediaType: (type: string) =>
    new AppError('unsupported_media_type', 415, `the body (declared as ${type || 'no content type'}) is neither JSON nor NDJSON; send application/json or application/x-ndjson`),
  bodyTooLarge: (limit: number) =>
    new AppError('body_too_large', 413, `the body exceeds the ${limit} byte limit; split it into several requests`),
  noValidSamples: (details: readonly ErrorDetail[], total: number) =>
    new AppError('no_valid_samples', 400, `none of the ${total} item(s) is a valid sample; see details for each item's field and reason`, details),
  overloaded: (queued: number) =>
    new AppError('overloaded', 503, `the server is writing a backlog of ${queued} samples; retry in a second`, [], { 'retry-after': '1' }),
  shuttingDown: () => new AppError('shutting_down', 503, 'the server is shutting down; retry against the restarted server', [], { 'retry-after': '5' }),
  databaseUnavailable: (reason: string) =>
    new AppError('database_unavailable', 503, `the database did not accept the write, nothing of this request was stored: ${reason}`, [], { 'retry-after': '5' }),
  tooManyConnections: (cap: number) =>
    new AppError('too_many_connections', 503, `this address already holds ${cap} open connections to the server, the most it may; close idle ones or reuse them (keep-alive)`, [], { 'retry-after': '5' }),
  requestTimeout: (headersSeconds: number, requestSeconds: number) =>
    new AppError('request_timeout', 408, `the request did not arrive in time: its headers must arrive within ${headersSeconds} s and the whole request, body included, within ${requestSeconds} s; send it faster or split it`),
  headersTooLarge: () => new AppError('headers_too_large', 431, 'the request headers are too large'),
  badHttp: (reason: string) => new AppError('bad_http_request', 400, `the request is not valid HTTP/1.1: ${reason}`),
  invalidUtf8: (byteOffset: number) =>
    new AppError('invalid_utf8', 400, `the body is not valid UTF-8 at byte ${byteOffset}; send it encoded as UTF-8`, [{ field: '', reason: `invalid UTF-8 at byte ${byteOffset}` }]),
  duplicateKey: (detail: ErrorDetail) =>
    new AppError('duplicate_key', 400, `the body repeats a key in one object: ${detail.reason}; each key may appear once per object (RFC 8259 §4, RFC 7493 §2.3)`, [detail]),
  unsupportedContentEncoding: (encoding: string, accepted: readonly string[]) =>
    new AppError('unsupported_content_encoding', 415, `the body is encoded as "${encoding}", which this server cannot decode; send it as ${accepted.join(', ')} or unencoded`, [], { 'accept-encoding': accepted.join(', ') }),
  corruptBody: (encoding: string, reason: string) =>
    new AppError('invalid_compressed_body', 400, `the body declared Content-Encoding: ${encoding} could not be decompressed: ${reason}`),
  decompressedTooLarge: (limit: number) =>
    new AppError('body_too_large', 413, `the body decompresses to more than the ${limit} byte limit; split it into several requests`),
  notFound: (what: string) => new AppError('not_found', 404, what),
  conflict: (what: string) => new AppError('conflict', 409, what),
  invalidRequest: (details: readonly ErrorDetail[]) =>
    new AppError('invalid_request', 400, details.map((d) => `${d.field || 'body'}: ${d.reason}`).join('; '), details),
  badQuery: (details: readonly ErrorDetail[]) =>
    new AppError('bad_query', 400, details.map((d) => `${d.field}: ${d.reason}`).join('; '), details),
}
