import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { MembershipRecord, ReceiptRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { cancellationCodes, storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import { leaveIssuedItems } from './leave-issued.js'
import {
  claimPut,
  ledgerPut,
  membershipPut,
  pendingDeliveryItem,
  receiptItem,
  searchIndexPuts,
  statsUpdate,
  type TransactItem,
} from './receipt-items.js'
import { closeReceiptEmailReviews } from './review-updates.js'
import { sealedSnapshot, type TableContext } from './table-context.js'
import { withNextNumber } from './with-next-number.js'

export type NewReceipt = Omit<ReceiptRecord, 'number' | 'sequence' | 'snapshot' | 'history'> & {
  snapshot: Omit<ReceiptRecord['snapshot'], 'number'>
}

export type IssueOutcome =
  | { outcome: 'issued'; receipt: ReceiptRecord }
  | { outcome: 'duplicate'; number: string }
  /** One of the caller's own items (`extraItems`) failed its condition: nothing was written. */
  | { outcome: 'refused' }

export async function getReceipt(
  ctx: TableContext,
  number: string,
): Promise<ReceiptRecord | undefined> {
  const item = await getItem(ctx, keys.receipt(ctx.orgId, number), 'get receipt')
  return item?.record as ReceiptRecord | undefined
}

export async function getPaymentReceiptNumber(
  ctx: TableContext,
  paymentId: number,
): Promise<string | undefined> {
  const item = await getItem(ctx, keys.paymentReceipt(ctx.orgId, paymentId), 'get payment receipt')
  return item?.number as string | undefined
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
  /** Written in the same transaction, given the number (closing a review item, audit entries). */
  extraItems: (number: string) => TransactItem[] = () => [],
): Promise<IssueOutcome> {
  let ownItems = 0
  const written = await withNextNumber(ctx, draft.year, (number, sequence) => {
    const receipt: ReceiptRecord = {
      ...draft,
      number,
      sequence,
      snapshot: sealedSnapshot(ctx, { ...draft.snapshot, number }),
      history: [{ at: draft.issuedAt, event: 'issued' }],
    }
    const items = issueItems(ctx, receipt, memberships)
    ownItems = items.length
    return { items: [...items, ...extraItems(number)], result: receipt }
  })
  if ('done' in written) return { outcome: 'issued', receipt: written.done }
  // After the counter (0) and the receipt's own items come the caller's.
  if (written.failedAt > ownItems) return { outcome: 'refused' }
  // Item 1 is the payment's claim: someone receipted this payment first.
  const existing =
    written.failedAt === 1 ? await getPaymentReceiptNumber(ctx, draft.paymentId) : undefined
  if (existing) return { outcome: 'duplicate', number: existing }
  throw new AppError(
    'store.conflict',
    `receipt for payment ${draft.paymentId} hit a concurrent change; will retry`,
  )
}

/**
 * Claim, receipt, ledger, delivery marker, search entries and memberships of a new receipt. The
 * members' own search entries are not here: they do not depend on the number, and a payer's
 * words must not grow the numbering transaction (the caller writes them first,
 * putMemberSearchEntries).
 */
export function issueItems(
  ctx: TableContext,
  receipt: ReceiptRecord,
  memberships: MembershipRecord[],
): TransactItem[] {
  return [
    claimPut(ctx, receipt.paymentId, receipt.number),
    ...newReceiptItems(ctx, receipt),
    ...memberships.map((membership) => membershipPut(ctx, membership)),
  ]
}

/**
 * What every newly numbered receipt writes besides its claims: the receipt (it must not exist),
 * its ledger line, the delivery marker, the search entries and the year's running totals.
 */
export function newReceiptItems(ctx: TableContext, receipt: ReceiptRecord): TransactItem[] {
  return [
    {
      Put: {
        TableName: ctx.tableName,
        Item: receiptItem(ctx, receipt),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ledgerPut(ctx, receipt, 'issued', receipt.issuedAt),
    {
      Put: {
        TableName: ctx.tableName,
        Item: pendingDeliveryItem(ctx, receipt.number, 'receipt', receipt.issuedAt),
      },
    },
    ...searchIndexPuts(ctx, receipt),
    statsUpdate(ctx, [{ receipt, sign: 1 }]),
  ]
}

/**
 * The live receipt a payment is on, with the numbers of its correction chain. A correction
 * moves only the first payment's claim, so a yearly summary's other payments still name the
 * number first issued: follow `replacedBy` from there.
 */
export async function liveReceiptOfPayment(
  ctx: TableContext,
  paymentId: number,
): Promise<{ receipt: ReceiptRecord; numbers: string[] } | undefined> {
  const numbers: string[] = []
  let number = await getPaymentReceiptNumber(ctx, paymentId)
  while (number && !numbers.includes(number)) {
    numbers.push(number)
    const receipt = await getReceipt(ctx, number)
    if (receipt?.status === 'issued') return { receipt, numbers }
    number = receipt?.status === 'replaced' ? receipt.replacedBy?.number : undefined
  }
  return undefined
}

/**
 * Cancels a live receipt (number kept) and writes the ledger entry in one transaction, with the
 * caller's extra items (an audit entry). `notify` queues the payer's cancellation notice; the
 * receipt email itself, if not sent yet, will not be (see leaveIssuedItems).
 * Returns false when it was not live any more (already cancelled or replaced) or its delivery
 * moved meanwhile: the caller re-reads and decides again.
 */
export async function cancelReceipt(
  ctx: TableContext,
  receipt: ReceiptRecord,
  cancellation: NonNullable<ReceiptRecord['cancellation']>,
  options: { notify?: boolean; extraItems?: TransactItem[] } = {},
): Promise<boolean> {
  const notify = options.notify ?? true
  const items: TransactItem[] = [
    ...leaveIssuedItems(ctx, receipt, {
      status: 'cancelled',
      at: cancellation.at,
      set: {
        cancellation,
        ...(notify ? { cancellationDelivery: { status: 'pending' as const, attempts: 0 } } : {}),
      },
      event: { event: 'cancelled', detail: cancellation.reason },
    }),
    ledgerPut(ctx, receipt, 'cancelled', cancellation.at, { reason: cancellation.reason }),
    ...(notify
      ? [
          {
            Put: {
              TableName: ctx.tableName,
              Item: pendingDeliveryItem(ctx, receipt.number, 'cancellation', cancellation.at),
            },
          },
        ]
      : []),
    statsUpdate(ctx, [{ receipt, sign: -1 }]),
    ...(options.extraItems ?? []),
  ]
  try {
    await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }))
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false
    throw storeUnavailable('cancel receipt', error)
  }
  await closeReceiptEmailReviews(
    ctx,
    receipt,
    cancellation.at,
    'Reçu annulé : son e-mail n’a plus à être renvoyé.',
  )
  return true
}
