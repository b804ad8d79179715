import { mapPaymentState } from '../../helloasso/payment-state.js'
import { numberPaymentReceipt } from '../../process/number-payment-receipt.js'
import type { ProcessDeps } from '../../process/process-deps.js'
import { reviewsOpenedBy } from '../../store/reviews-opened-by.js'
import { amountChangedReview, openDifferenceReview, unpaidReview } from './difference-reviews.js'
import type { ListedOrder, ListedPayment } from './listed-order.js'
import { type LocalPayment, readLocalPayment } from './local-payment.js'
import { processThroughNotification } from './process-through-notification.js'
import { type ReconcileReport, recordAction } from './reconcile-report.js'

type LocalPayments = Map<number, LocalPayment>

/**
 * Compares one order's payments, as HelloAsso lists them, with what we recorded. A payment whose
 * state differs (never recorded: a missed notification; recorded otherwise: a missed refund or
 * contest) sends the order through the processing path, which decides as for a notification.
 * What that path does not settle (a live receipt on an amount that changed or on a payment that
 * is not paid) goes to review.
 */
export async function reconcileOrder(
  deps: ProcessDeps,
  order: ListedOrder,
  report: ReconcileReport,
): Promise<void> {
  report.counts.paymentsSeen += order.payments.length
  const actionsBefore = report.actions.length
  let local = await readLocalPayments(deps, order.payments)
  const stale = order.payments.some(
    (payment) => local.get(payment.id)?.recordedState !== payment.state,
  )
  if (stale) local = (await processOrder(deps, order, local, report)) ?? local
  for (const payment of order.payments) {
    await reviewDifferences(deps, payment, local.get(payment.id), report)
  }
  if (report.actions.length === actionsBefore) report.counts.unchanged++
}

async function readLocalPayments(
  deps: ProcessDeps,
  payments: ListedPayment[],
): Promise<LocalPayments> {
  const entries = await Promise.all(
    payments.map(
      async (payment) => [payment.id, await readLocalPayment(deps.table, payment.id)] as const,
    ),
  )
  return new Map(entries)
}

/** Returns the local records as processing left them, or undefined when it did not run. */
async function processOrder(
  deps: ProcessDeps,
  order: ListedOrder,
  before: LocalPayments,
  report: ReconcileReport,
): Promise<LocalPayments | undefined> {
  const startedAt = deps.now().toISOString()
  const { notificationId, outcome } = await processThroughNotification(deps, order)
  await numberDrafts(deps, order)
  if (outcome === 'already-done') {
    // This exact HelloAsso state went through processing in an earlier sweep and the records
    // still differ: processing it again would decide the same, so say so instead.
    recordAction(report, {
      kind: 'still-different',
      orderId: order.id,
      notificationId,
      detail: 'an earlier sweep processed this HelloAsso state; see that notification',
    })
    return undefined
  }
  recordAction(report, { kind: 'processed', orderId: order.id, notificationId, detail: outcome })
  const after = await readLocalPayments(deps, order.payments)
  for (const payment of order.payments) {
    recordReceiptChange(report, order.id, payment.id, before.get(payment.id), after.get(payment.id))
  }
  for (const reviewId of await reviewsOpenedBy(deps.table, notificationId, startedAt)) {
    recordAction(report, { kind: 'review-opened', orderId: order.id, notificationId, reviewId })
  }
  return after
}

/**
 * The sweep reports the receipts it issued, so it numbers the payments it drafted here, in
 * turn, rather than leave them to the numbering queue (whose messages then find no draft).
 */
async function numberDrafts(deps: ProcessDeps, order: ListedOrder): Promise<void> {
  for (const payment of order.payments)
    await deps.serialize(deps.table.orgId, () => numberPaymentReceipt(deps, payment.id))
}

function recordReceiptChange(
  report: ReconcileReport,
  orderId: number,
  paymentId: number,
  before: LocalPayment | undefined,
  after: LocalPayment | undefined,
): void {
  const was = before?.receipt
  const now = after?.receipt
  if (now && now.number !== was?.number) {
    recordAction(report, { kind: 'receipt-issued', orderId, paymentId, receiptNumber: now.number })
  } else if (was?.status === 'issued' && now?.status !== 'issued') {
    recordAction(report, {
      kind: 'receipt-cancelled',
      orderId,
      paymentId,
      receiptNumber: was.number,
    })
  }
}

/** A live receipt must stand on a paid payment of the amount it was issued for. */
async function reviewDifferences(
  deps: ProcessDeps,
  payment: ListedPayment,
  local: LocalPayment | undefined,
  report: ReconcileReport,
): Promise<void> {
  const receipt = local?.receipt
  if (receipt?.status !== 'issued') return
  if (mapPaymentState(payment.state) !== 'paid') {
    await openDifferenceReview(deps, unpaidReview(payment, receipt), report)
  } else if (payment.amountCents !== receipt.provenance.paymentAmountCents) {
    await openDifferenceReview(deps, amountChangedReview(payment, receipt), report)
  }
}
