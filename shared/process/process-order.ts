import { taxYearOf } from '../domain/paris-time.js'
import type { MembershipRecord, ReviewItem } from '../domain/records.js'
import { mapPaymentState } from '../helloasso/payment-state.js'
import type { Order, OrderPayment } from '../helloasso/schemas.js'
import { putMembership } from '../store/membership-store.js'
import { recordPaymentState } from '../store/order-store.js'
import { getPaymentReceiptNumber, issueReceipt, type NewReceipt } from '../store/receipt-store.js'
import { openReview } from '../store/review-store.js'
import { analyseOrder, type OrderAnalysis } from './analyse-order.js'
import { buildReceiptSnapshot } from './build-receipt-snapshot.js'
import { cancelPaymentReceipt } from './cancel-payment-receipt.js'
import { newMemberships } from './new-memberships.js'
import { paymentProvenance } from './payment-provenance.js'
import type { ProcessDeps } from './process-deps.js'
import { receiptBlockers } from './receipt-blockers.js'

export interface OrderOutcome {
  issued: string[]
  duplicates: string[]
  cancelled: string[]
  reviews: string[]
}

/** Decides and records everything an order (as HelloAsso's API returned it) implies. */
export async function processOrder(
  deps: ProcessDeps,
  order: Order,
  notificationId: string,
): Promise<OrderOutcome> {
  const analysis = analyseOrder(deps.config, order)
  const outcome: OrderOutcome = { issued: [], duplicates: [], cancelled: [], reviews: [] }
  for (const payment of order.payments) {
    await processPayment(deps, order, analysis, payment, notificationId, outcome)
  }
  return outcome
}

async function processPayment(
  deps: ProcessDeps,
  order: Order,
  analysis: OrderAnalysis,
  payment: OrderPayment,
  notificationId: string,
  outcome: OrderOutcome,
): Promise<void> {
  const status = mapPaymentState(payment.state)
  const at = deps.now().toISOString()
  await recordPaymentState(deps.table, {
    paymentId: payment.id,
    orderId: order.id,
    state: payment.state,
    status,
    amountCents: payment.amount,
    date: payment.date,
    at,
  })
  if (status === 'refunding' || status === 'refunded' || status === 'contested') {
    const cancelled = await cancelPaymentReceipt(
      deps,
      order,
      payment,
      status === 'contested' ? 'contest' : 'refund',
      notificationId,
    )
    if (cancelled) outcome.cancelled.push(cancelled)
    return
  }
  if (status !== 'paid') return
  const memberships = await newMemberships(deps, order, analysis, payment)
  const provenance = paymentProvenance(payment, analysis.verdicts, order.payments.length === 1)
  const blockers = receiptBlockers(analysis, payment, provenance)
  const { donor, payerEmail } = analysis
  if (
    blockers.length > 0 ||
    !provenance ||
    !donor ||
    !payerEmail ||
    provenance.eligibleCents === 0
  ) {
    for (const membership of memberships) await putMembership(deps.table, membership)
    if (blockers.length > 0)
      outcome.reviews.push(await reviewPayment(deps, order, payment, notificationId, blockers))
    return
  }
  const existing = await getPaymentReceiptNumber(deps.table, payment.id)
  if (existing) {
    outcome.duplicates.push(existing)
    return
  }
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

async function reviewPayment(
  deps: ProcessDeps,
  order: Order,
  payment: OrderPayment,
  notificationId: string,
  blockers: { reason: ReviewItem['reasons'][number]; message: string }[],
): Promise<string> {
  const item: ReviewItem = {
    orgId: deps.table.orgId,
    id: `payment-${payment.id}`,
    reasons: [...new Set(blockers.map((b) => b.reason))],
    message: blockers.map((b) => b.message).join(' ') || 'Paiement à vérifier.',
    status: 'open',
    createdAt: deps.now().toISOString(),
    refs: { notificationId, orderId: order.id, paymentId: payment.id },
  }
  await openReview(deps.table, item)
  return item.id
}

function membersOf(order: Order): { firstName: string; lastName: string }[] {
  return order.items.flatMap((item) =>
    item.type === 'Membership' && item.user
      ? [
          {
            firstName: item.user.firstName?.trim() ?? '',
            lastName: item.user.lastName?.trim() ?? '',
          },
        ]
      : [],
  )
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
