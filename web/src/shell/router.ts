// A small client-side router: pages are matched by path patterns ("/machines/:id"), links
// push history entries, and the query string belongs to the page (it keeps its filters).
import { useEffect, useState } from 'preact/hooks'

export interface RouteMatch {
  params: Record<string, string>
  query: URLSearchParams
}

export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean)
  const got = path.split('/').filter(Boolean)
  if (want.length !== got.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string
    const g = got[i] as string
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g)
    else if (w !== g) return undefined
  }
  return params
}

const LOCATION_CHANGED = 'locationchange'

export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', url)
  else history.pushState(null, '', url)
  window.dispatchEvent(new Event(LOCATION_CHANGED))
}

/** Rewrites the query string of the current page without a new history entry. */
export function replaceQuery(query: URLSearchParams): void {
  const text = query.toString()
  navigate(`${location.pathname}${text ? `?${text}` : ''}`, { replace: true })
}

export function useLocation(): { path: string; search: string } {
  const read = () => ({ path: location.pathname, search: location.search })
  const [current, setCurrent] = useState(read)
  useEffect(() => {
    const update = () => setCurrent(read())
    window.addEventListener('popstate', update)
    window.addEventListener(LOCATION_CHANGED, update)
    return () => {
      window.removeEventListener('popstate', update)
      window.removeEventListener(LOCATION_CHANGED, update)
    }
  }, [])
  return current
}

/** Plain clicks on same-origin links navigate in the page; modified clicks open tabs as usual. */
export function followLink(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  const anchor = (event.target as Element | null)?.closest('a')
  if (!anchor || anchor.target || anchor.origin !== location.origin || anchor.hasAttribute('download')) return
  if (anchor.pathname.startsWith('/v1/') || anchor.pathname.startsWith('/docs')) return
  event.preventDefault()
  navigate(`${anchor.pathname}${anchor.search}`)
}
