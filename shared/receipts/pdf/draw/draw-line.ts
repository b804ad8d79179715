import { type Color, rgb } from 'pdf-lib'
import type { Span, SpanTone } from '../content/receipt-content.js'
import type { TextFonts } from '../fonts/font-book.js'
import { visualOrder } from './bidi-order.js'
import type { PageCanvas } from './page-canvas.js'
import { type Line, layoutLines, type Piece } from './text-layout.js'

export const MARK_COLOR = rgb(0.75, 0.08, 0.08)

export const TONE_COLORS: Record<SpanTone, Color> = {
  label: rgb(0.2, 0.2, 0.22),
  value: rgb(0, 0, 0),
  mark: MARK_COLOR,
}

/**
 * Adjacent pieces in the same font are drawn together so RTL runs keep their word order
 * (layout 2: fontkit reverses the whole run). Pieces with a bidi level (layout 3) are merged
 * in reading order, then put in visual order, each right-to-left one drawn reversed.
 */
export function drawLine(canvas: PageCanvas, line: Line, x: number, baseline: number): void {
  let cursor = x
  const merged = mergePieces(line)
  // A line at level 0 throughout (no right-to-left text) is already in visual order.
  const bidi = merged.some((piece) => (piece.level ?? 0) > 0)
  for (const piece of bidi ? visualOrder(merged.map(leveled)) : merged) {
    const at = { x: cursor, y: baseline + piece.rise }
    const rightToLeft = (piece.level ?? 0) % 2 === 1
    canvas.text(piece.text, at, piece.font, piece.size, TONE_COLORS[piece.tone], rightToLeft)
    cursor += piece.width
  }
}

function leveled(piece: Piece): Piece & { level: number } {
  return { ...piece, level: piece.level ?? 0 }
}

function mergePieces(line: Line): Line['pieces'] {
  const merged: Line['pieces'] = []
  for (const piece of line.pieces) {
    const last = merged.at(-1)
    const same =
      last &&
      last.font === piece.font &&
      last.size === piece.size &&
      last.rise === piece.rise &&
      last.tone === piece.tone &&
      last.level === piece.level
    if (same) {
      last.text += piece.text
      last.width += piece.width
    } else {
      merged.push({ ...piece })
    }
  }
  return merged
}

/** The baseline of a line whose box starts at `top`. */
export function baselineBelow(top: number, size: number): number {
  return top - size * 0.95
}

/** A single line of spans, unbroken. */
export function oneLine(spans: readonly Span[], size: number, book: TextFonts): Line {
  const [line] = layoutLines(spans, Number.POSITIVE_INFINITY, size, book)
  return line ?? { pieces: [], width: 0 }
}
