// What a section of the OEE page shows while its figures load, when they fail, and once
// they are there (the last figures stay while a refresh is on its way).
import type { ComponentChildren } from 'preact'
import type { Loaded } from './useJson'

interface Props<T> {
  state: Loaded<T>
  what: string
  /** Said instead of the server's 404 message: what to do when the endpoint is missing. */
  missing?: string
  children: (data: T) => ComponentChildren
}

export function Loading<T>({ state, what, missing, children }: Props<T>) {
  const { data, error, loading } = state
  return (
    <div aria-busy={loading}>
      {error && (
        <p class="error" role="alert">
          {error.status === 404 && missing ? missing : `Could not read ${what}: ${error.message}.`}
          {error.unreachable && ' Retrying every minute.'}
          {data !== undefined && ' The figures below are the last ones read.'}
        </p>
      )}
      {data === undefined ? (!error && <p class="muted">Loading {what}…</p>) : children(data)}
    </div>
  )
}
