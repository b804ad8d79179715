import type { ReceiptRecord } from '../../domain/records.js'
import { receiptsByYear } from '../../store/receipt-queries.js'
import type { TableContext } from '../../store/table-context.js'
import type { ReconcileWindow } from './reconcile-window.js'

const PAGE = 100

/**
 * Live receipts whose payment was received in the window (Paris dates). Specimens are left out:
 * made in unverified mode, they never stood for a HelloAsso payment we checked. So are receipts
 * without a single HelloAsso payment behind them (no positive ids).
 */
export async function* liveReceiptsInWindow(
  ctx: TableContext,
  window: ReconcileWindow,
): AsyncGenerator<ReceiptRecord, void, undefined> {
  const first = Number(window.since.slice(0, 4))
  const last = Number(window.until.slice(0, 4))
  for (let year = first; year <= last; year++) {
    let cursor: string | undefined
    do {
      const page = await receiptsByYear(ctx, year, PAGE, cursor)
      for (const receipt of page.items) if (isCheckable(receipt, window)) yield receipt
      cursor = page.cursor
    } while (cursor)
  }
}

function isCheckable(receipt: ReceiptRecord, window: ReconcileWindow): boolean {
  const paidOn = receipt.snapshot.paymentDates.from
  return (
    receipt.status === 'issued' &&
    !receipt.snapshot.specimen &&
    receipt.orderId > 0 &&
    receipt.paymentId > 0 &&
    paidOn >= window.since &&
    paidOn <= window.until
  )
}
