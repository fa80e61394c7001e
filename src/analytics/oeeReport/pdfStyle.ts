// Page geometry, colours and the one text primitive the PDF drawing uses. Layout is done
// by hand in points (1/72 in) with the page margins set to 0 in pdfkit, so pdfkit never
// breaks a page on its own: oeePdf and pdfTable decide where pages end.
import type PDFDocument from 'pdfkit'
import { toWinAnsi } from './winAnsi.js'

export type Doc = InstanceType<typeof PDFDocument>

/** A4 landscape in points. */
export const PAGE = { width: 841.89, height: 595.28, margin: 36 } as const
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin
/** The lowest y content may reach; the footer sits below it. */
export const CONTENT_BOTTOM = PAGE.height - PAGE.margin - 14

export const COLOR = {
  text: '#1f2933',
  muted: '#616e7c',
  rule: '#c5ccd3',
  grid: '#e1e5ea',
  stripe: '#f5f7f9',
  headerFill: '#e9eef3',
  noData: '#eef0f2',
  bar: '#2f6fb0',
  barPartial: '#9dbfe0',
  loss: '#c8553d',
  cumulative: '#1f2933',
  warn: '#b26b00',
  card: ['#2f6fb0', '#7a5cb8', '#2e8b57', '#1f2933'],
} as const

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' } as const

export interface TextStyle {
  size: number
  bold?: boolean
  color?: string
  /** Truncate with an ellipsis to this width; also what `align` aligns within. */
  width?: number
  align?: 'left' | 'right' | 'center'
}

/**
 * One line of text at (x, y) (y is the top of the line), made safe for the standard fonts
 * and cut with '…' to fit `width`. Never wraps and never starts a page.
 */
export function textLine(doc: Doc, value: string, x: number, y: number, style: TextStyle): number {
  doc.font(style.bold ? FONT.bold : FONT.regular).fontSize(style.size).fillColor(style.color ?? COLOR.text)
  const fitted = style.width === undefined ? toWinAnsi(value) : fit(doc, toWinAnsi(value), style.width)
  const w = doc.widthOfString(fitted)
  const dx = style.width === undefined || style.align === undefined || style.align === 'left' ? 0
    : style.align === 'right' ? style.width - w : (style.width - w) / 2
  doc.text(fitted, x + dx, y, { lineBreak: false })
  return w
}

/** `text` cut to `width` at the current font, with '…' (WinAnsi 0x85) when cut. */
export function fit(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text
  let lo = 0
  let hi = text.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (doc.widthOfString(`${text.slice(0, mid).trimEnd()}…`) <= width) lo = mid
    else hi = mid - 1
  }
  return lo === 0 ? '' : `${text.slice(0, lo).trimEnd()}…`
}

/** Wrapped text block at (x, y) within `width`; returns its height. Caller checks it fits. */
export function textBlock(doc: Doc, value: string, x: number, y: number, width: number, style: Omit<TextStyle, 'width' | 'align'>): number {
  doc.font(style.bold ? FONT.bold : FONT.regular).fontSize(style.size).fillColor(style.color ?? COLOR.text)
  const safe = toWinAnsi(value)
  const height = doc.heightOfString(safe, { width })
  doc.text(safe, x, y, { width })
  return height
}

export function blockHeight(doc: Doc, value: string, width: number, style: Omit<TextStyle, 'width' | 'align'>): number {
  doc.font(style.bold ? FONT.bold : FONT.regular).fontSize(style.size)
  return doc.heightOfString(toWinAnsi(value), { width })
}

export function hLine(doc: Doc, x1: number, x2: number, y: number, color: string = COLOR.rule, width = 0.5): void {
  doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore()
}

/** A 'nice' axis maximum (1, 2, 2.5, 5 × 10^n) at or above `value`. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1
  const magnitude = 10 ** Math.floor(Math.log10(value))
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value) ?? 10
  return step * magnitude
}
