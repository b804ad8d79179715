import {
  DeleteCommand,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { DeliveryState, MembershipRecord, ReceiptRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { cancellationCodes, isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { keys, receiptNumber } from './keys.js'
import type { TableContext } from './table-context.js'

export type NewReceipt = Omit<ReceiptRecord, 'number' | 'sequence' | 'snapshot' | 'history'> & {
  snapshot: Omit<ReceiptRecord['snapshot'], 'number'>
}

export type IssueOutcome =
  | { outcome: 'issued'; receipt: ReceiptRecord }
  | { outcome: 'duplicate'; number: string }

const MAX_COUNTER_CONFLICTS = 50

export async function getReceipt(
  ctx: TableContext,
  number: string,
): Promise<ReceiptRecord | undefined> {
  const result = await ctx.doc
    .send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: keys.receipt(ctx.orgId, number),
        ConsistentRead: true,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('get receipt', cause)
    })
  return result.Item?.record as ReceiptRecord | undefined
}

export async function getPaymentReceiptNumber(
  ctx: TableContext,
  paymentId: number,
): Promise<string | undefined> {
  const result = await ctx.doc
    .send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: keys.paymentReceipt(ctx.orgId, paymentId),
        ConsistentRead: true,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('get payment receipt', cause)
    })
  return result.Item?.number as string | undefined
}

/**
 * Allocates the next number of the tax year and writes counter, receipt, the payment's receipt
 * claim, the ledger entry and the membership in ONE transaction: either all exist or none, so
 * the series has no gap and a payment never gets two receipts (invariants 2 and 3). A
 * concurrent writer makes the counter condition fail; we then re-read and retry.
 */
export async function issueReceipt(
  ctx: TableContext,
  draft: NewReceipt,
  memberships: MembershipRecord[] = [],
): Promise<IssueOutcome> {
  for (let attempt = 0; attempt < MAX_COUNTER_CONFLICTS; attempt++) {
    const last = await readCounter(ctx, draft.year)
    const sequence = last + 1
    const number = receiptNumber(draft.year, sequence)
    const receipt: ReceiptRecord = {
      ...draft,
      number,
      sequence,
      snapshot: { ...draft.snapshot, number },
      history: [{ at: draft.issuedAt, event: 'issued' }],
    }
    try {
      await ctx.doc.send(
        new TransactWriteCommand({ TransactItems: issueItems(ctx, receipt, last, memberships) }),
      )
      return { outcome: 'issued', receipt }
    } catch (error) {
      const codes = cancellationCodes(error)
      if (!codes) throw storeUnavailable('issue receipt', error)
      if (codes[1] === 'ConditionalCheckFailed') {
        const existing = await getPaymentReceiptNumber(ctx, draft.paymentId)
        if (existing) return { outcome: 'duplicate', number: existing }
      }
      if (codes[0] !== 'ConditionalCheckFailed' && !codes.includes('TransactionConflict')) {
        throw storeUnavailable('issue receipt', error)
      }
    }
  }
  throw new AppError('store.conflict', `receipt counter of ${draft.year} kept changing; will retry`)
}

function issueItems(
  ctx: TableContext,
  receipt: ReceiptRecord,
  last: number,
  memberships: MembershipRecord[],
) {
  const { orgId } = ctx
  const TableName = ctx.tableName
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> =
    [
      {
        Update: {
          TableName,
          Key: keys.counter(orgId, receipt.year),
          UpdateExpression: 'SET #last = :next',
          ConditionExpression: last === 0 ? 'attribute_not_exists(pk)' : '#last = :last',
          ExpressionAttributeNames: { '#last': 'last' },
          ExpressionAttributeValues:
            last === 0
              ? { ':next': receipt.sequence }
              : { ':next': receipt.sequence, ':last': last },
        },
      },
      {
        Put: {
          TableName,
          Item: { ...keys.paymentReceipt(orgId, receipt.paymentId), number: receipt.number },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName,
          Item: {
            ...keys.receipt(orgId, receipt.number),
            gsi1pk: keys.receiptsByYear(orgId, receipt.year),
            gsi1sk: receipt.number,
            ...(receipt.payerEmail
              ? { gsi2pk: keys.receiptsByEmail(orgId, receipt.payerEmail), gsi2sk: receipt.number }
              : {}),
            record: receipt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName,
          Item: {
            ...keys.ledgerEntry(orgId, receipt.year, `${receipt.number}#issued`),
            event: 'issued',
            number: receipt.number,
            at: receipt.issuedAt,
            amountCents: receipt.snapshot.amountCents,
            form: receipt.form,
            paymentId: receipt.paymentId,
          },
        },
      },
    ]
  items.push({ Put: { TableName, Item: pendingDeliveryItem(ctx, receipt.number, 'receipt') } })
  for (const membership of memberships) {
    items.push({
      Put: {
        TableName,
        Item: { ...keys.membership(orgId, membership.itemId), record: membership },
      },
    })
  }
  return items
}

async function readCounter(ctx: TableContext, year: number): Promise<number> {
  const result = await ctx.doc
    .send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: keys.counter(ctx.orgId, year),
        ConsistentRead: true,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('read counter', cause)
    })
  return (result.Item?.last as number | undefined) ?? 0
}

/**
 * Cancels a live receipt (number kept) and writes the ledger entry in one transaction.
 * Returns false when it was not live any more (already cancelled: a replay).
 */
export async function cancelReceipt(
  ctx: TableContext,
  receipt: ReceiptRecord,
  cancellation: NonNullable<ReceiptRecord['cancellation']>,
): Promise<boolean> {
  const updated: ReceiptRecord = {
    ...receipt,
    status: 'cancelled',
    cancellation,
    cancellationDelivery: { status: 'pending', attempts: 0 },
    history: [
      ...receipt.history,
      { at: cancellation.at, event: 'cancelled', detail: cancellation.reason },
    ],
  }
  try {
    await ctx.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: ctx.tableName,
              Item: receiptItem(ctx, updated),
              ConditionExpression: '#record.#status = :issued',
              ExpressionAttributeNames: { '#record': 'record', '#status': 'status' },
              ExpressionAttributeValues: { ':issued': 'issued' },
            },
          },
          {
            Put: {
              TableName: ctx.tableName,
              Item: {
                ...keys.ledgerEntry(ctx.orgId, receipt.year, `${receipt.number}#cancelled`),
                event: 'cancelled',
                number: receipt.number,
                at: cancellation.at,
                amountCents: receipt.snapshot.amountCents,
                form: receipt.form,
                reason: cancellation.reason,
              },
            },
          },
          {
            Put: {
              TableName: ctx.tableName,
              Item: pendingDeliveryItem(ctx, receipt.number, 'cancellation'),
            },
          },
        ],
      }),
    )
    return true
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false
    throw storeUnavailable('cancel receipt', error)
  }
}

function pendingDeliveryItem(ctx: TableContext, number: string, kind: DeliveryKind) {
  return {
    ...keys.pendingDelivery(ctx.orgId, number, kind),
    gsi2pk: keys.pendingIndex(ctx.orgId),
    gsi2sk: `delivery#${number}#${kind}`,
    work: { type: 'deliver', number, kind },
  }
}

function receiptItem(ctx: TableContext, receipt: ReceiptRecord) {
  return {
    ...keys.receipt(ctx.orgId, receipt.number),
    gsi1pk: keys.receiptsByYear(ctx.orgId, receipt.year),
    gsi1sk: receipt.number,
    ...(receipt.payerEmail
      ? { gsi2pk: keys.receiptsByEmail(ctx.orgId, receipt.payerEmail), gsi2sk: receipt.number }
      : {}),
    record: receipt,
  }
}

export type DeliveryKind = 'receipt' | 'cancellation'
const deliveryField = (kind: DeliveryKind) =>
  kind === 'receipt' ? 'delivery' : 'cancellationDelivery'

/**
 * Takes the right to send for `leaseMs`. Fails (returns false) when the mail was sent already or
 * another worker holds a fresh lease; a crashed worker's lease expires and the retry takes over.
 */
export async function claimDelivery(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  try {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.receipt(ctx.orgId, number),
        UpdateExpression: 'SET #record.#d.#status = :sending, #record.#d.leaseUntil = :until',
        ConditionExpression:
          'attribute_exists(#record.#d) AND #record.#d.#status <> :sent AND (#record.#d.#status <> :sending OR #record.#d.leaseUntil < :now)',
        ExpressionAttributeNames: {
          '#record': 'record',
          '#d': deliveryField(kind),
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':sent': 'sent',
          ':until': new Date(now.getTime() + leaseMs).toISOString(),
          ':now': now.toISOString(),
        },
      }),
    )
    return true
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false
    throw storeUnavailable('claim delivery', error)
  }
}

export async function recordDelivery(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  state: DeliveryState,
  historyEvent: { at: string; event: string; detail?: string },
): Promise<void> {
  await ctx.doc
    .send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.receipt(ctx.orgId, number),
        UpdateExpression:
          'SET #record.#d = :state, #record.history = list_append(#record.history, :event)',
        ExpressionAttributeNames: { '#record': 'record', '#d': deliveryField(kind) },
        ExpressionAttributeValues: { ':state': state, ':event': [historyEvent] },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('record delivery', cause)
    })
  if (state.status === 'sent' || state.status === 'failed') {
    await ctx.doc
      .send(
        new DeleteCommand({
          TableName: ctx.tableName,
          Key: keys.pendingDelivery(ctx.orgId, number, kind),
        }),
      )
      .catch((cause) => {
        throw storeUnavailable('clear pending delivery', cause)
      })
  }
}
