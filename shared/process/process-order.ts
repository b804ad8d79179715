import { taxYearOf } from '../domain/paris-time.js'
import type { MembershipRecord, ReviewItem } from '../domain/records.js'
import { mapPaymentState } from '../helloasso/payment-state.js'
import type { Order, OrderPayment } from '../helloasso/schemas.js'
import { getMembership, putMembership } from '../store/membership-store.js'
import { recordPaymentState } from '../store/order-store.js'
import { getPaymentReceiptNumber, issueReceipt } from '../store/receipt-store.js'
import { openReview } from '../store/review-store.js'
import { analyseOrder, type OrderAnalysis } from './analyse-order.js'
import { buildReceiptSnapshot } from './build-receipt-snapshot.js'
import { cancelPaymentReceipt } from './cancel-payment-receipt.js'
import { membershipPeriod } from './membership-validity.js'
import { paymentProvenance } from './payment-provenance.js'
import type { ProcessDeps } from './process-deps.js'

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
  await recordMemberships(deps, order, analysis, payment)
  const blockers = [...analysis.issues]
  if (payment.fiscalReceiptUrl)
    blockers.push({
      reason: 'helloasso-receipt-exists',
      message: 'HelloAsso a déjà émis un reçu fiscal pour ce paiement : aucun second reçu.',
    })
  if (
    (payment.refundOperations ?? []).some((op) => op.status === 'Processed' && (op.amount ?? 0) > 0)
  ) {
    blockers.push({
      reason: 'partial-refund',
      message: 'Remboursement partiel sur un paiement encore payé : montant du reçu à décider.',
    })
  }
  const provenance = paymentProvenance(payment, analysis.verdicts, order.payments.length === 1)
  if (!provenance)
    blockers.push({
      reason: 'amount-mismatch',
      message: 'La répartition du paiement entre les articles ne correspond pas à son montant.',
    })
  if (provenance && provenance.eligibleCents === 0 && blockers.length === 0) return
  if (blockers.length > 0 || !provenance || !analysis.donor || !analysis.payerEmail) {
    const reviewId = await reviewPayment(deps, order, payment, notificationId, blockers)
    outcome.reviews.push(reviewId)
    return
  }
  const existing = await getPaymentReceiptNumber(deps.table, payment.id)
  if (existing) {
    outcome.duplicates.push(existing)
    return
  }
  const year = taxYearOf(payment.date)
  const snapshot = buildReceiptSnapshot({
    config: deps.config,
    ...(deps.signatureImagePng ? { signatureImagePng: deps.signatureImagePng } : {}),
    donor: analysis.donor,
    payment,
    amountCents: provenance.eligibleCents,
    issuedAt: at,
    specimen: !deps.helloAsso,
  })
  const membership = await membershipFor(deps, order, analysis, payment)
  const result = await deps.serialize(deps.table.orgId, () =>
    issueReceipt(
      deps.table,
      {
        orgId: deps.table.orgId,
        year,
        form: snapshot.form,
        status: 'issued',
        snapshot,
        provenance,
        orderId: order.id,
        paymentId: payment.id,
        payerEmail: analysis.payerEmail as string,
        issuedAt: at,
        delivery: { status: 'pending', attempts: 0 },
      },
      membership,
    ),
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

async function recordMemberships(
  deps: ProcessDeps,
  order: Order,
  analysis: OrderAnalysis,
  payment: OrderPayment,
): Promise<void> {
  for (const verdict of analysis.verdicts.values()) {
    if (verdict.kind !== 'membership' || !verdict.tier) continue
    if (await getMembership(deps.table, verdict.item.id)) continue
    await putMembership(deps.table, newMembership(deps, order, verdict, payment))
  }
}

async function membershipFor(
  deps: ProcessDeps,
  order: Order,
  analysis: OrderAnalysis,
  payment: OrderPayment,
): Promise<MembershipRecord | undefined> {
  const verdict = [...analysis.verdicts.values()].find((v) => v.kind === 'membership' && v.tier)
  if (!verdict) return undefined
  return (
    (await getMembership(deps.table, verdict.item.id)) ??
    newMembership(deps, order, verdict, payment)
  )
}

function newMembership(
  deps: ProcessDeps,
  order: Order,
  verdict: ReturnType<typeof analyseOrder>['verdicts'] extends Map<number, infer V> ? V : never,
  payment: OrderPayment,
): MembershipRecord {
  const tier = verdict.tier as NonNullable<typeof verdict.tier>
  const period = membershipPeriod(tier.validity, payment.date)
  const user = verdict.item.user ?? order.payer ?? {}
  return {
    orgId: deps.table.orgId,
    itemId: verdict.item.id,
    orderId: order.id,
    tierKey: tier.key,
    member: { firstName: user.firstName?.trim() ?? '', lastName: user.lastName?.trim() ?? '' },
    payerKind: tier.payerKind,
    validFrom: period.from,
    validTo: period.to,
    status: 'active',
    firstPaymentId: payment.id,
    updatedAt: deps.now().toISOString(),
  }
}
