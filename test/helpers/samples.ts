// The shared sample data (../shared/samples beside the checkout, as in CI).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const MTCONNECT = new URL('../../../../shared/samples/mtconnect/', import.meta.url)

export function mtconnectSamplePath(name: string): string {
  return fileURLToPath(new URL(name, MTCONNECT))
}

export function readMtconnectSample(name: string): string {
  return readFileSync(mtconnectSamplePath(name), 'utf8')
}
