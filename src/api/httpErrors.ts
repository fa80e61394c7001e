// How each error code of src/domain/errors.ts travels over HTTP: its status, and the headers
// that tell a client what to do next (RFC 9110 §10.2.3 Retry-After, §12.5.3 Accept-Encoding).
import type { AppError, ErrorCode } from '../domain/errors.js'
import { ACCEPTED_ENCODINGS } from './contentEncoding.js'

const STATUS: Readonly<Record<ErrorCode, number>> = {
  empty_body: 400, empty_batch: 400, invalid_json: 400, unsupported_media_type: 415, body_too_large: 413, no_valid_samples: 400,
  overloaded: 503, shutting_down: 503, database_unavailable: 503, too_many_connections: 503, request_timeout: 408, headers_too_large: 431,
  bad_http_request: 400, invalid_utf8: 400, duplicate_key: 400, unsupported_content_encoding: 415, invalid_compressed_body: 400,
  not_found: 404, conflict: 409, invalid_request: 400, bad_query: 400,
}

/** Seconds a client waits before it retries: a backlog drains in a second, a restart takes longer. */
const RETRY_AFTER_S: Readonly<Partial<Record<ErrorCode, number>>> = { overloaded: 1, shutting_down: 5, database_unavailable: 5, too_many_connections: 5 }

export function httpStatus(err: AppError): number {
  return STATUS[err.code]
}

export function httpHeaders(err: AppError): Record<string, string> {
  const retry = RETRY_AFTER_S[err.code]
  if (retry !== undefined) return { 'retry-after': String(retry) }
  if (err.code === 'unsupported_content_encoding') return { 'accept-encoding': ACCEPTED_ENCODINGS.join(', ') }
  return {}
}
