import { mark } from '../content/receipt-content.js'
import type { TextFonts } from '../fonts/font-book.js'
import { drawLine, oneLine, TONE_COLORS } from './draw-line.js'
import type { PageCanvas } from './page-canvas.js'
import { A4, GEOMETRY } from './page-flow.js'

const STAMP = { size: 9.5, minSize: 6, padding: 7, height: 19, bottom: A4[1] - 31 } as const

/**
 * The stamp in a red frame, centred in the top margin of every page: above the header and the
 * flow (which start at GEOMETRY.top), so it overlaps no text and shows on each page printed.
 */
export function drawLifecycleStamp(
  canvases: readonly PageCanvas[],
  book: TextFonts,
  stamp: string,
): void {
  const room = A4[0] - GEOMETRY.left - GEOMETRY.right - 2 * STAMP.padding
  const spans = [mark(stamp)]
  const natural = oneLine(spans, STAMP.size, book)
  const size =
    natural.width <= room
      ? STAMP.size
      : Math.max(STAMP.minSize, (STAMP.size * room) / natural.width)
  const line = size === STAMP.size ? natural : oneLine(spans, size, book)
  const width = line.width + 2 * STAMP.padding
  const x = (A4[0] - width) / 2
  const baseline = STAMP.bottom + (STAMP.height - size * 0.72) / 2
  for (const canvas of canvases) {
    canvas.rectangle(x, STAMP.bottom, width, STAMP.height, {
      stroke: TONE_COLORS.mark,
      lineWidth: 1.2,
    })
    drawLine(canvas, line, x + STAMP.padding, baseline)
  }
}
