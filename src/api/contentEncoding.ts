// Undoes a request's Content-Encoding (RFC 9110 §8.4): gateways compress what they send. The
// body limit holds for the decompressed bytes too: decompression stops as soon as the output
// passes it (zlib's maxOutputLength), so a small "zip bomb" costs at most the limit in memory.
import { promisify } from 'node:util'
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib'
import { AppError, errors } from '../domain/errors.js'

type Decoder = (body: Buffer, options: ZlibOptions) => Promise<Buffer>

const inflateAsync = promisify(inflate) as Decoder
const inflateRawAsync = promisify(inflateRaw) as Decoder

const DECODERS: Record<string, Decoder> = {
  gzip: promisify(gunzip) as Decoder,
  'x-gzip': promisify(gunzip) as Decoder, // RFC 9110 §8.4.1.3: the same as gzip
  // "deflate" is the zlib format (RFC 1950), but some clients send raw deflate (RFC 1951)
  // without the zlib header: accept both, as browsers do.
  deflate: (body, options) => (hasZlibHeader(body) ? inflateAsync : inflateRawAsync)(body, options),
  br: promisify(brotliDecompress) as Decoder,
}

export const ACCEPTED_ENCODINGS = ['gzip', 'deflate', 'br'] as const

/** The body with its content codings removed, at most `limit` bytes at every step. */
export async function decodeContentEncoding(body: Buffer, header: string | undefined, limit: number): Promise<Buffer> {
  if (!header) return body
  // Codings are listed in the order they were applied (RFC 9110 §8.4): undo them backwards.
  const codings = header.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity')
  for (const coding of codings) if (!(coding in DECODERS)) throw errors.unsupportedContentEncoding(coding, ACCEPTED_ENCODINGS)
  let decoded = body
  for (const coding of codings.reverse()) {
    try {
      decoded = await (DECODERS[coding] as Decoder)(decoded, { maxOutputLength: limit })
    } catch (err) {
      if (err instanceof AppError) throw err
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw errors.decompressedTooLarge(limit)
      throw errors.corruptBody(coding, (err as Error).message)
    }
  }
  return decoded
}

/** RFC 1950 §2.2: CM = 8 (deflate) and the first two bytes, big-endian, a multiple of 31. */
function hasZlibHeader(body: Buffer): boolean {
  const cmf = body[0]
  const flg = body[1]
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0
}
