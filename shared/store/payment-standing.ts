import type { ReviewItem } from '../domain/records.js'
import { getItems } from './get-item.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

export interface PaymentStanding {
  /** The number of the receipt that claimed the payment, if one did. */
  receiptNumber: string | undefined
  /** Its review item (`reviewId`) is open: a receipt issued now settles it. */
  reviewOpen: boolean
  /** The membership items asked about that already have their membership recorded. */
  recordedMemberships: ReadonlySet<number>
}

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
  const [claim, review, ...memberships] = await getItems(
    ctx,
    [
      keys.paymentReceipt(ctx.orgId, paymentId),
      keys.review(ctx.orgId, reviewId),
      ...membershipItemIds.map((id) => keys.membership(ctx.orgId, id)),
    ],
    'get payment standing',
  )
  return {
    receiptNumber: claim?.number as string | undefined,
    reviewOpen: (review?.record as ReviewItem | undefined)?.status === 'open',
    recordedMemberships: new Set(membershipItemIds.filter((_, i) => memberships[i])),
  }
}
