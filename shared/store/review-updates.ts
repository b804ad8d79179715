import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { ReceiptRecord, ReviewItem } from '../domain/records.js'
import { cancellationCodes, isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import type { TransactItem } from './receipt-items.js'
import { openReviewCountUpdate } from './review-store.js'
import type { TableContext } from './table-context.js'

/** The review item opened when a delivery failed for good (a refused address). */
export const deliveryReviewId = (number: string, kind: 'receipt' | 'cancellation'): string =>
  `delivery-${number}-${kind}`

export async function getReview(ctx: TableContext, id: string): Promise<ReviewItem | undefined> {
  const item = await getItem(ctx, keys.review(ctx.orgId, id), 'get review')
  return item?.record as ReviewItem | undefined
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

/**
 * Closes the review item `id` if it is still open, saying whether it did; nothing when there is
 * none or someone closed it first. For items that something else settled (a resend that went
 * through, a cancelled receipt whose refused email no longer needs sending), and for staff
 * decisions, whose audit entries come `alongside` in the same transaction.
 */
export async function closeReviewIfOpen(
  ctx: TableContext,
  id: string,
  status: 'resolved' | 'dismissed',
  decision: { at: string; by: string; note: string; receiptNumber?: string },
  alongside: TransactItem[] = [],
): Promise<boolean> {
  const items = [...closeReviewItems(ctx, id, status, decision), ...alongside]
  try {
    await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }))
    return true
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false
    throw storeUnavailable(`close review ${id}`, error)
  }
}

/**
 * A receipt that will never be emailed any more (cancelled or replaced): the items saying its
 * email was refused or not delivered have nothing left to resend, so they are closed with it.
 * Tried whatever the delivery looked like when read: an email being sent can be refused just
 * after, and its item then exists (see openDeliveryReview, which checks the other way round).
 */
export async function closeReceiptEmailReviews(
  ctx: TableContext,
  receipt: ReceiptRecord,
  at: string,
  note: string,
): Promise<void> {
  const refused = deliveryReviewId(receipt.number, 'receipt')
  const undelivered = receipt.delivery.messageId ? [`${refused}-${receipt.delivery.messageId}`] : []
  const decision = { at, by: 'suivi du reçu', note, receiptNumber: receipt.number }
  for (const id of [refused, ...undelivered])
    await closeReviewIfOpen(ctx, id, 'dismissed', decision)
}

/**
 * Re-words an open item after its payment was analysed again and something else still blocks it
 * (a tier attached from the review page, whose price the payment does not match): staff read
 * what is left, not the question already answered. Nothing when the item was closed meanwhile.
 */
export async function reviseOpenReview(
  ctx: TableContext,
  id: string,
  revision: Pick<ReviewItem, 'reasons' | 'message'>,
): Promise<boolean> {
  try {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.review(ctx.orgId, id),
        UpdateExpression: 'SET #record.reasons = :reasons, #record.message = :message',
        ConditionExpression: '#record.#status = :open',
        ExpressionAttributeNames: { '#record': 'record', '#status': 'status' },
        ExpressionAttributeValues: {
          ':reasons': revision.reasons,
          ':message': revision.message,
          ':open': 'open',
        },
      }),
    )
    return true
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false
    throw storeUnavailable(`revise review ${id}`, error)
  }
}
