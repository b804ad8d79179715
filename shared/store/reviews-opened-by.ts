import type { ReviewItem } from '../domain/records.js'
import { keys } from './keys.js'
import { queryAll } from './query-all.js'
import type { TableContext } from './table-context.js'

/**
 * Ids of the review items a notification's processing opened. The open-items index sorts on
 * `createdAt#id`, so only items created since `since` are read; the processing path stamps
 * the notification id on every item it opens, and an item that already existed keeps its own.
 */
export async function reviewsOpenedBy(
  ctx: TableContext,
  notificationId: string,
  since: string,
): Promise<string[]> {
  const ids: string[] = []
  const items = queryAll(
    ctx,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
      ExpressionAttributeValues: { ':pk': keys.openReviewsIndex(ctx.orgId), ':since': since },
    },
    'list recent reviews',
  )
  for await (const item of items) {
    const review = item.record as ReviewItem
    if (review.refs.notificationId === notificationId) ids.push(review.id)
  }
  return ids
}
