import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Order } from '../helloasso/schemas.js'
import { isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

/** The last order as HelloAsso's API returned it: the provenance of memberships and receipts. */
export async function saveOrder(
  ctx: TableContext,
  order: Order,
  fetchedAt: string,
  verified: boolean,
): Promise<void> {
  await ctx.doc
    .send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: { ...keys.order(ctx.orgId, order.id), order, fetchedAt, verified },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('save order', cause)
    })
}

export async function getOrder(ctx: TableContext, orderId: number): Promise<Order | undefined> {
  return (await getStoredOrder(ctx, orderId))?.order
}

/** The stored order and whether it came from HelloAsso's API (false: unverified local mode). */
export async function getStoredOrder(
  ctx: TableContext,
  orderId: number,
): Promise<{ order: Order; verified: boolean } | undefined> {
  const item = await getItem(ctx, keys.order(ctx.orgId, orderId), 'get order')
  return item ? { order: item.order as Order, verified: Boolean(item.verified) } : undefined
}

export interface PaymentStateRecord {
  paymentId: number
  orderId: number
  state: string
  status: string
  amountCents: number
  date: string
  at: string
}

/** Keeps the payment's latest state and appends to its history only when the state changed. */
export async function recordPaymentState(
  ctx: TableContext,
  payment: PaymentStateRecord,
): Promise<'changed' | 'unchanged'> {
  try {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.payment(ctx.orgId, payment.paymentId),
        UpdateExpression:
          'SET orderId = :orderId, #state = :state, #status = :status, amountCents = :amount, #date = :date, updatedAt = :at, stateHistory = list_append(if_not_exists(stateHistory, :empty), :entry)',
        ConditionExpression: 'attribute_not_exists(#state) OR #state <> :state',
        ExpressionAttributeNames: { '#state': 'state', '#status': 'status', '#date': 'date' },
        ExpressionAttributeValues: {
          ':orderId': payment.orderId,
          ':state': payment.state,
          ':status': payment.status,
          ':amount': payment.amountCents,
          ':date': payment.date,
          ':at': payment.at,
          ':empty': [],
          ':entry': [{ state: payment.state, at: payment.at }],
        },
      }),
    )
    return 'changed'
  } catch (error) {
    if (isConditionalCheckFailed(error)) return 'unchanged'
    throw storeUnavailable('record payment state', error)
  }
}

/** HelloAsso's state of a payment as the processing path last recorded it (none if never). */
export async function getRecordedPaymentState(
  ctx: TableContext,
  paymentId: number,
): Promise<string | undefined> {
  const item = await getItem(ctx, keys.payment(ctx.orgId, paymentId), 'get payment state', {
    attributes: ['state'],
  })
  const state = item?.state
  return typeof state === 'string' ? state : undefined
}

/** A payment's state as last recorded and every state it went through, for the staff detail page. */
export interface PaymentHistory {
  state: string
  status: string
  stateHistory: { state: string; at: string }[]
}

export async function getPaymentHistory(
  ctx: TableContext,
  paymentId: number,
): Promise<PaymentHistory | undefined> {
  const item = await getItem(ctx, keys.payment(ctx.orgId, paymentId), 'get payment', {
    eventual: true,
  })
  if (!item) return undefined
  return {
    state: item.state as string,
    status: item.status as string,
    stateHistory: (item.stateHistory as PaymentHistory['stateHistory'] | undefined) ?? [],
  }
}
