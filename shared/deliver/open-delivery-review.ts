import { getReceipt } from '../store/receipt-store.js'
import { openReview } from '../store/review-store.js'
import { closeReviewIfOpen } from '../store/review-updates.js'
import type { TableContext } from '../store/table-context.js'

export interface DeliveryReviewDeps {
  table: TableContext
  now: () => Date
}

/** Why an email of a receipt needs a person: refused by the mail service, never prepared, or bounced. */
export type DeliveryProblem =
  | { kind: 'refused' }
  | { kind: 'unprepared'; error: string }
  | { kind: 'undelivered'; reason: string }

/**
 * Opens the review item of an email that failed for good, saying what staff can do about it. A
 * receipt email can be resent from the receipt's page once the address is right. A
 * cancellation notice cannot be resent: the payer must be told another way, then the item is
 * classed. An item about the email of a receipt no longer live is closed again at once, as
 * nothing is left to resend; a cancellation that lands meanwhile closes it itself
 * (closeReceiptEmailReviews), so one of the two always sees the other.
 */
export async function openDeliveryReview(
  deps: DeliveryReviewDeps,
  receipt: { number: string; orderId?: number },
  kind: 'receipt' | 'cancellation',
  id: string,
  problem: DeliveryProblem,
): Promise<void> {
  const at = deps.now().toISOString()
  await openReview(deps.table, {
    orgId: deps.table.orgId,
    id,
    reasons: ['delivery-failed'],
    message: deliveryMessage(receipt.number, kind, problem),
    status: 'open',
    createdAt: at,
    // No payment reference: nothing about the payment is to issue or analyse again, and the
    // review page offers those actions for items that name a payment.
    refs: {
      receiptNumber: receipt.number,
      ...(receipt.orderId === undefined ? {} : { orderId: receipt.orderId }),
    },
  })
  if (kind !== 'receipt') return
  const now = await getReceipt(deps.table, receipt.number)
  if (now && now.status !== 'issued')
    await closeReviewIfOpen(deps.table, id, 'dismissed', {
      at,
      by: 'suivi du reçu',
      note: 'Reçu plus valable : son e-mail n’a plus à être renvoyé.',
      receiptNumber: receipt.number,
    })
}

function deliveryMessage(
  number: string,
  kind: 'receipt' | 'cancellation',
  problem: DeliveryProblem,
): string {
  const what =
    kind === 'receipt'
      ? `L’e-mail du reçu n° ${number}`
      : `L’avis d’annulation du reçu n° ${number}`
  const happened =
    problem.kind === 'refused'
      ? 'a été refusé'
      : problem.kind === 'undelivered'
        ? `n’a pas été remis (${problem.reason})`
        : `n’a pas pu être préparé (${problem.error})`
  const todo =
    kind === 'receipt'
      ? problem.kind === 'unprepared'
        ? 'signalez-le à l’équipe technique.'
        : 'vérifiez l’adresse du payeur et renvoyez-le depuis la fiche du reçu.'
      : `un avis d’annulation ne se renvoie pas : prévenez le payeur autrement que le reçu n° ${number} est annulé, puis classez cet élément.`
  return `${what} ${happened} : ${todo}`
}
