import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { ReviewItem } from '../domain/records.js'
import { storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import type { TransactItem } from './receipt-items.js'
import { openReviewCountUpdate } from './review-store.js'
import type { TableContext } from './table-context.js'

export async function getReview(ctx: TableContext, id: string): Promise<ReviewItem | undefined> {
  const result = await ctx.doc
    .send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: keys.review(ctx.orgId, id),
        ConsistentRead: true,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('get review', cause)
    })
  return result.Item?.record as ReviewItem | undefined
}

/** Closes an open review item (it leaves the open-items index); fails if it was closed already. */
export function closeReviewItems(
  ctx: TableContext,
  id: string,
  status: 'resolved' | 'dismissed',
  decision: { at: string; by: string; note: string; receiptNumber?: string },
): TransactItem[] {
  const close: TransactItem = {
    Update: {
      TableName: ctx.tableName,
      Key: keys.review(ctx.orgId, id),
      UpdateExpression:
        'SET #record.#status = :status, #record.decision = :decision REMOVE gsi1pk, gsi1sk',
      ConditionExpression: '#record.#status = :open',
      ExpressionAttributeNames: { '#record': 'record', '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':decision': decision, ':open': 'open' },
    },
  }
  return [close, openReviewCountUpdate(ctx, -1)]
}
