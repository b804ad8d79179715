import { deductibleOfShare } from '../config/counterpart-rule.js'
import type { AmountProvenance, ProvenanceLine } from '../domain/records.js'
import type { OrderPayment } from '../helloasso/schemas.js'
import type { ItemVerdict } from './analyse-order.js'

/**
 * The eligible amount of ONE payment, from its per-item shares: only money actually received
 * (an instalment counts for its own share), never the tip, never options, never ineligible items.
 * Returns undefined when the shares do not add up to the payment: then nobody can say which
 * part is eligible, and a person must look.
 */
export function paymentProvenance(
  payment: OrderPayment,
  verdicts: Map<number, ItemVerdict>,
  singlePayment: boolean,
): AmountProvenance | undefined {
  const shares = payment.items?.length
    ? payment.items
    : singlePayment
      ? impliedShares(verdicts)
      : undefined
  if (!shares) return undefined
  const lines = shares.map((share): ProvenanceLine => {
    const verdict = verdicts.get(share.id)
    const optionsCents = share.shareOptionsAmount ?? 0
    const shareCents = share.shareItemAmount ?? (share.shareAmount ?? 0) - optionsCents
    const deductible = verdict?.deductibleCents
    return {
      itemId: share.id,
      type: verdict?.item.type ?? 'inconnu',
      label: verdict?.item.name ?? verdict?.item.type ?? 'article inconnu',
      ...(verdict?.tier ? { tierKey: verdict.tier.key } : {}),
      shareCents,
      optionsCents,
      eligible: Boolean(verdict?.eligible),
      why: verdict?.why ?? 'article absent de la commande',
      ...(verdict?.eligible && deductible !== undefined
        ? { deductibleCents: deductibleOfShare(shareCents, verdict.item.amount, deductible) }
        : {}),
    }
  })
  const total = lines.reduce((sum, line) => sum + line.shareCents + line.optionsCents, 0)
  if (total !== payment.amount) return undefined
  return {
    paymentId: payment.id,
    paymentAmountCents: payment.amount,
    tipCents: payment.amountTip ?? 0,
    lines,
    eligibleCents: lines
      .filter((line) => line.eligible)
      .reduce((sum, line) => sum + (line.deductibleCents ?? line.shareCents), 0),
  }
}

/** A single full payment without share details covers each item's amount plus its options. */
function impliedShares(verdicts: Map<number, ItemVerdict>) {
  return [...verdicts.values()].map(({ item }) => {
    const options = (item.options ?? []).reduce((sum, option) => sum + (option.amount ?? 0), 0)
    return {
      id: item.id,
      shareItemAmount: item.amount,
      shareOptionsAmount: options,
      shareAmount: item.amount + options,
    }
  })
}
