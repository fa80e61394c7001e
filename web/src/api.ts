// The dashboard's only way to the server: the HTTP API (/v1), same origin. Errors carry the
// API's own message ({ error, message, details }) so the page can show what to do.

const TIMEOUT_MS = 10_000

export class ApiError extends Error {
  constructor(
    message: string,
    /** 0 when the server could not be reached at all. */
    readonly status: number,
    readonly code: string,
    /** The fields the server found wrong, each with what is wrong with it. */
    readonly details: readonly { field: string; reason: string }[] = [],
  ) {
    super(message)
  }

  get unreachable(): boolean {
    return this.status === 0
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (err) {
    throw new ApiError(`server unreachable (${(err as Error).message})`, 0, 'unreachable')
  }
  const text = await response.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : {}
  } catch {
    throw new ApiError(`the server answered ${response.status} with something that is not JSON`, response.status, 'bad_response')
  }
  if (!response.ok) {
    const e = json as { error?: string; message?: string; details?: unknown }
    const details = Array.isArray(e.details) ? e.details.filter((d): d is { field: string; reason: string } => typeof d?.field === 'string' && typeof d?.reason === 'string') : []
    throw new ApiError(e.message ?? `the server answered ${response.status}`, response.status, e.error ?? 'error', details)
  }
  return json as T
}

export const getJson = <T>(path: string) => request<T>('GET', path)
export const postJson = <T>(path: string, body: unknown) => request<T>('POST', path, body)
export const deleteJson = <T>(path: string) => request<T>('DELETE', path)

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const text = q.toString()
  return text ? `?${text}` : ''
}
