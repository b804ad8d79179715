import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { MembershipRecord, ReceiptRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import { putMemberSearchEntries } from './membership-store.js'
import type { TransactItem } from './receipt-items.js'
import { getPaymentReceiptNumber, issueItems, type NewReceipt } from './receipt-store.js'
import { sealedSnapshot, type TableContext } from './table-context.js'
import { withNextNumber } from './with-next-number.js'

/** What the numbering step needs: the receipt as drafted and the memberships written with it. */
export interface ReceiptDraft {
  receipt: NewReceipt
  memberships: MembershipRecord[]
  /**
   * The payment had an open review item when it was drafted (analysed again after a
   * configuration change): the numbering step settles it. Known here, in the parallel step, so
   * the serialized one reads nothing more for the usual payment.
   */
  reviewToSettle?: boolean
  /**
   * The members' search entries were written with the draft (putMemberSearchEntries). A draft
   * saved by an earlier version has them written by the numbering step instead.
   */
  memberSearchWritten?: boolean
}

export type DraftOutcome =
  | { outcome: 'issued'; receipt: ReceiptRecord; reviewToSettle: boolean }
  | { outcome: 'duplicate'; number: string }
  /** HelloAsso's last recorded state of the payment is not paid any more (a refund came first). */
  | { outcome: 'not-paid' }
  | { outcome: 'no-draft' }

/**
 * Keeps the drafted receipt until it is numbered. A replay overwrites it with its own (fresher)
 * reading; whichever the numbering step reads, the payment's claim keeps one receipt per payment.
 */
export async function saveReceiptDraft(ctx: TableContext, draft: ReceiptDraft): Promise<void> {
  const paymentId = draft.receipt.paymentId
  await ctx.doc
    .send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: {
          ...keys.receiptDraft(ctx.orgId, paymentId),
          gsi2pk: keys.pendingIndex(ctx.orgId),
          // Pending since it was drafted: the receipt's issue time is the draft's.
          gsi2sk: keys.pendingSortKey('number', draft.receipt.issuedAt, String(paymentId)),
          work: { type: 'number', paymentId },
          // Drafted (and queued) now: the draft's issue instant is the moment it was made.
          queuedAt: draft.receipt.issuedAt,
          draft,
        },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('save receipt draft', cause)
    })
}

export async function getReceiptDraft(
  ctx: TableContext,
  paymentId: number,
): Promise<ReceiptDraft | undefined> {
  const item = await getItem(ctx, keys.receiptDraft(ctx.orgId, paymentId), 'get receipt draft')
  return item?.draft as ReceiptDraft | undefined
}

async function deleteReceiptDraft(ctx: TableContext, paymentId: number): Promise<void> {
  await ctx.doc
    .send(
      new DeleteCommand({ TableName: ctx.tableName, Key: keys.receiptDraft(ctx.orgId, paymentId) }),
    )
    .catch((cause) => {
      throw storeUnavailable('delete receipt draft', cause)
    })
}

/**
 * Numbers a payment's drafted receipt: counter, claim, receipt, ledger, delivery marker and
 * memberships as issueReceipt writes them, plus the draft's removal and a check that the
 * payment is still recorded as paid, all in ONE transaction. Replayed as often as SQS likes,
 * it issues at most one receipt per payment (the claim) and never numbers a refunded payment
 * whose refund was recorded first (a later refund cancels the receipt as usual).
 */
export async function issueDraftedReceipt(
  ctx: TableContext,
  paymentId: number,
  /** The instant of issue: now, so issue dates follow the numbers. */
  issuedAt: string,
  /** The last number taken per table, organisation and year, kept by the caller. */
  counterHints?: Map<string, number>,
): Promise<DraftOutcome> {
  const stored = await getReceiptDraft(ctx, paymentId)
  if (!stored) return { outcome: 'no-draft' }
  const { receipt: draft, memberships } = stored
  if (!stored.memberSearchWritten) await putMemberSearchEntries(ctx, memberships)
  const hintKey = `${ctx.tableName}#${ctx.orgId}#${draft.year}`
  const lastKnown = counterHints?.get(hintKey)
  const options = lastKnown === undefined ? {} : { lastKnown }
  const written = await withNextNumber(
    ctx,
    draft.year,
    (number, sequence) => {
      const receipt: ReceiptRecord = {
        ...draft,
        number,
        sequence,
        issuedAt,
        snapshot: sealedSnapshot(ctx, { ...draft.snapshot, number, issuedAt }),
        history: [{ at: issuedAt, event: 'issued' }],
      }
      return { items: draftNumberingItems(ctx, receipt, memberships), result: receipt }
    },
    options,
  )
  counterHints?.delete(hintKey)
  if ('done' in written) {
    counterHints?.set(hintKey, written.done.sequence)
    return {
      outcome: 'issued',
      receipt: written.done,
      reviewToSettle: stored.reviewToSettle === true,
    }
  }
  const paidCheckIndex = written.codes.length - 1
  if (written.failedAt === paidCheckIndex) {
    await deleteReceiptDraft(ctx, paymentId)
    return { outcome: 'not-paid' }
  }
  // Item 1 is the payment's claim: someone receipted this payment first.
  const existing =
    written.failedAt === 1 ? await getPaymentReceiptNumber(ctx, paymentId) : undefined
  if (existing) {
    await deleteReceiptDraft(ctx, paymentId)
    return { outcome: 'duplicate', number: existing }
  }
  throw new AppError(
    'store.conflict',
    `receipt for payment ${paymentId} hit a concurrent change; will retry`,
  )
}

/**
 * The items of the numbering transaction besides the counter. Bounded whatever the payer typed:
 * search words are capped, members' own search entries are written before, and at most a few
 * memberships ride along (draft-payment-receipt.ts); test/store pins the worst case under
 * NUMBERING_ITEM_BUDGET.
 */
export function draftNumberingItems(
  ctx: TableContext,
  receipt: ReceiptRecord,
  memberships: MembershipRecord[],
): TransactItem[] {
  return [
    ...issueItems(ctx, receipt, memberships),
    draftDelete(ctx, receipt.paymentId),
    paidCheck(ctx, receipt.paymentId),
  ]
}

/** The most items the numbering transaction may hold, counter included: half DynamoDB's 100. */
export const NUMBERING_ITEM_BUDGET = 50

/**
 * A draft whose numbering failed for good, as an item of the dead letter's transaction: off the
 * pending work (the re-queue stops sending it), kept so a replay of the dead letter numbers it.
 */
export function draftOffPendingItem(ctx: TableContext, paymentId: number): TransactItem {
  return {
    Update: {
      TableName: ctx.tableName,
      Key: keys.receiptDraft(ctx.orgId, paymentId),
      UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
      ConditionExpression: 'attribute_exists(pk)',
    },
  }
}

function draftDelete(ctx: TableContext, paymentId: number): TransactItem {
  return { Delete: { TableName: ctx.tableName, Key: keys.receiptDraft(ctx.orgId, paymentId) } }
}

function paidCheck(ctx: TableContext, paymentId: number): TransactItem {
  return {
    ConditionCheck: {
      TableName: ctx.tableName,
      Key: keys.payment(ctx.orgId, paymentId),
      ConditionExpression: '#status = :paid',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':paid': 'paid' },
    },
  }
}
