import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { ReviewItem } from '../../domain/records.js'
import { storeUnavailable } from '../../store/dynamo-errors.js'
import { keys } from '../../store/keys.js'
import type { TableContext } from '../../store/table-context.js'

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
  let startKey: Record<string, unknown> | undefined
  do {
    const page = await ctx.doc
      .send(
        new QueryCommand({
          TableName: ctx.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
          ExpressionAttributeValues: { ':pk': keys.openReviewsIndex(ctx.orgId), ':since': since },
          ExclusiveStartKey: startKey,
        }),
      )
      .catch((cause) => {
        throw storeUnavailable('list recent reviews', cause)
      })
    for (const item of page.Items ?? []) {
      const review = item.record as ReviewItem
      if (review.refs.notificationId === notificationId) ids.push(review.id)
    }
    startKey = page.LastEvaluatedKey
  } while (startKey)
  return ids
}
