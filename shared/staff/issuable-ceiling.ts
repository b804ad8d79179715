import type { AmountProvenance } from '../domain/records.js'
import type { OrderPayment } from '../helloasso/schemas.js'
import type { ItemVerdict } from '../process/analyse-order.js'

/**
 * The most a receipt issued by hand may say for one payment: this payment's share of the
 * membership items (and of donations, when donations are receipted), never options, the tip or
 * other items, less what HelloAsso has already refunded. A person may lower the amount (a
 * discount, a free price), never raise it above the money actually kept.
 */
export function issuableCeilingCents(
  payment: OrderPayment,
  verdicts: Map<number, ItemVerdict>,
  provenance: AmountProvenance | undefined,
): number {
  const candidate = (itemId: number) => {
    const verdict = verdicts.get(itemId)
    if (verdict?.kind === 'membership') return true
    return verdict?.kind === 'donation' && verdict.eligible
  }
  const shares = provenance
    ? provenance.lines
        .filter((line) => candidate(line.itemId))
        .reduce((sum, line) => sum + line.shareCents, 0)
    : // Shares that do not add up: at most the items' own amounts, within what this payment paid.
      Math.min(
        payment.amount,
        [...verdicts.values()]
          .filter((verdict) => candidate(verdict.item.id))
          .reduce((sum, verdict) => sum + verdict.item.amount, 0),
      )
  return Math.max(0, shares - refundedCents(payment))
}

/** Money HelloAsso has given back on this payment, the tip part apart (it never was eligible). */
function refundedCents(payment: OrderPayment): number {
  return (payment.refundOperations ?? [])
    .filter((operation) => operation.status === 'Processed')
    .reduce((sum, operation) => sum + (operation.amount ?? 0) - (operation.amountTip ?? 0), 0)
}
