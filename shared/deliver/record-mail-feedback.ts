import type { DeliveryState } from '../domain/records.js'
import { AppError } from '../errors.js'
import type { Logger } from '../log.js'
import type { MailFeedback } from '../mail/ses-event.js'
import { markDeliveryUndelivered, noteDeliveryComplaint } from '../store/delivery-feedback-store.js'
import { getReceipt } from '../store/receipt-store.js'
import { openReview } from '../store/review-store.js'
import { deliveryReviewId } from '../store/review-updates.js'
import type { TableContext } from '../store/table-context.js'

export interface MailFeedbackDeps {
  table: TableContext
  now: () => Date
  log: Logger
}

export type MailFeedbackOutcome =
  | 'marked-undelivered'
  | 'complaint-noted'
  /** The event is about an older send of this email (a resend went out since). */
  | 'stale'
  /** Not one of our receipt emails (no tags), or its receipt is unknown. */
  | 'ignored'

/**
 * A bounce, rejection or complaint reported by SES for an email we sent. SES says which of its
 * messages it is about (`mail.messageId`, the id SendEmail returned, stored as
 * `delivery.messageId`) and our tags say which receipt and which email. An undelivered email
 * marks the delivery `failed` and opens a review item, since a person must fix the address
 * and resend; a complaint is only noted in the receipt's history.
 */
export async function recordMailFeedback(
  deps: MailFeedbackDeps,
  feedback: MailFeedback,
): Promise<MailFeedbackOutcome> {
  const { tags, sesMessageId, reason } = feedback
  if (!tags) return 'ignored'
  const at = deps.now().toISOString()
  const { receipt: number, kind } = tags
  if (feedback.type === 'complaint') {
    const noted = await noteDeliveryComplaint(deps.table, number, kind, sesMessageId, reason, at)
    deps.log.warn('email.complaint', { number, kind, noted })
    return noted ? 'complaint-noted' : 'stale'
  }
  if (!(await markDeliveryUndelivered(deps.table, number, kind, sesMessageId, reason, at))) {
    const receipt = await getReceipt(deps.table, number)
    if (!receipt) return 'ignored'
    const delivery = kind === 'receipt' ? receipt.delivery : receipt.cancellationDelivery
    if (!isThisSend(delivery, sesMessageId)) return 'stale'
    // Already marked by an earlier try of this event: make sure the review item exists too.
  }
  deps.log.warn('email.undelivered', { number, kind, reason })
  const receipt = await getReceipt(deps.table, number)
  await openReview(deps.table, {
    orgId: deps.table.orgId,
    // One item per SES message: a replayed event finds it, a later resend that bounces too
    // gets its own.
    id: `${deliveryReviewId(number, kind)}-${sesMessageId}`,
    reasons: ['delivery-failed'],
    message: `L’e-mail ${kind === 'receipt' ? 'du reçu' : 'd’annulation du reçu'} n° ${number} n’a pas été remis (${reason}) : vérifiez l’adresse du payeur et renvoyez-le.`,
    status: 'open',
    createdAt: at,
    refs: {
      receiptNumber: number,
      ...(receipt ? { orderId: receipt.orderId, paymentId: receipt.paymentId } : {}),
    },
  })
  return 'marked-undelivered'
}

/**
 * Whether the delivery's last send is the SES message of the event. A send whose id is not
 * recorded yet (SES can bounce within seconds, before the deliver step records `sent`) is worth
 * a retry: the queue brings the event back once the id is there.
 */
function isThisSend(delivery: DeliveryState | undefined, sesMessageId: string): boolean {
  if (delivery?.messageId === sesMessageId) return delivery.status === 'failed'
  if (delivery?.status === 'sending') {
    throw new AppError('store.conflict', 'the delivery of this email is being recorded')
  }
  return false
}
