import type { EligiblePayment } from '../../domain/eligible-payment.js'
import type { ProcessDeps } from '../../process/process-deps.js'
import {
  issueSummaryReceipt,
  MAX_TRANSACTION_ITEMS,
  summaryItemCount,
} from '../../store/summary-receipt-store.js'
import { coversWholeYear, type DonorPayments, donorPayments } from './available-by-donor.js'
import { financialYearGroups, sameFinancialYear } from './company-financial-years.js'
import { summaryDraft } from './summary-draft.js'
import { reviewTooManyPayments } from './too-many-payments.js'

export type DonorOutcome =
  | { kind: 'issued'; number: string; payments: number; amountCents: number }
  /** More payments than one transaction can claim: a review item, no receipt. */
  | { kind: 'too-many'; payments: number }
  /** Everything was covered meanwhile (a redone chunk, another runner). */
  | { kind: 'nothing-left' }
  /** Kept losing races with other writers: the next run will pick the donor up. */
  | { kind: 'conflict' }

const MAX_ATTEMPTS = 3

/**
 * The donor's summary receipts of `year`: one, or one per company financial year when a
 * company's year does not start on 1 January (company-financial-years.ts).
 */
export async function issueDonorSummaries(
  deps: ProcessDeps,
  year: number,
  donorKey: string,
  payments: DonorPayments,
): Promise<DonorOutcome[]> {
  const groups = financialYearGroups(deps.config, year, payments.available)
  if (groups.length <= 1) return [await issueDonorSummary(deps, year, donorKey, payments)]
  const outcomes: DonorOutcome[] = []
  for (const available of groups) {
    const keep = sameFinancialYear(deps.config, year, available[0] as EligiblePayment)
    outcomes.push(
      await issueDonorSummary(deps, year, donorKey, { ...payments, available }, keep, false),
    )
  }
  return outcomes
}

/**
 * One summary receipt for every payment of `year` the donor still has uncovered, then its
 * delivery queued as process-order does. When the transaction loses a race (a payment claimed,
 * refunded or withheld in between) the donor's payments are read again and the summary rebuilt.
 */
export async function issueDonorSummary(
  deps: ProcessDeps,
  year: number,
  donorKey: string,
  payments: DonorPayments,
  /** Which re-read payments belong to this receipt (one company financial year). */
  keep: (payment: EligiblePayment) => boolean = () => true,
  /** False when the year is split: then no receipt is the donor's whole year. */
  mayBeWholeYear = true,
): Promise<DonorOutcome> {
  let current = payments
  for (let attempt = 1; current.available.length > 0; attempt++) {
    const { available } = current
    const wholeYear = mayBeWholeYear && (await coversWholeYear(deps.table, current.claimedBy))
    const draft = summaryDraft(deps, year, available, { wholeYear })
    if (summaryItemCount(deps.table, draft, available) > MAX_TRANSACTION_ITEMS) {
      await reviewTooManyPayments(deps, year, donorKey, available)
      return { kind: 'too-many', payments: available.length }
    }
    const result = await deps.serialize(deps.table.orgId, () =>
      issueSummaryReceipt(deps.table, draft, available),
    )
    if (result.outcome === 'issued') {
      await queueDelivery(deps, result.receipt.number, available.length)
      return {
        kind: 'issued',
        number: result.receipt.number,
        payments: available.length,
        amountCents: draft.snapshot.amountCents,
      }
    }
    if (attempt === MAX_ATTEMPTS) return { kind: 'conflict' }
    const reread = await donorPayments(deps.table, year, donorKey)
    current = { ...reread, available: reread.available.filter(keep) }
  }
  return { kind: 'nothing-left' }
}

/** As process-order does: the delivery marker was written with the receipt, this is the nudge. */
async function queueDelivery(deps: ProcessDeps, number: string, payments: number): Promise<void> {
  deps.log.info('receipt.issued', { number, payments })
  await deps.queue.send({
    type: 'deliver',
    orgId: deps.table.orgId,
    receiptNumber: number,
    kind: 'receipt',
  })
}
