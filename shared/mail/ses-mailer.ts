import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import { AppError } from '../errors.js'
import type { Mailer, OutgoingEmail } from './mailer.js'

export interface SesMailerOptions {
  /** SES configuration set (event publishing: sends, bounces, complaints). */
  configurationSetName?: string
}

/**
 * SES message tags, echoed by SES in the `mail.tags` of every event (send, bounce, complaint),
 * so the ses-events function finds the receipt, the kind of email and the sending without any
 * lookup table. SES tag values allow letters, digits, `_` and `-` only: receipt numbers
 * ("2026-00042") and send ids fit.
 */
export interface EmailTags {
  receipt: string
  kind: 'receipt' | 'cancellation'
  /** The sending (DeliveryState.sendId), on the emails a delivery sends. */
  send?: string
}

const REFERENCE = /^(\d{4}-\d+)-(receipt|cancellation)$/

/** The tags of a receipt or cancellation email, read from its reference ("2026-00042-receipt"). */
export function emailTagsOf(
  email: Pick<OutgoingEmail, 'reference' | 'sendId'>,
): EmailTags | undefined {
  const match = REFERENCE.exec(email.reference)
  if (!match?.[1] || !match[2]) return undefined
  return {
    receipt: match[1],
    kind: match[2] as EmailTags['kind'],
    ...(email.sendId ? { send: email.sendId } : {}),
  }
}

/** Sends our prebuilt MIME through SES v2 as a raw message. */
export function createSesMailer(client: SESv2Client, options: SesMailerOptions = {}): Mailer {
  return {
    async send(email: OutgoingEmail) {
      const tags = emailTagsOf(email)
      try {
        const output = await client.send(
          new SendEmailCommand({
            FromEmailAddress: email.from,
            Destination: { ToAddresses: email.to },
            Content: { Raw: { Data: email.raw } },
            ...(tags
              ? {
                  EmailTags: [
                    { Name: 'receipt', Value: tags.receipt },
                    { Name: 'kind', Value: tags.kind },
                    ...(tags.send ? [{ Name: 'send', Value: tags.send }] : []),
                  ],
                }
              : {}),
            ...(options.configurationSetName
              ? { ConfigurationSetName: options.configurationSetName }
              : {}),
          }),
        )
        // SES always answers with an id on success; the mail is gone either way, so a
        // missing one must not turn into an error that would send it twice.
        return { messageId: output.MessageId ?? '' }
      } catch (error) {
        throw translateSesError(error)
      }
    },
  }
}

/**
 * The test for each name: would the very same request succeed later without anybody fixing
 * the message or the configuration? If not, retrying only burns the retry budget.
 */
const REJECTED: Readonly<Record<string, string>> = {
  MessageRejected: 'SES rejected the message (content, or an unverified recipient in sandbox)',
  MailFromDomainNotVerifiedException:
    'the MAIL FROM domain of the sender identity is not verified in SES',
  BadRequestException: 'SES found the request invalid',
  NotFoundException: 'an SES resource named in the request (configuration set?) does not exist',
}

/**
 * Sending paused or account suspended: neither the recipient nor the message is at fault, and
 * the unchanged request will succeed once an operator has restored sending. Reported as
 * transient, so the messages back off in their queue (up to every 10 minutes) and, past the
 * park count, wait as pending work for the scheduled re-queue: they go out once sending is
 * restored, rather than being recorded as refused for their recipient.
 */
const UNAVAILABLE: Readonly<Record<string, string>> = {
  SendingPausedException: 'sending is paused for the SES account or configuration set',
  AccountSuspendedException: 'the SES account is suspended from sending',
  TooManyRequestsException: 'SES throttled the request',
  LimitExceededException: 'an SES sending limit is exceeded',
}

/** Messages name the error only: SES messages can quote addresses, which never go in logs. */
function translateSesError(error: unknown): AppError {
  const name = error instanceof Error ? error.name : 'unknown'
  const rejected = REJECTED[name]
  if (rejected) return new AppError('mail.rejected', `${rejected} (${name})`, { cause: error })
  const unavailable = UNAVAILABLE[name]
  if (unavailable) {
    return new AppError('mail.unavailable', `${unavailable} (${name})`, { cause: error })
  }
  const status = httpStatusOf(error)
  // 5xx, network errors and timeouts (no HTTP status), and unknown names: a retry is cheap,
  // losing a receipt email is not.
  const what = status === undefined ? 'SES could not be reached' : `SES answered ${status}`
  return new AppError('mail.unavailable', `${what} (${name})`, { cause: error })
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
  return metadata?.httpStatusCode
}
