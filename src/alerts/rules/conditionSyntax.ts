// The lexical layer between what people write in alerts.yaml and CEL: outside quoted strings
// only, it strips `# ...` and `// ...` comments (a YAML block scalar keeps them in the text),
// maps the words AND/OR/NOT (and/or/not) to && || !, and writes every integer literal as a
// double so that `rpm > 12000` compares numbers whatever their kind (CEL has no int/double
// mixing: `rpm == 12000` with rpm a double is a type error). Each character of the result
// remembers where it came from, so errors point at the user's text.

export interface ConditionProblem {
  /** Offset in the condition as written. */
  offset: number
  reason: string
}

export interface NormalizedCondition {
  /** The CEL expression. */
  text: string
  /** sourceOffsets[i] is the offset, in the condition as written, of text[i]; one more for the end. */
  sourceOffsets: number[]
  problems: ConditionProblem[]
}

const WORD_OPERATORS: Readonly<Record<string, string>> = { AND: '&&', and: '&&', OR: '||', or: '||', NOT: '!', not: '!', IN: 'in' }
const STRING_PREFIXES = new Set(['r', 'R', 'b', 'B', 'rb', 'rB', 'Rb', 'RB', 'br', 'bR', 'Br', 'BR'])
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y
const NUMBER = /(?:0[xX]([0-9a-fA-F]+)|\d+\.\d+(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|(\d+))([uU])?/y

export function normalizeCondition(source: string): NormalizedCondition {
  let text = ''
  const sourceOffsets: number[] = []
  const problems: ConditionProblem[] = []
  let lastSignificant = ''
  const copy = (from: number, to: number) => {
    for (let k = from; k < to; k++) sourceOffsets.push(k)
    text += source.slice(from, to)
    remember(source.slice(from, to))
  }
  const emit = (replacement: string, at: number) => {
    for (let k = 0; k < replacement.length; k++) sourceOffsets.push(at)
    text += replacement
    remember(replacement)
  }
  const remember = (piece: string) => {
    const trimmed = piece.trimEnd()
    if (trimmed.length > 0) lastSignificant = trimmed[trimmed.length - 1] as string
  }

  let i = 0
  while (i < source.length) {
    const c = source[i] as string
    if (c === '#' || (c === '/' && source[i + 1] === '/')) {
      while (i < source.length && source[i] !== '\n') i++
      continue
    }
    if (c === '"' || c === "'") {
      const end = stringEnd(source, i, false)
      if (end < 0) return unterminated(i)
      copy(i, end)
      i = end
      continue
    }
    IDENTIFIER.lastIndex = i
    const word = IDENTIFIER.exec(source)?.[0]
    if (word !== undefined) {
      const afterWord = i + word.length
      const next = source[afterWord]
      if (STRING_PREFIXES.has(word) && (next === '"' || next === "'")) {
        const end = stringEnd(source, afterWord, /r/i.test(word))
        if (end < 0) return unterminated(i)
        copy(i, end)
        i = end
        continue
      }
      const operator = lastSignificant === '.' ? undefined : WORD_OPERATORS[word]
      if (operator === undefined) copy(i, afterWord)
      else emit(operator, i)
      i = afterWord
      continue
    }
    const startsNumber = /[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? '') && !/[A-Za-z0-9_)\]]/.test(lastSignificant))
    if (startsNumber) {
      NUMBER.lastIndex = i
      const m = NUMBER.exec(source) as RegExpExecArray
      const end = i + m[0].length
      const [, hex, integer, unsigned] = m
      if (unsigned !== undefined) copy(i, end)
      else if (hex !== undefined) emit(`${Number.parseInt(hex, 16)}.0`, i)
      else if (integer !== undefined) {
        copy(i, end)
        emit('.0', end - 1)
      } else copy(i, end)
      i = end
      continue
    }
    copy(i, i + 1)
    i++
  }
  sourceOffsets.push(source.length)
  return { text, sourceOffsets, problems }

  function unterminated(at: number): NormalizedCondition {
    problems.push({ offset: at, reason: 'a quoted string is not closed; close it with the same quote it opened with' })
    return { text, sourceOffsets: [...sourceOffsets, source.length], problems }
  }
}

/** Offset just past the string opened at `open` (a quote), or -1 when it is not closed. */
function stringEnd(source: string, open: number, raw: boolean): number {
  const quote = source[open] as string
  const triple = source.startsWith(quote.repeat(3), open)
  const delimiter = triple ? quote.repeat(3) : quote
  let j = open + delimiter.length
  while (j < source.length) {
    if (!triple && source[j] === '\n') return -1
    if (!raw && source[j] === '\\') {
      j += 2
      continue
    }
    if (source.startsWith(delimiter, j)) return j + delimiter.length
    j++
  }
  return -1
}
