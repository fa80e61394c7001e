// "Did you mean ...?" for names typed in a configuration file (keys of machines.yaml,
// alerts.yaml, oee.yaml; variables and values in an alert condition): the closest known name
// by edit distance, compared case-insensitively, when it is close enough to be a likely typo.

/** The candidate closest to `word`, or undefined when none is plausibly what was meant. */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const typed = word.toLowerCase()
  // One edit per three characters, and two from five characters on, tells a typo from a
  // different word ('stopd' → 'stopped', but 'foo' suggests nothing).
  const allowed = typed.length < 5 ? 1 : Math.max(2, Math.floor(typed.length / 3))
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  if (bestDistance <= allowed) return best
  // A name typed short ('feed' for feed_mm_min), when only one name starts that way.
  const longer = typed.length >= 3 ? [...candidates].filter((c) => c.toLowerCase().startsWith(typed)) : []
  return longer.length === 1 ? longer[0] : undefined
}

/** `; did you mean 'x'?` or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const guess = closestName(word, candidates)
  return guess === undefined ? '' : `; did you mean '${guess}'?`
}

/** Levenshtein distance, with an adjacent swap counting as one edit ("stpoped"). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = []
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i]
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j)
        continue
      }
      const above = rows[i - 1] as number[]
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1)
      row.push(d)
    }
    rows.push(row)
  }
  return (rows[a.length] as number[])[b.length] as number
}
