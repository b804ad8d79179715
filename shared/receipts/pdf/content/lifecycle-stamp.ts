import type { ReceiptLifecycle } from '../../receipt-snapshot.js'
import { clean, formatDay } from './common-content.js'
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
