// The requirements' own files (../shared/seed beside the checkout, as in CI), read as they are:
// tests load these, never a retyped copy.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const SEED = new URL('../../../../shared/seed/', import.meta.url)

export function seedPath(name: string): string {
  const path = fileURLToPath(new URL(name, SEED))
  if (!existsSync(path)) throw new Error(`${path} is missing: the seed folder ../shared/seed must sit beside the checkout`)
  return path
}

export function readSeed(name: string): string {
  return readFileSync(seedPath(name), 'utf8')
}

/** The JSON body of the `curl ... -d '{...}'` in a validation script. */
export function curlBodyIn(script: string): string {
  const body = /-d '(\{[^']*\})'/.exec(readSeed(script))?.[1]
  if (body === undefined) throw new Error(`${script} has no curl -d '{...}' body`)
  return body
}
