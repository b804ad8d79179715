import { BatchGetCommand } from '@aws-sdk/lib-dynamodb'
import type { ReviewItem } from '../domain/records.js'
import { storeUnavailable } from './dynamo-errors.js'
import { type Key, keys } from './keys.js'
import type { TableContext } from './table-context.js'

export interface PaymentStanding {
  /** The number of the receipt that claimed the payment, if one did. */
  receiptNumber: string | undefined
  /** Its review item (`reviewId`) is open: a receipt issued now settles it. */
  reviewOpen: boolean
}

/**
 * What the process step must know of a payment before drafting its receipt, in one request
 * (a consistent BatchGetItem) instead of two: every round trip counts when many orders arrive.
 */
export async function getPaymentStanding(
  ctx: TableContext,
  paymentId: number,
  reviewId: string,
): Promise<PaymentStanding> {
  const claimKey = keys.paymentReceipt(ctx.orgId, paymentId)
  const reviewKey = keys.review(ctx.orgId, reviewId)
  let pending: Record<string, unknown>[] = [{ ...claimKey }, { ...reviewKey }]
  const found: Record<string, unknown>[] = []
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 5) throw storeUnavailable('get payment standing (keys left unprocessed)', pending)
    const result = await ctx.doc
      .send(
        new BatchGetCommand({
          RequestItems: { [ctx.tableName]: { Keys: pending, ConsistentRead: true } },
        }),
      )
      .catch((cause) => {
        throw storeUnavailable('get payment standing', cause)
      })
    found.push(...(result.Responses?.[ctx.tableName] ?? []))
    pending = result.UnprocessedKeys?.[ctx.tableName]?.Keys ?? []
  }
  const is = (key: Key) => (item: Record<string, unknown>) =>
    item.pk === key.pk && item.sk === key.sk
  const claim = found.find(is(claimKey))
  const review = found.find(is(reviewKey))?.record as ReviewItem | undefined
  return {
    receiptNumber: claim?.number as string | undefined,
    reviewOpen: review?.status === 'open',
  }
}
