import type { CancellationReason } from '../domain/records.js'
import type { Order, OrderPayment } from '../helloasso/schemas.js'
import { getMembership, putMembership } from '../store/membership-store.js'
import { cancelReceipt, getPaymentReceiptNumber, getReceipt } from '../store/receipt-store.js'
import { openReview } from '../store/review-store.js'
import type { ProcessDeps } from './process-deps.js'

/**
 * A refunded or contested payment: its receipt is cancelled (the number stays in the series),
 * the memberships it paid for end, staff get a review item and the payer a cancellation notice.
 * Returns the cancelled receipt's number, or undefined when there was nothing live to cancel.
 */
export async function cancelPaymentReceipt(
  deps: ProcessDeps,
  order: Order,
  payment: OrderPayment,
  reason: CancellationReason,
  notificationId: string,
): Promise<string | undefined> {
  await endMemberships(deps, order, payment, reason)
  const number = await getPaymentReceiptNumber(deps.table, payment.id)
  const receipt = number ? await getReceipt(deps.table, number) : undefined
  if (receipt?.status !== 'issued') return undefined
  const at = deps.now().toISOString()
  const cancelled = await cancelReceipt(deps.table, receipt, { at, reason })
  if (!cancelled) return undefined
  deps.log.info('receipt.cancelled', { number: receipt.number, paymentId: payment.id, reason })
  await openReview(deps.table, {
    orgId: deps.table.orgId,
    id: `cancelled-${receipt.number}`,
    reasons: ['receipt-cancelled'],
    message: `Le reçu n° ${receipt.number} a été annulé automatiquement (${reason === 'contest' ? 'paiement contesté' : 'paiement remboursé'}). Vérifiez l’adhésion et la comptabilité.`,
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
