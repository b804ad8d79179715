import { formatEuros } from '../../domain/money.js'
import type { ReceiptRecord, ReviewItem } from '../../domain/records.js'
import type { ProcessDeps } from '../../process/process-deps.js'
import { openReview } from '../../store/review-store.js'
import type { ListedPayment } from './listed-order.js'
import { type ReconcileReport, recordAction } from './reconcile-report.js'

/**
 * Differences the sweep must not fix on its own: each becomes one review item for staff, in
 * French. Ids are built from what was seen (payment, amount, state, receipt), so a second sweep
 * finds the item already there, even after staff closed it, and opens nothing new; a new
 * difference (another amount) gets a new item.
 */
type Draft = Pick<ReviewItem, 'id' | 'reasons' | 'message'> & { refs: ReviewItem['refs'] }

const euros = (cents: number) => `${formatEuros(cents)} €`

export function amountChangedReview(payment: ListedPayment, receipt: ReceiptRecord): Draft {
  return {
    id: `reconcile-amount-${payment.id}-${payment.amountCents}`,
    reasons: ['helloasso-amount-changed'],
    message: `HelloAsso indique désormais ${euros(payment.amountCents)} pour le paiement ${payment.id} (commande ${receipt.orderId}), alors que le reçu n° ${receipt.number} a été établi sur un paiement de ${euros(receipt.provenance.paymentAmountCents)}. Vérifiez le paiement dans l’espace HelloAsso ; si le reçu est faux, corrigez-le (annule et remplace).`,
    refs: refsOf(receipt),
  }
}

export function unpaidReview(payment: ListedPayment, receipt: ReceiptRecord): Draft {
  return {
    id: `reconcile-unpaid-${payment.id}-${payment.state.replace(/[^A-Za-z]/g, '')}`,
    reasons: ['helloasso-payment-unpaid'],
    message: `HelloAsso indique le paiement ${payment.id} (commande ${receipt.orderId}) comme « ${payment.state} », c’est-à-dire pas ou plus encaissé, alors que le reçu n° ${receipt.number} est toujours valide. Vérifiez le paiement dans l’espace HelloAsso ; annulez le reçu si l’argent n’a pas été reçu.`,
    refs: refsOf(receipt),
  }
}

export function orderMissingReview(receipt: ReceiptRecord): Draft {
  return {
    id: `reconcile-order-missing-${receipt.number}`,
    reasons: ['order-not-found'],
    message: `HelloAsso ne connaît plus la commande ${receipt.orderId} du reçu n° ${receipt.number} (réponse 404 lors du rapprochement). Vérifiez la commande dans l’espace HelloAsso avant d’annuler quoi que ce soit.`,
    refs: refsOf(receipt),
  }
}

export function paymentMissingReview(receipt: ReceiptRecord): Draft {
  return {
    id: `reconcile-payment-missing-${receipt.number}`,
    reasons: ['helloasso-payment-missing'],
    message: `La commande HelloAsso ${receipt.orderId} ne contient plus le paiement ${receipt.paymentId} du reçu n° ${receipt.number}. Vérifiez la commande dans l’espace HelloAsso avant d’annuler quoi que ce soit.`,
    refs: refsOf(receipt),
  }
}

function refsOf(receipt: ReceiptRecord): ReviewItem['refs'] {
  return {
    orderId: receipt.orderId,
    paymentId: receipt.paymentId,
    receiptNumber: receipt.number,
  }
}

/** Opens the item unless it exists; only a new item is a write and an action. */
export async function openDifferenceReview(
  deps: ProcessDeps,
  draft: Draft,
  report: ReconcileReport,
): Promise<void> {
  const outcome = await openReview(deps.table, {
    orgId: deps.table.orgId,
    ...draft,
    status: 'open',
    createdAt: deps.now().toISOString(),
  })
  if (outcome !== 'opened') return
  recordAction(report, {
    kind: 'review-opened',
    reviewId: draft.id,
    ...draft.refs,
    detail: draft.reasons.join(','),
  })
}
