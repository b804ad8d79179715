import type { MembershipRecord, ReviewItem } from '../domain/records.js'
import { mapPaymentState } from '../helloasso/payment-state.js'
import type { Order, OrderPayment } from '../helloasso/schemas.js'
import { withholdEligiblePayment } from '../store/eligible-payment-store.js'
import { putMembership } from '../store/membership-store.js'
import { recordPaymentState } from '../store/order-store.js'
import { getPaymentStanding } from '../store/payment-standing.js'
import { openReview } from '../store/review-store.js'
import { analyseOrder, type OrderAnalysis } from './analyse-order.js'
import { cancelPaymentReceipt } from './cancel-payment-receipt.js'
import { closeSettledReview, paymentReviewId } from './close-settled-review.js'
import { draftPaymentReceipt } from './draft-payment-receipt.js'
import { logLabelMatches } from './log-label-matches.js'
import type { TierMappings } from './match-tier.js'
import { membershipItemIds, newMemberships } from './new-memberships.js'
import type { OrderOutcome } from './order-outcome.js'
import { paymentProvenance } from './payment-provenance.js'
import type { ProcessDeps } from './process-deps.js'
import { receiptBlockers } from './receipt-blockers.js'
import { type Eligibility, recordEligible } from './record-eligible-payment.js'

/**
 * Decides and records everything an order (as HelloAsso's API returned it) implies, by the tier
 * mappings in force (read with its notification: getNotificationWithTierMappings).
 */
export async function processOrder(
  deps: ProcessDeps,
  order: Order,
  notificationId: string,
  tierMappings: TierMappings,
): Promise<OrderOutcome> {
  const analysis = analyseOrder(deps.config, order, tierMappings)
  logLabelMatches(deps.log, analysis)
  const outcome: OrderOutcome = {
    numbering: [],
    duplicates: [],
    cancelled: [],
    reviews: [],
    deferred: [],
  }
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
  const standing = await getPaymentStanding(
    deps.table,
    payment.id,
    paymentReviewId(payment.id),
    membershipItemIds(analysis),
  )
  const memberships = newMemberships(deps, order, analysis, payment, standing.recordedMemberships)
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
    if (blockers.length > 0) {
      outcome.reviews.push(await reviewPayment(deps, order, payment, notificationId, blockers))
      // Recorded as eligible earlier (a partial refund since?): off the yearly summary too.
      await withholdEligiblePayment(deps.table, payment.id, {
        at,
        reasons: [...new Set(blockers.map((b) => b.reason))],
      })
    }
    return
  }
  const eligibility = { donor, payerEmail, provenance }
  if (deps.config.receiptPolicy.mode === 'annual') {
    await deferToSummary(deps, order, payment, eligibility, memberships, outcome)
    await closeSettledReview(deps, payment.id)
  } else {
    // Its open review item, if any, is closed by the number step, on the receipt's number.
    await draftPaymentReceipt(deps, order, payment, { eligibility, standing, memberships }, outcome)
  }
}

/**
 * Annual policy: no receipt now. The membership is recorded as usual and the payment waits,
 * as an eligible item, for the treasurer's yearly summary run (`receipts annual`).
 */
async function deferToSummary(
  deps: ProcessDeps,
  order: Order,
  payment: OrderPayment,
  eligibility: Eligibility,
  memberships: MembershipRecord[],
  outcome: OrderOutcome,
): Promise<void> {
  for (const membership of memberships) await putMembership(deps.table, membership)
  if ((await recordEligible(deps, order, payment, eligibility)) === 'refunded') return
  outcome.deferred.push(payment.id)
  deps.log.info('payment.deferred', { orderId: order.id, paymentId: payment.id })
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
    id: paymentReviewId(payment.id),
    reasons: [...new Set(blockers.map((b) => b.reason))],
    message: blockers.map((b) => b.message).join(' ') || 'Paiement à vérifier.',
    status: 'open',
    createdAt: deps.now().toISOString(),
    refs: { notificationId, orderId: order.id, paymentId: payment.id },
  }
  await openReview(deps.table, item)
  return item.id
}
