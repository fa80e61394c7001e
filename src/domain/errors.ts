// Every error the system reports to a client, created here once (Fastify's lib/errors.js
// habit): each condition has one template with a stable code, and callers pass only its
// arguments, so one condition always reads the same. The message says what was wrong and
// what to do. How a code travels over HTTP (status, headers) is the API's business:
// src/api/httpErrors.ts.

export interface ErrorDetail {
  index?: number
  field?: string
  reason: string
}

export const ERROR_CODES = [
  'empty_body', 'empty_batch', 'invalid_json', 'unsupported_media_type', 'body_too_large', 'no_valid_samples', 'overloaded', 'shutting_down',
  'database_unavailable', 'too_many_connections', 'request_timeout', 'headers_too_large', 'bad_http_request', 'invalid_utf8', 'duplicate_key',
  'unsupported_content_encoding', 'invalid_compressed_body', 'not_found', 'conflict', 'invalid_request', 'bad_query',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export class AppError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details: readonly ErrorDetail[] = []) {
    super(message)
    this.name = 'AppError'
  }
}

/** One condition: its code, its message template, and the details it carries. */
function condition<A extends unknown[]>(code: ErrorCode, message: (...args: A) => string, details: (...args: A) => readonly ErrorDetail[] = () => []) {
  return (...args: A) => new AppError(code, message(...args), details(...args))
}

const noShift = (shift: string, date: string, machineId: string, shifts: readonly string[]) =>
  `no shift "${shift}" on ${date} for ${machineId}; shifts that day: ${shifts.join(', ') || 'none'}`

export const errors = {
  emptyBody: condition('empty_body', () => 'the request body is empty; send one sample object, a JSON array of samples, or NDJSON (one sample per line)'),
  emptyBatch: condition('empty_batch', () => 'the array holds no samples; send at least one'),
  invalidJson: condition('invalid_json', (reason: string) => `the body is not valid JSON: ${reason}`, (reason) => [{ reason }]),
  unsupportedMediaType: condition('unsupported_media_type', (type: string) =>
    `the body (declared as ${type || 'no content type'}) is neither JSON nor NDJSON; send application/json or application/x-ndjson`),
  bodyTooLarge: condition('body_too_large', (limit: number) => `the body exceeds the ${limit} byte limit; split it into several requests`),
  noValidSamples: condition('no_valid_samples', (details: readonly ErrorDetail[], total: number) =>
    `none of the ${total} item(s) is a valid sample; see details for each item's field and reason`, (details) => details),
  overloaded: condition('overloaded', (queued: number) => `the server is writing a backlog of ${queued} samples; retry in a second`),
  shuttingDown: condition('shutting_down', () => 'the server is shutting down; retry against the restarted server'),
  databaseUnavailable: condition('database_unavailable', (reason: string) =>
    `the database did not accept the write, nothing of this request was stored: ${reason}`),
  tooManyConnections: condition('too_many_connections', (cap: number) =>
    `this address already holds ${cap} open connections to the server, the most it may; close idle ones or reuse them (keep-alive)`),
  requestTimeout: condition('request_timeout', (headersSeconds: number, requestSeconds: number) =>
    `the request did not arrive in time: its headers must arrive within ${headersSeconds} s and the whole request, body included, within ${requestSeconds} s; send it faster or split it`),
  headersTooLarge: condition('headers_too_large', () => 'the request headers are too large'),
  badHttp: condition('bad_http_request', (reason: string) => `the request is not valid HTTP/1.1: ${reason}`),
  invalidUtf8: condition('invalid_utf8', (byteOffset: number) => `the body is not valid UTF-8 at byte ${byteOffset}; send it encoded as UTF-8`,
    (byteOffset) => [{ field: '', reason: `invalid UTF-8 at byte ${byteOffset}` }]),
  duplicateKey: condition('duplicate_key', (detail: ErrorDetail) =>
    `the body repeats a key in one object: ${detail.reason}; each key may appear once per object (RFC 8259 §4, RFC 7493 §2.3)`, (detail) => [detail]),
  unsupportedContentEncoding: condition('unsupported_content_encoding', (encoding: string, accepted: readonly string[]) =>
    `the body is encoded as "${encoding}", which this server cannot decode; send it as ${accepted.join(', ')} or unencoded`),
  corruptBody: condition('invalid_compressed_body', (encoding: string, reason: string) =>
    `the body declared Content-Encoding: ${encoding} could not be decompressed: ${reason}`),
  decompressedTooLarge: condition('body_too_large', (limit: number) =>
    `the body decompresses to more than the ${limit} byte limit; split it into several requests`),

  unknownMachine: condition('not_found', (id: string) =>
    `machine "${id}" is unknown; it appears with its first sample, or register it with PUT /v1/machines/{id}`),
  unknownShift: condition('not_found', noShift),
  /** A body names a shift its day does not have: the words of unknownShift, as the field's reason. */
  unknownShiftInBody: condition('invalid_request', (...a: Parameters<typeof noShift>) => `shift: ${noShift(...a)}`,
    (...a) => [{ field: 'shift', reason: noShift(...a) }]),
  unknownAlert: condition('not_found', (id: number) => `alert ${id} does not exist`),
  unknownSilence: condition('not_found', (id: number) => `silence ${id} does not exist`),
  unknownCollectorPosition: condition('not_found', (machineId: string) =>
    `no collector position is stored for machine "${machineId}"; a collector that never stored samples with one starts from the source's present`),
  alertNotFiring: condition('conflict', (id: number, resolvedAt: string | null) =>
    `alert ${id} is not firing (${resolvedAt ? `resolved at ${resolvedAt}` : 'already acknowledged or ended'})`),

  invalidRequest: condition('invalid_request', (details: readonly ErrorDetail[]) => details.map((d) => `${d.field || 'body'}: ${d.reason}`).join('; '), (details) => details),
  badQuery: condition('bad_query', (details: readonly ErrorDetail[]) => details.map((d) => `${d.field}: ${d.reason}`).join('; '), (details) => details),
}
