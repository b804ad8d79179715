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
  /** The membership items asked about that already have their membership recorded. */
  recordedMemberships: ReadonlySet<number>
}

/** DynamoDB's limit on the keys of one BatchGetItem. */
const BATCH_GET_LIMIT = 100

/**
 * What the process step must know of a paid payment before recording it, in one request (a
 * consistent BatchGetItem) instead of one per item: its receipt claim, its review item, and which
 * of its membership items are recorded already. Every round trip counts when many orders arrive.
 */
export async function getPaymentStanding(
  ctx: TableContext,
  paymentId: number,
  reviewId: string,
  membershipItemIds: readonly number[] = [],
): Promise<PaymentStanding> {
  const claimKey = keys.paymentReceipt(ctx.orgId, paymentId)
  const reviewKey = keys.review(ctx.orgId, reviewId)
  const membershipKeys = membershipItemIds.map((id) => keys.membership(ctx.orgId, id))
  const wanted = [claimKey, reviewKey, ...membershipKeys]
  const found: Record<string, unknown>[] = []
  for (let start = 0; start < wanted.length; start += BATCH_GET_LIMIT)
    found.push(...(await batchGet(ctx, wanted.slice(start, start + BATCH_GET_LIMIT))))
  const byKey = new Map(found.map((item) => [`${item.pk}\n${item.sk}`, item]))
  const get = (key: Key) => byKey.get(`${key.pk}\n${key.sk}`)
  const review = get(reviewKey)?.record as ReviewItem | undefined
  return {
    receiptNumber: get(claimKey)?.number as string | undefined,
    reviewOpen: review?.status === 'open',
    recordedMemberships: new Set(membershipItemIds.filter((_, i) => get(membershipKeys[i] as Key))),
  }
}

async function batchGet(ctx: TableContext, wanted: Key[]): Promise<Record<string, unknown>[]> {
  let pending: Record<string, unknown>[] = wanted.map((key) => ({ ...key }))
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
  return found
}
