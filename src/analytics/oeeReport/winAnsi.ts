// The PDF uses the 14 standard fonts (Helvetica), whose only encoding in pdfkit is WinAnsi
// (Windows-1252). pdfkit writes any other character as a broken hex code, so every string
// goes through `toWinAnsi` first: what WinAnsi has is kept (é, ü, ß, ×, €, –, …), what it
// lacks is approximated (accents dropped, Unicode spaces and minus signs mapped) or replaced
// by '?'. Embedding a Unicode font would lift this, at the price of shipping a font file.

/** The code points WinAnsi places in 0x80–0x9F (Windows-1252), as pdfkit maps them. */
const CP1252_HIGH = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
])

/** Characters Intl and ordinary text produce that WinAnsi lacks but has a fair stand-in for. */
const STAND_INS: Record<number, string> = {
  0x202f: '\u00a0', // narrow no-break space (fr-FR grouping, some percent signs)
  0x2007: '\u00a0', // figure space
  0x2009: ' ', // thin space
  0x200a: ' ',
  0x2002: ' ',
  0x2003: ' ',
  0x2212: '-', // minus sign (sv-SE, fi-FI)
  0x2010: '-',
  0x2011: '-', // non-breaking hyphen
  0x2032: "'",
  0x2033: '"',
  0x066a: '%', // Arabic percent sign
  0x066b: ',', // Arabic decimal separator
  0x066c: '.', // Arabic thousands separator
  0x0141: 'L', // Ł, ł, Đ, đ, ı, Ħ, ħ do not decompose under NFKD
  0x0142: 'l',
  0x0110: 'D',
  0x0111: 'd',
  0x0131: 'i',
  0x0126: 'H',
  0x0127: 'h',
  0x2192: '->',
  0x2264: '<=',
  0x2265: '>=',
  0x2248: '~',
}

/** Invisible format characters (bidi marks, zero-width joiners) that Intl may insert. */
const DROPPED = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/gu

function isWinAnsi(cp: number): boolean {
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || CP1252_HIGH.has(cp)
}

/** `text` with every character the standard PDF fonts can draw; the rest approximated or '?'. */
export function toWinAnsi(text: string): string {
  let out = ''
  for (const char of text.replace(DROPPED, '')) {
    const cp = char.codePointAt(0) ?? 0
    if (isWinAnsi(cp)) out += char
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out += ' ' // controls: tab, newline, C1
    else if (STAND_INS[cp] !== undefined) out += STAND_INS[cp]
    else out += approximate(char)
  }
  return out
}

/** 'ő' → 'o', 'ş' → 's' (NFKD, then drop the combining marks); '?' when nothing is left. */
function approximate(char: string): string {
  const base = char.normalize('NFKD').replace(/\p{M}/gu, '')
  return base.length > 0 && [...base].every((c) => isWinAnsi(c.codePointAt(0) ?? 0)) ? base : '?'
}
