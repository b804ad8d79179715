import type { ReviewItem, ReviewReason } from '../domain/records.js'
import { listOpenReviews } from '../store/review-store.js'
import type { TableContext } from '../store/table-context.js'

export interface ReviewQueue {
  total: number
  byReason: Partial<Record<ReviewReason, number>>
  items: ReviewItem[]
}

/** The open items, oldest first, with a count per reason for the home page. */
export async function listReviewQueue(table: TableContext): Promise<ReviewQueue> {
  const items = await listOpenReviews(table, 500)
  const byReason: ReviewQueue['byReason'] = {}
  for (const item of items)
    for (const reason of item.reasons) byReason[reason] = (byReason[reason] ?? 0) + 1
  return { total: items.length, byReason, items }
}
