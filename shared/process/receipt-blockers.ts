import type { AmountProvenance } from '../domain/records.js'
import type { OrderPayment } from '../helloasso/schemas.js'
import type { OrderAnalysis } from './analyse-order.js'
import type { Issue } from './issue.js'

/** Why this paid payment cannot get a receipt without a person deciding (invariant 7). */
export function receiptBlockers(
  analysis: OrderAnalysis,
  payment: OrderPayment,
  provenance: AmountProvenance | undefined,
): Issue[] {
  // A tier without receipt: the membership is all there is, nothing to review.
  if (!analysis.receiptPossible) return []
  const blockers = [...analysis.issues]
  if (payment.fiscalReceiptUrl) {
    blockers.push({
      reason: 'helloasso-receipt-exists',
      message:
        'HelloAsso a déjà émis un reçu fiscal pour ce paiement : aucun second reçu. À faire : classez sans suite ; pour que cela ne se reproduise pas, retirez à HelloAsso le mandat d’émettre les reçus sur ce palier.',
    })
  }
  if (
    (payment.refundOperations ?? []).some((op) => op.status === 'Processed' && (op.amount ?? 0) > 0)
  ) {
    blockers.push({
      reason: 'partial-refund',
      message:
        'Remboursement partiel sur un paiement encore payé : montant du reçu à décider. À faire : émettez le reçu sur le montant conservé avec « Compléter et émettre le reçu ».',
    })
  }
  if (!provenance) {
    blockers.push({
      reason: 'amount-mismatch',
      message:
        'La répartition du paiement entre les articles ne correspond pas à son montant. À faire : vérifiez la commande sur HelloAsso, puis émettez le reçu sur le montant éligible avec « Compléter et émettre le reçu ».',
    })
  }
  return blockers
}
