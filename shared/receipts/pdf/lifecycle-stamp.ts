import type { ReceiptLifecycle } from '../receipt-snapshot.js'
import { clean, formatDay } from './common-content.js'
import { drawLine, oneLine, TONE_COLORS } from './draw-elements.js'
import type { TextFonts } from './font-book.js'
import type { PageCanvas } from './page-canvas.js'
import { A4, GEOMETRY } from './page-flow.js'
import { mark } from './receipt-content.js'
import { MARKS } from './receipt-wording.js'

/** A staff reason can be long; the stamp keeps one line, the register keeps the full text. */
const MAX_STAMP_CHARS = 140

/** The word across the page and the stamp line of a receipt that is no longer valid. */
export function lifecycleStamp(lifecycle: ReceiptLifecycle): { watermark: string; stamp: string } {
  if (lifecycle.status === 'cancelled') {
    const text = MARKS.cancelledStamp(formatDay(lifecycle.cancelledOn), clean(lifecycle.reason))
    return { watermark: MARKS.cancelled, stamp: shorten(text) }
  }
  const text = MARKS.replacedStamp(clean(lifecycle.replacedBy), formatDay(lifecycle.replacedOn))
  return { watermark: MARKS.replaced, stamp: shorten(text) }
}

function shorten(text: string): string {
  const chars = [...text]
  return chars.length <= MAX_STAMP_CHARS ? text : `${chars.slice(0, MAX_STAMP_CHARS - 1).join('')}…`
}

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
