// The frame around every page: navigation, the connection and health banners, and the page itself.
import { useEffect } from 'preact/hooks'
import { useFleetStream } from '../live/useLive'
import { PAGES } from '../pages'
import { ConnectionBanner } from './ConnectionBanner'
import { HealthBanner } from './HealthBanner'
import { followLink, matchPath, useLocation } from './router'
import { useTheme } from './theme'

export function App() {
  const { path, search } = useLocation()
  const stream = useFleetStream()
  const [theme, nextTheme] = useTheme()
  const found = PAGES.map((page) => ({ page, params: matchPath(page.path, path) })).find((m) => m.params !== undefined)
  useEffect(() => {
    document.title = `${found?.page.title ?? 'Not found'} · cnc-telemetry`
  }, [found?.page.title])
  useEffect(() => {
    document.addEventListener('click', followLink)
    return () => document.removeEventListener('click', followLink)
  }, [])

  const query = new URLSearchParams(search)
  const page = found ? <found.page.component params={found.params ?? {}} query={query} /> : <NotFound path={path} />
  if (found?.page.bare) return <div class="bare">{stream.connection === 'unreachable' && <ConnectionBanner />}<HealthBanner />{page}</div>
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="topbar">
        <a class="brand" href="/">cnc-telemetry</a>
        <nav aria-label="Pages">
          {PAGES.filter((p) => p.nav).map((p) => (
            <a href={p.path} aria-current={found?.page === p ? 'page' : undefined}>{p.nav}</a>
          ))}
        </nav>
        <span class={`live-dot ${stream.connection}`} title={`live updates: ${stream.connection}`} aria-hidden="true" />
        <button type="button" class="theme" onClick={nextTheme} aria-label={`colour theme: ${theme}; change`}>
          Theme: {theme}
        </button>
      </header>
      {stream.connection === 'unreachable' && <ConnectionBanner />}
      <HealthBanner />
      <main id="main" tabIndex={-1}>{page}</main>
    </>
  )
}

function NotFound({ path }: { path: string }) {
  return (
    <section class="empty">
      <h1>No page at {path}</h1>
      <p><a href="/">Go to the fleet</a>, or see the API at <a href="/docs">/docs</a>.</p>
    </section>
  )
}
