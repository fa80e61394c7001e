// Finds a key repeated within one JSON object. JSON.parse keeps the last of them silently
// ({"machine_id":"D-2","machine_id":"D-3"} is D-3), so a sender's mistake would be stored as
// data; RFC 8259 §4 leaves it to the receiver, I-JSON (RFC 7493 §2.3) forbids it.
//
// Two steps, so that the common body costs little: a count that proves most bodies free of
// repeats from what JSON.parse already built, and an exact scan of the text only for the rest
// (bodies with a repeat, or with a colon written \u003a). Measured: npm run bench:decode.

export interface DuplicateKey {
  /** The key, unescaped: "a" and "\u0061" are the same key. */
  key: string
  /** Where it is: keys and array indexes from the top, ending with the key. */
  path: (string | number)[]
  /** Character offset of the repeated key's opening quote in the text. */
  offset: number
}

/** The first repeated key of a text that JSON.parse accepted as `value`; undefined if none. */
export function duplicateKey(text: string, value: unknown): DuplicateKey | undefined {
  return provablyUnique(text, value) ? undefined : scanForDuplicateKey(text)
}

/**
 * Outside strings a JSON text has a colon only after each key. Unless written as \u003a, every
 * colon inside a string survives parsing as one colon, and no other text becomes a colon. So
 * the colons of the text equal the keys plus the colons in the strings of the parsed value
 * exactly when no key was repeated: a repeated key's first occurrence, its value and the
 * colons in them are gone from the parsed value.
 */
function provablyUnique(text: string, value: unknown): boolean {
  if (text.includes('\\u003a') || text.includes('\\u003A')) return false
  return colons(text) === parsedColons(value)
}

function colons(s: string): number {
  let n = 0
  for (let i = s.indexOf(':'); i !== -1; i = s.indexOf(':', i + 1)) n++
  return n
}

/** Keys plus colons inside keys and strings, walked without recursion (JSON.parse takes any depth). */
function parsedColons(value: unknown): number {
  let n = 0
  const stack: unknown[] = [value]
  // Only objects go on the stack; strings are counted where they are met (it halves the time).
  const count = (v: unknown) => {
    if (typeof v === 'string') n += colons(v)
    else if (typeof v === 'object' && v !== null) stack.push(v)
  }
  while (stack.length > 0) {
    const v = stack.pop()
    if (typeof v === 'string') n += colons(v)
    else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) count(v[i])
    else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v)
      n += keys.length
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string
        n += colons(key)
        count((v as Record<string, unknown>)[key])
      }
    }
  }
  return n
}

type Frame = { keys: Set<string>; key: string } | { keys: undefined; index: number }

/** The exact check: walks the text (known to be valid JSON), one set of keys per open object. */
export function scanForDuplicateKey(text: string): DuplicateKey | undefined {
  const frames: Frame[] = []
  let expectKey = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      const end = stringEnd(text, i)
      const top = frames[frames.length - 1]
      if (expectKey && top?.keys) {
        const raw = text.slice(i + 1, end)
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw
        if (top.keys.has(key)) return { key, path: [...pathOf(frames.slice(0, -1)), key], offset: i }
        top.keys.add(key)
        top.key = key
        expectKey = false
      }
      i = end
    } else if (c === OPEN_BRACE) {
      frames.push({ keys: new Set(), key: '' })
      expectKey = true
    } else if (c === OPEN_BRACKET) {
      frames.push({ keys: undefined, index: 0 })
      expectKey = false
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      frames.pop()
    } else if (c === COMMA) {
      const top = frames[frames.length - 1]
      if (top?.keys) expectKey = true
      else if (top) top.index++
    }
  }
  return undefined
}

const QUOTE = 0x22
const COMMA = 0x2c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

/** Index of the quote that closes the string opened at `start` (one preceded by an even run of backslashes). */
function stringEnd(text: string, start: number): number {
  for (let q = text.indexOf('"', start + 1); q !== -1; q = text.indexOf('"', q + 1)) {
    let backslashes = 0
    while (text.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++
    if (backslashes % 2 === 0) return q
  }
  return text.length
}

function pathOf(frames: Frame[]): (string | number)[] {
  return frames.map((f) => (f.keys ? f.key : f.index))
}

/** A path as a reader writes it: meta.tags[2]["odd key"]. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`
    else out += `[${JSON.stringify(p)}]`
  }
  return out
}
