// Light (high contrast, for a bright shop), dark, or as the device prefers; remembered per browser.
import { useEffect, useState } from 'preact/hooks'

export type Theme = 'auto' | 'light' | 'dark'
const KEY = 'cnc-telemetry.theme'
const ORDER: Theme[] = ['auto', 'light', 'dark']

function stored(): Theme {
  try {
    const value = localStorage.getItem(KEY)
    return value === 'light' || value === 'dark' ? value : 'auto'
  } catch {
    return 'auto'
  }
}

export function applyStoredTheme(): void {
  document.documentElement.dataset.theme = stored()
}

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(stored)
  useEffect(() => {
    document.documentElement.dataset.theme = theme
    try {
      localStorage.setItem(KEY, theme)
    } catch {
      // Private browsing: the choice lasts for this page only.
    }
  }, [theme])
  const next = () => setTheme((t) => ORDER[(ORDER.indexOf(t) + 1) % ORDER.length] as Theme)
  return [theme, next]
}

/** The current value of a CSS variable (charts draw on canvas and need real colours). */
export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'
}
