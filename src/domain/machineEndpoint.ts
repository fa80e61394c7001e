// Where a registered machine is reached: a URL whose scheme its protocol speaks. Anything else
// (file://, gopher://) is refused, so the registry never points a collector at a local file.
import type { SampleSource } from './sample.js'

const ENDPOINT_SCHEMES: Record<SampleSource, readonly string[]> = {
  mtconnect: ['http:', 'https:'], http: ['http:', 'https:'], opcua: ['opc.tcp:'], mqtt: ['mqtt:', 'mqtts:'],
}

/** Why `endpoint` cannot reach a machine over `protocol`, or undefined when it can. */
export function endpointProblem(protocol: SampleSource, endpoint: string): string | undefined {
  const schemes = ENDPOINT_SCHEMES[protocol]
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return `must be a URL (${schemes.map((s) => `${s}//`).join(' or ')}host:port) for protocol ${protocol}; got "${endpoint.slice(0, 60)}"`
  }
  if (!schemes.includes(url.protocol) || url.hostname === '') return `a ${protocol} endpoint is ${schemes.map((s) => `${s}//`).join(' or ')}host[:port]; got "${endpoint.slice(0, 60)}"`
  return undefined
}
