import * as z from 'zod/mini'
import { SEND_ID } from '../domain/send-id.js'
import type { EmailTags } from './ses-mailer.js'

/**
 * The part we read of the SES events that the configuration set publishes to EventBridge
 * (detail-types "Email Sent", "Email Bounced", "Email Complaint Received", "Email Rejected").
 * Addresses and diagnostic texts are in the event too; we keep none of them (invariant 9).
 */
const TagValues = z.optional(z.array(z.string()))

export const SesEventSchema = z.object({
  source: z.literal('aws.ses'),
  detail: z.object({
    eventType: z.string(),
    mail: z.object({
      messageId: z.string().check(z.minLength(1)),
      tags: z.optional(z.record(z.string(), TagValues)),
    }),
    bounce: z.optional(
      z.object({
        bounceType: z.string(),
        bounceSubType: z.optional(z.string()),
        bouncedRecipients: z.optional(z.array(z.object({ status: z.optional(z.string()) }))),
      }),
    ),
    complaint: z.optional(z.object({ complaintFeedbackType: z.optional(z.string()) })),
    reject: z.optional(z.object({ reason: z.optional(z.string()) })),
  }),
})

/** What happened to one email we sent, as far as the receipt's delivery status cares. */
export type MailFeedback =
  /** SES took the message (its sending is in `tags.send`). */
  | { type: 'sent'; sesMessageId: string; tags?: EmailTags }
  /** Not delivered: hard or soft bounce after SES gave up, or rejected by SES (virus). */
  | { type: 'undelivered'; sesMessageId: string; tags?: EmailTags; reason: string }
  /** Delivered, then marked as spam by the recipient. */
  | { type: 'complaint'; sesMessageId: string; tags?: EmailTags; reason: string }

/** Parses an SES event; undefined for event types we do not subscribe to. */
export function parseSesEvent(raw: unknown): MailFeedback | undefined {
  const event = SesEventSchema.parse(raw)
  const { detail } = event
  const sesMessageId = detail.mail.messageId
  const tags = tagsOf(detail.mail.tags)
  const common = { sesMessageId, ...(tags ? { tags } : {}) }
  switch (detail.eventType) {
    case 'Send':
      return { type: 'sent', ...common }
    case 'Bounce': {
      const bounce = detail.bounce
      const status = bounce?.bouncedRecipients?.find((recipient) => recipient.status)?.status
      const kind = [bounce?.bounceType, bounce?.bounceSubType].filter(Boolean).join('/')
      return {
        type: 'undelivered',
        ...common,
        reason: `bounce ${kind || 'unknown'}${status ? ` (${status})` : ''}`,
      }
    }
    case 'Reject':
      return {
        type: 'undelivered',
        ...common,
        reason: `rejected by SES${detail.reject?.reason ? ` (${detail.reject.reason})` : ''}`,
      }
    case 'Complaint':
      return {
        type: 'complaint',
        ...common,
        reason: `complaint${detail.complaint?.complaintFeedbackType ? ` (${detail.complaint.complaintFeedbackType})` : ''}`,
      }
    default:
      return undefined
  }
}

function tagsOf(tags: Record<string, string[] | undefined> | undefined): EmailTags | undefined {
  const receipt = tags?.receipt?.[0]
  const kind = tags?.kind?.[0]
  const send = tags?.send?.[0]
  if (!receipt || (kind !== 'receipt' && kind !== 'cancellation')) return undefined
  return { receipt, kind, ...(send && SEND_ID.test(send) ? { send } : {}) }
}
