import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { DeliveryState, ReceiptRecord } from '../domain/records.js'
import { newSendId } from '../domain/send-id.js'
import { cancellationCodes, isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { deliveryOutcomeItem, noteDeliveryOutcome } from './failed-deliveries-store.js'
import { keys } from './keys.js'
import { type DeliveryKind, pendingDeliveryItem, type TransactItem } from './receipt-items.js'
import type { TableContext } from './table-context.js'

export type { DeliveryKind } from './receipt-items.js'

/**
 * Every state change of a receipt's emails, and the conditions that guard them, in one place:
 * pending → sending (a claim, under a lease) → sent | failed | not-sent, or back to pending after
 * a transient failure; a resend makes a sent or failed email pending again; a receipt that
 * leaves circulation withdraws an email still waiting. Bounces and complaints come back on a
 * sent email. The receipt email and its cancellation notice each have their own state
 * (`delivery`, `cancellationDelivery`).
 */
const deliveryField = (kind: DeliveryKind) =>
  kind === 'receipt' ? 'delivery' : 'cancellationDelivery'

type HistoryEvent = ReceiptRecord['history'][number]

/** The state of one of a receipt's emails (the one read helper of deliveries). */
export function deliveryOf(receipt: ReceiptRecord, kind: DeliveryKind): DeliveryState | undefined {
  return kind === 'receipt' ? receipt.delivery : receipt.cancellationDelivery
}

/** Whether a worker holds the email now: its lease has not run out. */
export function isHeld(state: DeliveryState, now: Date): boolean {
  return state.status === 'sending' && !(Date.parse(state.leaseUntil ?? '') < now.getTime())
}

/** A claim that went through: the receipt as claimed, and this sending's identity (see DeliveryState.sendId). */
export interface DeliveryClaim {
  receipt: ReceiptRecord
  sendId: string
  /**
   * Set when the claim continues a sending begun before (same sendId), whose message may have
   * left: `takeover` of a lease whose worker died (outcome unknown), `retry` after a failure.
   */
  resumed?: 'takeover' | 'retry'
}

/**
 * What a claim is for: to `send` the email, or to `settle` the receipt email of a receipt no
 * longer live: find out whether its last sending went, and send nothing.
 */
export type ClaimPurpose = 'send' | 'settle'

/**
 * What a claim requires beyond a free, unfinished delivery: the receipt email is sent only while
 * the receipt is live (and settled only once it is not); a cancellation notice only while no
 * sending of the receipt is in flight, so that the notice never overtakes it.
 */
function claimCondition(kind: DeliveryKind, purpose: ClaimPurpose): string {
  if (kind === 'cancellation') return ' AND #record.delivery.#status <> :sending'
  return purpose === 'send' ? ' AND #record.#status = :issued' : ' AND #record.#status <> :issued'
}

/**
 * Takes the right to send for `leaseMs`. Fails (returns undefined) when the mail was sent
 * already, another worker holds a fresh lease, or the purpose's condition does not hold; a
 * crashed worker's lease expires and the retry takes over. Taking over keeps the crashed
 * worker's `sendId`: if its message did go out, the retry finds it (Mailer.findSent) or sends
 * the very same message.
 */
export async function claimDelivery(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  now: Date,
  leaseMs: number,
  purpose: ClaimPurpose = 'send',
): Promise<DeliveryClaim | undefined> {
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString()
  const minted = newSendId()
  try {
    const result = await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.receipt(ctx.orgId, number),
        UpdateExpression:
          'SET #record.#d.#status = :sending, #record.#d.leaseUntil = :until, #record.#d.sendId = if_not_exists(#record.#d.sendId, :sendId)',
        ConditionExpression: `attribute_exists(#record.#d) AND #record.#d.#status <> :sent AND #record.#d.#status <> :notSent AND (#record.#d.#status <> :sending OR #record.#d.leaseUntil < :now)${claimCondition(kind, purpose)}`,
        ExpressionAttributeNames: {
          '#record': 'record',
          '#d': deliveryField(kind),
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':sent': 'sent',
          ':notSent': 'not-sent',
          ':until': leaseUntil,
          ':now': now.toISOString(),
          ':sendId': minted,
          ...(kind === 'receipt' ? { ':issued': 'issued' } : {}),
        },
        // The whole receipt as it was: the sender needs no read of its own, and the old state
        // says whether this claim continues an earlier sending.
        ReturnValues: 'ALL_OLD',
      }),
    )
    const before = result.Attributes?.record as ReceiptRecord | undefined
    const was = before && deliveryOf(before, kind)
    if (!before || !was) throw new Error('the claim returned no receipt')
    const sendId = was.sendId ?? minted
    const claimed: DeliveryState = { ...was, status: 'sending', leaseUntil, sendId }
    const resumed = was.sendId ? (was.status === 'sending' ? 'takeover' : 'retry') : undefined
    return {
      receipt: { ...before, [deliveryField(kind)]: claimed },
      sendId,
      ...(resumed ? { resumed } : {}),
    }
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined
    throw storeUnavailable('claim delivery', error)
  }
}

/**
 * Records a delivery's new state and history line. A final state (sent, failed, not sent) also
 * updates the failed-emails list, removes the pending-delivery marker and forgets SES's word on
 * the sending that ended (`endedSendId`) in the same transaction: a kill between them would
 * leave a marker that re-queues a finished delivery at every start, forever.
 */
export async function recordDelivery(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  state: DeliveryState,
  historyEvent: HistoryEvent,
  endedSendId?: string,
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
        ...(endedSendId
          ? [{ Delete: { TableName: ctx.tableName, Key: keys.sesSend(ctx.orgId, endedSendId) } }]
          : []),
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

/**
 * SES says it took the message of sending `sendId`. Kept only while that sending is still the
 * delivery's current one (unfinished: its worker may have died before recording it); once the
 * delivery recorded its outcome, there is nothing to keep. Returns whether it was kept.
 */
export async function recordSesSend(
  ctx: TableContext,
  send: { number: string; kind: DeliveryKind; sendId: string; sesMessageId: string; at: string },
): Promise<boolean> {
  const { number, kind, sendId, sesMessageId, at } = send
  try {
    await ctx.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: ctx.tableName,
              Item: { ...keys.sesSend(ctx.orgId, sendId), number, kind, sesMessageId, at },
            },
          },
          {
            ConditionCheck: {
              TableName: ctx.tableName,
              Key: keys.receipt(ctx.orgId, number),
              ConditionExpression: '#record.#d.sendId = :sendId',
              ExpressionAttributeNames: { '#record': 'record', '#d': deliveryField(kind) },
              ExpressionAttributeValues: { ':sendId': sendId },
            },
          },
        ],
      }),
    )
    return true
  } catch (error) {
    if (cancellationCodes(error)?.[1] === 'ConditionalCheckFailed') return false
    throw storeUnavailable('record SES send', error)
  }
}

/** SES's word on a sending, if it came while the sending was unfinished (see recordSesSend). */
export async function findSesSend(
  ctx: TableContext,
  sendId: string,
): Promise<{ sesMessageId: string } | undefined> {
  const result = await ctx.doc
    .send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: keys.sesSend(ctx.orgId, sendId),
        ConsistentRead: true,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('find SES send', cause)
    })
  const id = result.Item?.sesMessageId
  return typeof id === 'string' ? { sesMessageId: id } : undefined
}

/**
 * A staff resend: the receipt's email pending again as a new sending (no sendId), maybe to a
 * corrected address, with its pending marker and the caller's items (the audit entry), in one
 * transaction. Returns false when the receipt stopped being live or a worker started sending it
 * meanwhile.
 */
export async function requestResend(
  ctx: TableContext,
  number: string,
  resend: { payerEmail: string; delivery: DeliveryState; event: HistoryEvent },
  extraItems: TransactItem[],
): Promise<boolean> {
  const update: TransactItem = {
    Update: {
      TableName: ctx.tableName,
      Key: keys.receipt(ctx.orgId, number),
      UpdateExpression:
        'SET #record.payerEmail = :email, gsi2pk = :byEmail, gsi2sk = :number, #record.delivery = :delivery, #record.history = list_append(#record.history, :events)',
      ConditionExpression: '#record.#status = :issued AND #record.delivery.#status <> :sending',
      ExpressionAttributeNames: { '#record': 'record', '#status': 'status' },
      ExpressionAttributeValues: {
        ':email': resend.payerEmail,
        ':byEmail': keys.receiptsByEmail(ctx.orgId, resend.payerEmail),
        ':number': number,
        ':delivery': resend.delivery,
        ':events': [resend.event],
        ':issued': 'issued',
        ':sending': 'sending',
      },
    },
  }
  const marker: TransactItem = {
    Put: {
      TableName: ctx.tableName,
      Item: pendingDeliveryItem(ctx, number, 'receipt', resend.event.at),
    },
  }
  try {
    await ctx.doc.send(new TransactWriteCommand({ TransactItems: [update, marker, ...extraItems] }))
    return true
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false
    throw storeUnavailable('resend receipt', error)
  }
}

/** Part of a caller's update of the receipt record: what it sets, under which condition. */
export interface RecordUpdatePart {
  sets: string[]
  condition?: string
  names: Record<string, string>
  values: Record<string, unknown>
  events: HistoryEvent[]
}

/**
 * The receipt email's share in taking a receipt out of circulation (see leaveIssuedItems):
 * - an email still waiting (pending, or failed for good) is marked « not sent » in the caller's
 *   update, under the condition that it is still in the state read: a worker holding the lease
 *   finds the receipt not live and records it itself;
 * - its pending-delivery marker and failed-delivery entry go, so neither a retry nor the
 *   re-queue of pending work mails a receipt that is no longer valid. An email being sent keeps
 *   its marker: if its worker died, the re-queue runs a delivery that settles it (sent or not
 *   sent, see ClaimPurpose); without it, the email would stay `sending` for good.
 */
export function withdrawReceiptEmail(
  ctx: TableContext,
  receipt: ReceiptRecord,
  at: string,
  status: 'cancelled' | 'replaced',
): { update: RecordUpdatePart; items: TransactItem[] } {
  const seen = receipt.delivery.status
  const waiting = seen === 'pending' || seen === 'failed'
  const update: RecordUpdatePart = waiting
    ? {
        sets: ['#record.#delivery.#status = :notSent'],
        condition: '#record.#delivery.#status = :seen',
        names: { '#delivery': 'delivery', '#status': 'status' },
        values: { ':seen': seen, ':notSent': 'not-sent' },
        events: [withheldEvent(at, status)],
      }
    : { sets: [], names: {}, values: {}, events: [] }
  const marker: TransactItem = {
    Delete: {
      TableName: ctx.tableName,
      Key: keys.pendingDelivery(ctx.orgId, receipt.number, 'receipt'),
    },
  }
  return {
    update,
    items: [
      ...(seen === 'sending' ? [] : [marker]),
      deliveryOutcomeItem(ctx, receipt.number, 'receipt', { failed: false }),
    ],
  }
}

/** The history line of a receipt email that will not go: « not sent: cancelled ». */
export function withheldEvent(at: string, status: 'cancelled' | 'replaced'): HistoryEvent {
  return { at, event: 'receipt-email-withheld', detail: `not sent: ${status}` }
}

/**
 * Marks a sent email as undelivered, only while the delivery still records that very SES
 * message as sent: a bounce of an older send must not overwrite a resend. Returns false when
 * the condition does not hold (the caller reads the receipt to tell why).
 */
export async function markDeliveryUndelivered(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  sesMessageId: string,
  reason: string,
  at: string,
): Promise<boolean> {
  const marked = await conditionalUpdate(ctx, number, 'mark delivery undelivered', {
    UpdateExpression:
      'SET #record.#d.#status = :failed, #record.#d.lastError = :reason, #record.history = list_append(#record.history, :event)',
    ConditionExpression: '#record.#d.messageId = :messageId AND #record.#d.#status = :sent',
    ExpressionAttributeNames: {
      '#record': 'record',
      '#d': deliveryField(kind),
      '#status': 'status',
    },
    ExpressionAttributeValues: {
      ':failed': 'failed',
      ':sent': 'sent',
      ':messageId': sesMessageId,
      ':reason': reason,
      ':event': [{ at, event: `${kind}-email-undelivered`, detail: reason }],
    },
  })
  if (marked) await noteDeliveryOutcome(ctx, number, kind, { failed: true, reason, at })
  return marked
}

/** Notes a complaint in the receipt's history; the delivery itself stays `sent`. */
export async function noteDeliveryComplaint(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  sesMessageId: string,
  reason: string,
  at: string,
): Promise<boolean> {
  return conditionalUpdate(ctx, number, 'note delivery complaint', {
    UpdateExpression: 'SET #record.history = list_append(#record.history, :event)',
    ConditionExpression: '#record.#d.messageId = :messageId',
    ExpressionAttributeNames: { '#record': 'record', '#d': deliveryField(kind) },
    ExpressionAttributeValues: {
      ':messageId': sesMessageId,
      ':event': [{ at, event: `${kind}-email-complaint`, detail: reason }],
    },
  })
}

async function conditionalUpdate(
  ctx: TableContext,
  number: string,
  what: string,
  update: Pick<
    ConstructorParameters<typeof UpdateCommand>[0],
    | 'UpdateExpression'
    | 'ConditionExpression'
    | 'ExpressionAttributeNames'
    | 'ExpressionAttributeValues'
  >,
): Promise<boolean> {
  try {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.receipt(ctx.orgId, number),
        ...update,
      }),
    )
    return true
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false
    throw storeUnavailable(what, error)
  }
}
