import { taxYearOf } from '../domain/paris-time.js'
import type { MembershipRecord } from '../domain/records.js'
import type { Order, OrderPayment } from '../helloasso/schemas.js'
import { putMemberSearchEntries, putMembership } from '../store/membership-store.js'
import type { PaymentStanding } from '../store/payment-standing.js'
import { saveReceiptDraft } from '../store/receipt-draft-store.js'
import type { NewReceipt } from '../store/receipt-store.js'
import { appliedTaxRules } from '../tax/applied-tax-rules.js'
import { buildReceiptSnapshot } from './build-receipt-snapshot.js'
import { closeSettledReview } from './close-settled-review.js'
import { membersOf } from './order-members.js'
import type { OrderOutcome } from './order-outcome.js'
import type { ProcessDeps } from './process-deps.js'
import { type Eligibility, recordEligible } from './record-eligible-payment.js'

/** What the process step knows of a paid payment it may receipt. */
export interface PaidPayment {
  eligibility: Eligibility
  /** Read before anything of the payment was written (getPaymentStanding). */
  standing: PaymentStanding
  /** The memberships it starts, not recorded yet. */
  memberships: MembershipRecord[]
}

/**
 * Per-payment policy: the receipt is drafted here, in parallel with other orders, and numbered
 * by the numbering step (number-payment-receipt.ts), the only one serialized per organisation.
 */
export async function draftPaymentReceipt(
  deps: ProcessDeps,
  order: Order,
  payment: OrderPayment,
  { eligibility, standing, memberships }: PaidPayment,
  outcome: OrderOutcome,
): Promise<void> {
  if (standing.receiptNumber) {
    outcome.duplicates.push(standing.receiptNumber)
    // Nothing blocks it and it has its receipt: an item still open was left by a numbering step
    // that died before closing it (« Réexaminer » comes here).
    if (standing.reviewOpen) await closeSettledReview(deps, payment.id)
    return
  }
  // Kept in this policy too, so switching to the annual policy mid-year knows the payment.
  await recordEligible(deps, order, payment, eligibility)
  const { donor, payerEmail, provenance } = eligibility
  const at = deps.now().toISOString()
  const snapshot = buildReceiptSnapshot({
    config: deps.config,
    ...(deps.signatureImagePng ? { signatureImagePng: deps.signatureImagePng } : {}),
    donor,
    payment,
    amountCents: provenance.eligibleCents,
    issuedAt: at,
    specimen: !deps.helloAsso,
  })
  const draft: NewReceipt = {
    orgId: deps.table.orgId,
    year: taxYearOf(payment.date),
    form: snapshot.form,
    status: 'issued',
    snapshot,
    provenance,
    taxRules: appliedTaxRules(deps.config, snapshot, provenance.lines),
    orderId: order.id,
    paymentId: payment.id,
    payerEmail,
    issuedAt: at,
    delivery: { status: 'pending', attempts: 0 },
    members: membersOf(order),
  }
  const inTransaction = await membershipsForTransaction(deps, memberships)
  await saveReceiptDraft(deps.table, {
    receipt: draft,
    memberships: inTransaction,
    ...(standing.reviewOpen ? { reviewToSettle: true } : {}),
    memberSearchWritten: true,
  })
  outcome.numbering.push(payment.id)
  await deps.queue.send({ type: 'number', orgId: deps.table.orgId, paymentId: payment.id })
}

/**
 * A DynamoDB transaction holds at most 100 items. A family order with many members would not
 * fit with the receipt: beyond a handful, memberships are recorded first, on their own. Their
 * search entries are always written here, never in the numbering transaction.
 */
export const MAX_MEMBERSHIPS_IN_TRANSACTION = 8

async function membershipsForTransaction(
  deps: ProcessDeps,
  memberships: MembershipRecord[],
): Promise<MembershipRecord[]> {
  if (memberships.length <= MAX_MEMBERSHIPS_IN_TRANSACTION) {
    await putMemberSearchEntries(deps.table, memberships)
    return memberships
  }
  for (const membership of memberships) await putMembership(deps.table, membership)
  return []
}
