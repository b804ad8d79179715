import { taxYearOf } from '../domain/paris-time.js'
import type { MembershipRecord } from '../domain/records.js'
import type { Order, OrderPayment } from '../helloasso/schemas.js'
import { putMembership } from '../store/membership-store.js'
import { getPaymentReceiptNumber, issueReceipt, type NewReceipt } from '../store/receipt-store.js'
import { buildReceiptSnapshot } from './build-receipt-snapshot.js'
import { membersOf } from './order-members.js'
import type { ProcessDeps } from './process-deps.js'
import type { OrderOutcome } from './process-order.js'
import { type Eligibility, recordEligible } from './record-eligible-payment.js'

/** Per-payment policy: the receipt is numbered and queued for delivery at once. */
export async function issuePaymentReceipt(
  deps: ProcessDeps,
  order: Order,
  payment: OrderPayment,
  eligibility: Eligibility,
  memberships: MembershipRecord[],
  outcome: OrderOutcome,
): Promise<void> {
  const existing = await getPaymentReceiptNumber(deps.table, payment.id)
  if (existing) {
    outcome.duplicates.push(existing)
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
    orderId: order.id,
    paymentId: payment.id,
    payerEmail,
    issuedAt: at,
    delivery: { status: 'pending', attempts: 0 },
    members: membersOf(order),
  }
  const inTransaction = await membershipsForTransaction(deps, memberships)
  const result = await deps.serialize(deps.table.orgId, () =>
    issueReceipt(deps.table, draft, inTransaction),
  )
  if (result.outcome === 'duplicate') {
    outcome.duplicates.push(result.number)
    return
  }
  outcome.issued.push(result.receipt.number)
  deps.log.info('receipt.issued', {
    number: result.receipt.number,
    orderId: order.id,
    paymentId: payment.id,
  })
  await deps.queue.send({
    type: 'deliver',
    orgId: deps.table.orgId,
    receiptNumber: result.receipt.number,
    kind: 'receipt',
  })
}

/**
 * A DynamoDB transaction holds at most 100 items. A family order with many members would not
 * fit with the receipt: beyond a handful, memberships are recorded first, on their own.
 */
const MAX_MEMBERSHIPS_IN_TRANSACTION = 8

async function membershipsForTransaction(
  deps: ProcessDeps,
  memberships: MembershipRecord[],
): Promise<MembershipRecord[]> {
  if (memberships.length <= MAX_MEMBERSHIPS_IN_TRANSACTION) return memberships
  for (const membership of memberships) await putMembership(deps.table, membership)
  return []
}
