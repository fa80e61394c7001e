// The one test of "an http:// or https:// URL" for configuration files (machines.yaml's
// agent_url, alerts.yaml's webhooks).

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}
