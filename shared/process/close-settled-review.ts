import { getPaymentReceiptNumber } from '../store/receipt-store.js'
import { closeReviewIfOpen, getReview } from '../store/review-updates.js'
import type { ProcessDeps } from './process-deps.js'

export const REEXAMINED_BY = 'réexamen automatique'

/** The review item a payment's doubts go to: one per payment. */
export const paymentReviewId = (paymentId: number): string => `payment-${paymentId}`

/**
 * A payment analysed again (after a configuration change) that now needs no person: its open
 * review item is closed, on the receipt number the payment got or, in the annual policy, as
 * waiting for the yearly receipt. An item closed meanwhile by staff is left as they closed it.
 */
export async function closeSettledReview(
  deps: Pick<ProcessDeps, 'table' | 'now' | 'log'>,
  paymentId: number,
): Promise<void> {
  const id = paymentReviewId(paymentId)
  const review = await getReview(deps.table, id)
  if (review?.status !== 'open') return
  const receiptNumber = await getPaymentReceiptNumber(deps.table, paymentId)
  const note = receiptNumber
    ? `Analysé de nouveau avec la configuration actuelle : plus aucun doute, reçu n° ${receiptNumber}.`
    : 'Analysé de nouveau avec la configuration actuelle : plus aucun doute, le paiement attend le reçu annuel.'
  const decision = {
    at: deps.now().toISOString(),
    by: REEXAMINED_BY,
    note,
    ...(receiptNumber ? { receiptNumber } : {}),
  }
  if (await closeReviewIfOpen(deps.table, id, 'resolved', decision))
    deps.log.info('review.settled', { reviewId: id, paymentId, receiptNumber })
}
