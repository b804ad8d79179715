import type { ReceiptSummary } from '../../../shared/staff/receipt-summary.js'
import { searchReceipts } from '../../../shared/staff/search-receipts.js'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'

export interface FailedDeliveries {
  items: ReceiptSummary[]
  /** false when the year has more receipts than were looked at: the count is then a minimum. */
  complete: boolean
}

const PAGE = 100
const MAX_PAGES = 10

/**
 * The search filters a year's receipts page by page (there is no index on the delivery status),
 * so this reads the year's receipts up to a bound: a thousand is years of a small association.
 */
export async function failedDeliveries(deps: StaffDeps, year: number): Promise<FailedDeliveries> {
  const items: ReceiptSummary[] = []
  let cursor: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await searchReceipts(deps, {
      year,
      delivery: 'failed',
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    })
    // A cancelled or replaced receipt cannot be resent: nothing left to do about its email.
    items.push(...result.items.filter((item) => item.status === 'issued'))
    cursor = result.cursor
    if (!cursor) return { items, complete: true }
  }
  return { items, complete: false }
}
