import { randomBytes } from 'node:crypto'
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { DeliveryState, ReceiptRecord } from '../domain/records.js'
import { isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { deliveryOutcomeItem } from './failed-deliveries-store.js'
import { keys } from './keys.js'
import type { DeliveryKind, TransactItem } from './receipt-items.js'
import type { TableContext } from './table-context.js'

export type { DeliveryKind } from './receipt-items.js'

const deliveryField = (kind: DeliveryKind) =>
  kind === 'receipt' ? 'delivery' : 'cancellationDelivery'

/** A claim that went through: the receipt as claimed, and this sending's identity (see DeliveryState.sendId). */
export interface DeliveryClaim {
  receipt: ReceiptRecord
  sendId: string
}

/**
 * Takes the right to send for `leaseMs`. Fails (returns undefined) when the mail was sent
 * already, another worker holds a fresh lease, or (for the receipt itself) the receipt is no
 * longer live; a crashed worker's lease expires and the retry takes over. Taking over keeps the
 * crashed worker's `sendId`: if its message did go out, the retry sends the very same message.
 */
export async function claimDelivery(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  now: Date,
  leaseMs: number,
): Promise<DeliveryClaim | undefined> {
  try {
    const result = await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.receipt(ctx.orgId, number),
        UpdateExpression:
          'SET #record.#d.#status = :sending, #record.#d.leaseUntil = :until, #record.#d.sendId = if_not_exists(#record.#d.sendId, :sendId)',
        ConditionExpression: `attribute_exists(#record.#d) AND #record.#d.#status <> :sent AND #record.#d.#status <> :notSent AND (#record.#d.#status <> :sending OR #record.#d.leaseUntil < :now)${kind === 'receipt' ? ' AND #record.#status = :issued' : ''}`,
        ExpressionAttributeNames: {
          '#record': 'record',
          '#d': deliveryField(kind),
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':sent': 'sent',
          ':notSent': 'not-sent',
          ':until': new Date(now.getTime() + leaseMs).toISOString(),
          ':now': now.toISOString(),
          ':sendId': randomBytes(8).toString('hex'),
          ...(kind === 'receipt' ? { ':issued': 'issued' } : {}),
        },
        // The whole receipt back: the sender needs no read of its own.
        ReturnValues: 'ALL_NEW',
      }),
    )
    const receipt = result.Attributes?.record as ReceiptRecord | undefined
    const sendId = receipt?.[deliveryField(kind)]?.sendId
    if (!receipt || typeof sendId !== 'string') throw new Error('the claim returned no receipt')
    return { receipt, sendId }
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined
    throw storeUnavailable('claim delivery', error)
  }
}

/**
 * Records a delivery's new state and history line. A final state (sent, failed, not sent) also
 * updates the failed-emails list and removes the pending-delivery marker in the same
 * transaction: a kill between them would leave a marker that re-queues a finished delivery at
 * every start, forever.
 */
export async function recordDelivery(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  state: DeliveryState,
  historyEvent: { at: string; event: string; detail?: string },
): Promise<void> {
  const update: TransactItem = {
    Update: {
      TableName: ctx.tableName,
      Key: keys.receipt(ctx.orgId, number),
      UpdateExpression:
        'SET #record.#d = :state, #record.history = list_append(#record.history, :event)',
      ExpressionAttributeNames: { '#record': 'record', '#d': deliveryField(kind) },
      ExpressionAttributeValues: { ':state': state, ':event': [historyEvent] },
    },
  }
  const final = state.status === 'sent' || state.status === 'failed' || state.status === 'not-sent'
  const items: TransactItem[] = final
    ? [
        update,
        deliveryOutcomeItem(
          ctx,
          number,
          kind,
          state.status === 'failed'
            ? { failed: true, reason: state.lastError ?? 'échec', at: historyEvent.at }
            : { failed: false },
        ),
        {
          Delete: { TableName: ctx.tableName, Key: keys.pendingDelivery(ctx.orgId, number, kind) },
        },
      ]
    : [update]
  await ctx.doc.send(new TransactWriteCommand({ TransactItems: items })).catch((cause) => {
    throw storeUnavailable('record delivery', cause)
  })
}

/**
 * A delivery that failed for good (its message dead-lettered: an unknown error past its
 * attempts, or a permanent one outside the send), as items of the dead letter's transaction:
 * the email is `failed` with the error, listed with the failed emails, off the pending work.
 * Item 0 holds the condition: the delivery exists and is not final already (sent, withheld).
 */
export function deliveryFailedForGoodItems(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  failure: { at: string; error: string },
): TransactItem[] {
  return [
    {
      Update: {
        TableName: ctx.tableName,
        Key: keys.receipt(ctx.orgId, number),
        UpdateExpression:
          'SET #record.#d.#status = :failed, #record.#d.lastError = :error, #record.history = list_append(#record.history, :event) REMOVE #record.#d.leaseUntil, #record.#d.sendId',
        ConditionExpression:
          'attribute_exists(#record.#d) AND #record.#d.#status <> :sent AND #record.#d.#status <> :notSent',
        ExpressionAttributeNames: {
          '#record': 'record',
          '#d': deliveryField(kind),
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':error': failure.error,
          ':sent': 'sent',
          ':notSent': 'not-sent',
          ':event': [{ at: failure.at, event: `${kind}-email-failed`, detail: failure.error }],
        },
      },
    },
    deliveryOutcomeItem(ctx, number, kind, { failed: true, reason: failure.error, at: failure.at }),
    pendingDeliveryDelete(ctx, number, kind),
  ]
}

/** Removes a delivery's pending marker (no condition: an absent one is fine). */
export function pendingDeliveryDelete(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
): TransactItem {
  return {
    Delete: { TableName: ctx.tableName, Key: keys.pendingDelivery(ctx.orgId, number, kind) },
  }
}
