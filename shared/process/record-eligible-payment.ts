import type { EligiblePayment } from '../domain/eligible-payment.js'
import { parisIsoDay, taxYearOf } from '../domain/paris-time.js'
import type { AmountProvenance } from '../domain/records.js'
import type { Order, OrderPayment } from '../helloasso/schemas.js'
import type { Donor } from '../receipts/receipt-snapshot.js'
import { recordEligiblePayment } from '../store/eligible-payment-store.js'
import { paymentMethod } from './build-receipt-snapshot.js'
import { donorKey } from './donor-key.js'
import { membersOf } from './order-members.js'
import type { ProcessDeps } from './process-deps.js'

export interface Eligibility {
  donor: Donor
  payerEmail: string
  provenance: AmountProvenance
}

/**
 * Keeps what a yearly summary receipt will need about this paid, unblocked payment, so the
 * summary is built from our own records (already checked) rather than from a second reading
 * of HelloAsso. Returns 'refunded' when the payment was refunded meanwhile (then it stays so).
 */
export function recordEligible(
  deps: ProcessDeps,
  order: Order,
  payment: OrderPayment,
  eligibility: Eligibility,
): Promise<'recorded' | 'refunded'> {
  return recordEligiblePayment(deps.table, eligiblePaymentOf(deps, order, payment, eligibility))
}

export function eligiblePaymentOf(
  deps: ProcessDeps,
  order: Order,
  payment: OrderPayment,
  { donor, payerEmail, provenance }: Eligibility,
): EligiblePayment {
  return {
    orgId: deps.table.orgId,
    year: taxYearOf(payment.date),
    donorKey: donorKey(donor, payerEmail),
    form: donor.kind === 'company' ? '16216' : '11580',
    paymentId: payment.id,
    orderId: order.id,
    paidAt: payment.date,
    paidOn: parisIsoDay(payment.date),
    amountCents: provenance.eligibleCents,
    paymentMethod: paymentMethod(payment.paymentMeans),
    donor,
    payerEmail,
    members: membersOf(order),
    provenance,
    verified: Boolean(deps.helloAsso),
    recordedAt: deps.now().toISOString(),
  }
}
