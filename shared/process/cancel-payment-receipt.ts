import type { CancellationReason, ReceiptRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import type { Order, OrderPayment } from '../helloasso/schemas.js'
import { markEligibleRefunded } from '../store/eligible-payment-store.js'
import { getMembership, putMembership } from '../store/membership-store.js'
import { claimRelease } from '../store/receipt-items.js'
import { cancelReceipt, liveReceiptOfPayment } from '../store/receipt-store.js'
import { openReview } from '../store/review-store.js'
import type { ProcessDeps } from './process-deps.js'

/**
 * A refunded or contested payment: it leaves the yearly summaries for good, its receipt is
 * cancelled (the number stays in the series), the memberships it paid for end, staff get a
 * review item and the payer a cancellation notice. A yearly summary receipt is cancelled
 * whole: its other payments are released in the same transaction so that the next annual run
 * gathers them on a new receipt. The receipt cancelled is the one live when the write lands,
 * a staff correction's replacement included. Returns its number, or undefined when there was
 * nothing live to cancel.
 */
export async function cancelPaymentReceipt(
  deps: ProcessDeps,
  order: Order,
  payment: OrderPayment,
  reason: CancellationReason,
  notificationId: string,
): Promise<string | undefined> {
  await endMemberships(deps, order, payment, reason)
  const at = deps.now().toISOString()
  // Before looking for a receipt: a summary written after this point can no longer cover it.
  await markEligibleRefunded(deps.table, payment.id, {
    at,
    reason: reason === 'contest' ? 'contest' : 'refund',
  })
  const cancelled = await cancelLiveReceipt(deps, payment.id, reason, at)
  if (!cancelled) return undefined
  const { receipt, released } = cancelled
  deps.log.info('receipt.cancelled', {
    number: receipt.number,
    paymentId: payment.id,
    reason,
    released,
  })
  await openReview(deps.table, {
    orgId: deps.table.orgId,
    id: `cancelled-${receipt.number}`,
    reasons: ['receipt-cancelled'],
    message: cancelledMessage(receipt.number, reason, released, receipt.year),
    status: 'open',
    createdAt: at,
    refs: {
      notificationId,
      orderId: order.id,
      paymentId: payment.id,
      receiptNumber: receipt.number,
    },
  })
  await deps.queue.send({
    type: 'deliver',
    orgId: deps.table.orgId,
    receiptNumber: receipt.number,
    kind: 'cancellation',
  })
  return receipt.number
}

const MAX_CANCEL_RACES = 5

/**
 * Cancels whatever receipt is live for the payment when the write happens. A staff correction
 * or resend that commits between the read and the write makes the cancel's condition fail:
 * read again and cancel the receipt now live (the replacement), instead of leaving it valid.
 * Undefined when nothing is live any more (a replay, or already cancelled).
 */
async function cancelLiveReceipt(
  deps: ProcessDeps,
  paymentId: number,
  reason: CancellationReason,
  at: string,
): Promise<{ receipt: ReceiptRecord; released: number } | undefined> {
  for (let attempt = 0; attempt < MAX_CANCEL_RACES; attempt++) {
    const live = await liveReceiptOfPayment(deps.table, paymentId)
    if (!live) return undefined
    const { receipt, numbers } = live
    const released = (receipt.coveredPayments ?? []).filter((p) => p.paymentId !== paymentId)
    const note = released.length > 0 ? releaseNote(paymentId, reason, released.length) : undefined
    const cancelled = await cancelReceipt(
      deps.table,
      receipt,
      { at, reason, ...(note ? { note } : {}) },
      { extraItems: released.map((p) => claimRelease(deps.table, p.paymentId, numbers)) },
    )
    if (cancelled) return { receipt, released: released.length }
  }
  // Still moving after several reads: the queue retries the whole notification later.
  throw new AppError(
    'store.conflict',
    `the receipt of payment ${paymentId} kept changing while being cancelled; will retry`,
  )
}

function releaseNote(paymentId: number, reason: CancellationReason, released: number): string {
  const what = reason === 'contest' ? 'contesté' : 'remboursé'
  return `Versement n° ${paymentId} ${what} : ${released} autre(s) versement(s) de ce reçu annuel seront repris au prochain reçu annuel.`
}

function cancelledMessage(
  number: string,
  reason: CancellationReason,
  released: number,
  year: number,
): string {
  const why = reason === 'contest' ? 'paiement contesté' : 'paiement remboursé'
  const summary =
    released > 0
      ? ` C’était un reçu annuel : ses ${released} autre(s) versement(s) seront repris sur un nouveau reçu au prochain lancement de « receipts annual --year ${year} ».`
      : ''
  return `Le reçu n° ${number} a été annulé automatiquement (${why}).${summary} Vérifiez l’adhésion et la comptabilité.`
}

async function endMemberships(
  deps: ProcessDeps,
  order: Order,
  payment: OrderPayment,
  reason: CancellationReason,
): Promise<void> {
  const itemIds = payment.items?.length
    ? payment.items.map((share) => share.id)
    : order.items.map((item) => item.id)
  for (const itemId of itemIds) {
    const membership = await getMembership(deps.table, itemId)
    if (!membership || membership.status === 'ended') continue
    await putMembership(deps.table, {
      ...membership,
      status: 'ended',
      endedReason: reason,
      updatedAt: deps.now().toISOString(),
    })
  }
}
