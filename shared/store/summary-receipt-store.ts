import type { EligiblePayment } from '../domain/eligible-payment.js'
import type { ReceiptRecord } from '../domain/records.js'
import { eligibleStillAvailable } from './eligible-payment-store.js'
import { claimPut, type TransactItem } from './receipt-items.js'
import type { NewReceipt } from './receipt-store.js'
import { newReceiptItems } from './receipt-store.js'
import { sealedSnapshot, type TableContext } from './table-context.js'
import { TRANSACTION_ITEM_LIMIT, withNextNumber } from './with-next-number.js'

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = TRANSACTION_ITEM_LIMIT

export type SummaryOutcome =
  | { outcome: 'issued'; receipt: ReceiptRecord }
  /** A covered payment was claimed, refunded or withheld meanwhile: nothing was written. */
  | { outcome: 'conflict' }

/**
 * Issues a yearly summary receipt in ONE transaction: the year's next number, one conditional
 * claim per covered payment (a payment already on a receipt makes it all fail, so two runners
 * or a redone chunk never issue twice: invariant 2), a check that none was refunded meanwhile,
 * the receipt, its ledger line, the delivery marker, search entries and running totals.
 * Gap-free like every other receipt (invariant 3): the number exists only if all of it does.
 */
export async function issueSummaryReceipt(
  ctx: TableContext,
  draft: NewReceipt,
  payments: EligiblePayment[],
): Promise<SummaryOutcome> {
  const written = await withNextNumber(ctx, draft.year, (number, sequence) => {
    const receipt = numbered(draft, number, sequence)
    receipt.snapshot = sealedSnapshot(ctx, receipt.snapshot)
    return { items: summaryItems(ctx, receipt, payments), result: receipt }
  })
  return 'done' in written ? { outcome: 'issued', receipt: written.done } : { outcome: 'conflict' }
}

/** How many items the summary's transaction holds, the counter included (for the 100 limit). */
export function summaryItemCount(
  ctx: TableContext,
  draft: NewReceipt,
  payments: EligiblePayment[],
): number {
  return 1 + summaryItems(ctx, numbered(draft, `${draft.year}-99999`, 99_999), payments).length
}

function summaryItems(
  ctx: TableContext,
  receipt: ReceiptRecord,
  payments: EligiblePayment[],
): TransactItem[] {
  return [
    ...payments.map((payment) => claimPut(ctx, payment.paymentId, receipt.number)),
    ...payments.map((payment) => eligibleStillAvailable(ctx, payment)),
    ...newReceiptItems(ctx, receipt),
  ]
}

function numbered(draft: NewReceipt, number: string, sequence: number): ReceiptRecord {
  return {
    ...draft,
    number,
    sequence,
    snapshot: { ...draft.snapshot, number },
    history: [
      {
        at: draft.issuedAt,
        event: 'issued',
        detail: `reçu annuel : ${draft.coveredPayments?.length ?? 1} versement(s)`,
      },
    ],
  }
}
