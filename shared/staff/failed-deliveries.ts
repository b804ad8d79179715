import { listFailedDeliveries } from '../store/failed-deliveries-store.js'
import { receiptsByNumbers } from '../store/receipt-queries.js'
import { type ReceiptSummary, summarise } from './receipt-summary.js'
import type { StaffDeps } from './staff-deps.js'

/**
 * Receipts of the year whose email failed for good and can still be resent (a cancelled or
 * replaced receipt has nothing left to send): one Query on the failed-deliveries list.
 */
export async function failedDeliveries(deps: StaffDeps, year: number): Promise<ReceiptSummary[]> {
  const failed = await listFailedDeliveries(deps.table, year)
  const numbers = [...new Set(failed.filter((f) => f.kind === 'receipt').map((f) => f.number))]
  const receipts = await receiptsByNumbers(deps.table, numbers, 'summary')
  return receipts
    .filter((r) => r.status === 'issued' && r.delivery.status === 'failed')
    .map(summarise)
}
