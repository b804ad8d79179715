import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { ReviewItem } from '../domain/records.js'
import { cancellationCodes, storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import type { TransactItem } from './receipt-items.js'
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
    await ctx.doc.send(new TransactWriteCommand({ TransactItems: reviewOpenItems(ctx, item) }))
    return 'opened'
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return 'exists'
    throw storeUnavailable('open review', error)
  }
}

/** The writes that open a review item, to join another transaction (its condition first). */
export function reviewOpenItems(ctx: TableContext, item: ReviewItem): TransactItem[] {
  return [
    {
      Put: {
        TableName: ctx.tableName,
        Item: {
          ...keys.review(ctx.orgId, item.id),
          gsi1pk: keys.openReviewsIndex(ctx.orgId),
          gsi1sk: `${item.createdAt}#${item.id}`,
          record: item,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    openReviewCountUpdate(ctx, 1),
  ]
}

/** Moves the open-items count with the item it counts, in the same transaction. */
export function openReviewCountUpdate(ctx: TableContext, delta: 1 | -1): TransactItem {
  return {
    Update: {
      TableName: ctx.tableName,
      Key: keys.openReviewCount(ctx.orgId),
      UpdateExpression: 'ADD #open :delta',
      ExpressionAttributeNames: { '#open': 'open' },
      ExpressionAttributeValues: { ':delta': delta },
    },
  }
}

export async function openReviewCount(ctx: TableContext): Promise<number> {
  const item = await getItem(ctx, keys.openReviewCount(ctx.orgId), 'count reviews', {
    eventual: true,
  })
  return Math.max(0, Number(item?.open ?? 0))
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

/**
 * The writes that record one more failure of a piece of work on its one review item, whatever
 * state `existing` (as just read) says it is in: opened with a count of 1, or counted again with
 * its words replaced (`item.message`), or reopened if staff closed it meanwhile. Each write is
 * conditioned on that state: a concurrent change cancels the transaction, and the caller reads
 * again.
 */
export function reviewFailureItems(
  ctx: TableContext,
  item: ReviewItem & { failures: NonNullable<ReviewItem['failures']> },
  existing: ReviewItem | undefined,
): TransactItem[] {
  if (!existing) return reviewOpenItems(ctx, item)
  const Key = keys.review(ctx.orgId, item.id)
  const names = { '#record': 'record', '#status': 'status' }
  const values = { ':message': item.message, ':failures': item.failures }
  if (existing.status === 'open')
    return [
      {
        Update: {
          TableName: ctx.tableName,
          Key,
          UpdateExpression: 'SET #record.message = :message, #record.failures = :failures',
          ConditionExpression: '#record.#status = :open',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':open': 'open' },
        },
      },
    ]
  return [
    {
      Update: {
        TableName: ctx.tableName,
        Key,
        UpdateExpression:
          'SET #record.message = :message, #record.failures = :failures, #record.#status = :open, gsi1pk = :pk, gsi1sk = :sk REMOVE #record.decision',
        ConditionExpression: '#record.#status = :was',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ...values,
          ':open': 'open',
          ':was': existing.status,
          ':pk': keys.openReviewsIndex(ctx.orgId),
          ':sk': `${item.failures.lastAt}#${item.id}`,
        },
      },
    },
    openReviewCountUpdate(ctx, 1),
  ]
}
