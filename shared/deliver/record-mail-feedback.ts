import type { DeliveryState } from '../domain/records.js'
import { AppError } from '../errors.js'
import type { Logger } from '../log.js'
import type { MailFeedback } from '../mail/ses-event.js'
import {
  markDeliveryUndelivered,
  noteDeliveryComplaint,
  recordSesSend,
} from '../store/receipt-delivery-store.js'
import { getReceipt } from '../store/receipt-store.js'
import { deliveryReviewId } from '../store/review-updates.js'
import type { TableContext } from '../store/table-context.js'
import { openDeliveryReview } from './open-delivery-review.js'

export interface MailFeedbackDeps {
  table: TableContext
  now: () => Date
  log: Logger
}

export type MailFeedbackOutcome =
  /** SES took the message of a sending not recorded yet: a retry will find it (recordSesSend). */
  | 'send-recorded'
  | 'marked-undelivered'
  | 'complaint-noted'
  /** The event is about an older send of this email (a resend went out since), or a send already recorded. */
  | 'stale'
  /** Not one of our receipt emails (no tags), or its receipt is unknown. */
  | 'ignored'

/**
 * A send, bounce, rejection or complaint reported by SES for an email we sent. SES says which of its
 * messages it is about (`mail.messageId`, the id SendEmail returned, stored as
 * `delivery.messageId`) and our tags say which receipt and which email. An undelivered email
 * marks the delivery `failed` and opens a review item, since a person must act; a complaint is
 * only noted in the receipt's history. A send is kept only while its sending is unfinished, for
 * a retry after a crash to find (one email per sending).
 */
export async function recordMailFeedback(
  deps: MailFeedbackDeps,
  feedback: MailFeedback,
): Promise<MailFeedbackOutcome> {
  const { tags, sesMessageId } = feedback
  if (!tags) return 'ignored'
  const at = deps.now().toISOString()
  const { receipt: number, kind } = tags
  if (feedback.type === 'sent') {
    if (!tags.send) return 'ignored'
    const send = { number, kind, sendId: tags.send, sesMessageId, at }
    return (await recordSesSend(deps.table, send)) ? 'send-recorded' : 'stale'
  }
  const { reason } = feedback
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
  // One item per SES message: a replayed event finds it, a later resend that bounces too gets its own.
  await openDeliveryReview(
    deps,
    { number, ...(receipt ? { orderId: receipt.orderId } : {}) },
    kind,
    `${deliveryReviewId(number, kind)}-${sesMessageId}`,
    { kind: 'undelivered', reason },
  )
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
