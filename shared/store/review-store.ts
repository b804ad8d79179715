import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { ReviewItem } from '../domain/records.js'
import { isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

/**
 * Opens a review item once: ids are deterministic ("payment-123"), so a replayed notification
 * finds the item already there instead of queueing the same question twice.
 */
export async function openReview(
  ctx: TableContext,
  item: ReviewItem,
): Promise<'opened' | 'exists'> {
  try {
    await ctx.doc.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: {
          ...keys.review(ctx.orgId, item.id),
          gsi1pk: keys.openReviewsIndex(ctx.orgId),
          gsi1sk: `${item.createdAt}#${item.id}`,
          record: item,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    return 'opened'
  } catch (error) {
    if (isConditionalCheckFailed(error)) return 'exists'
    throw storeUnavailable('open review', error)
  }
}

export async function listOpenReviews(ctx: TableContext, limit = 100): Promise<ReviewItem[]> {
  const result = await ctx.doc
    .send(
      new QueryCommand({
        TableName: ctx.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.openReviewsIndex(ctx.orgId) },
        Limit: limit,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('list reviews', cause)
    })
  return (result.Items ?? []).map((item) => item.record as ReviewItem)
}
