import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { ReceiptRecord } from '../../domain/records.js'
import { storeUnavailable } from '../../store/dynamo-errors.js'
import { keys } from '../../store/keys.js'
import { getPaymentReceiptNumber, getReceipt } from '../../store/receipt-store.js'
import type { TableContext } from '../../store/table-context.js'

/** What we hold about one HelloAsso payment. */
export interface LocalPayment {
  /** HelloAsso's state as the processing path last recorded it; absent if never processed. */
  recordedState?: string
  /** The payment's receipt (live or not), if one was ever issued. */
  receipt?: ReceiptRecord
}

export async function readLocalPayment(
  ctx: TableContext,
  paymentId: number,
): Promise<LocalPayment> {
  const [recordedState, number] = await Promise.all([
    recordedPaymentState(ctx, paymentId),
    getPaymentReceiptNumber(ctx, paymentId),
  ])
  const receipt = number ? await getReceipt(ctx, number) : undefined
  return {
    ...(recordedState !== undefined ? { recordedState } : {}),
    ...(receipt ? { receipt } : {}),
  }
}

/**
 * The state recordPaymentState keeps on the payment item. Read here because order-store has no
 * reader for it yet (it would belong there).
 */
async function recordedPaymentState(
  ctx: TableContext,
  paymentId: number,
): Promise<string | undefined> {
  const result = await ctx.doc
    .send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: keys.payment(ctx.orgId, paymentId),
        ProjectionExpression: '#state',
        ExpressionAttributeNames: { '#state': 'state' },
        ConsistentRead: true,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('get payment state', cause)
    })
  const state = result.Item?.state
  return typeof state === 'string' ? state : undefined
}
