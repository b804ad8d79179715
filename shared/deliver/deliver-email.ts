import { createHash } from 'node:crypto'
import type { DeliveryState, ReceiptRecord } from '../domain/records.js'
import { AppError, errorSummary, isTransient } from '../errors.js'
import type { OutgoingEmail } from '../mail/mailer.js'
import { withheldEvent } from '../store/leave-issued.js'
import {
  claimDelivery,
  type DeliveryKind,
  recordDelivery,
} from '../store/receipt-delivery-store.js'
import { getReceipt } from '../store/receipt-store.js'
import { openReview } from '../store/review-store.js'
import { closeReviewIfOpen, deliveryReviewId } from '../store/review-updates.js'
import type { DeliverDeps } from './deliver-deps.js'

export type DeliverResult = 'sent' | 'already-sent' | 'rejected' | 'not-found' | 'withheld'

/**
 * Step 3 of the flow: one email per receipt (or cancellation notice), unless a resend is asked.
 * The lease taken in DynamoDB stops two workers sending the same mail; a transient failure
 * releases it and throws so the queue retries with backoff. A receipt cancelled or replaced
 * before its email went is never sent: the delivery records « not sent » instead (its
 * cancellation notice, if any, is a delivery of its own and still goes).
 */
export async function deliverEmail(
  deps: DeliverDeps,
  number: string,
  kind: DeliveryKind,
): Promise<DeliverResult> {
  // The claim's conditions say whether there is anything to send; only a refused claim reads
  // the receipt to tell why (sent already, withdrawn, held by another worker, unknown).
  const claim = await claimDelivery(deps.table, number, kind, deps.now(), leaseMsOf(deps))
  if (!claim) return notClaimed(deps, number, kind)
  const { receipt } = claim
  // Exists: the claim's condition required it.
  const current = (
    kind === 'receipt' ? receipt.delivery : receipt.cancellationDelivery
  ) as DeliveryState
  let sent: { messageId: string; hashes: DeliveryHashes | undefined }
  try {
    const { email, hashes } = await buildEmail(deps, receipt, kind, claim.sendId)
    sent = { messageId: (await deps.mailer.send(email)).messageId, hashes }
  } catch (error) {
    return handleFailure(deps, receipt, kind, current, error)
  }
  // Outside the try: the message is gone. If this record fails, the lease and the sendId stay,
  // and the retry that takes the lease over sends the same message again, never a new one.
  const at = deps.now().toISOString()
  await recordDelivery(
    deps.table,
    number,
    kind,
    {
      ...carried(current),
      status: 'sent',
      attempts: current.attempts + 1,
      sentAt: at,
      messageId: sent.messageId,
      ...sent.hashes,
    },
    { at, event: `${kind}-email-sent` },
  )
  deps.log.info('email.sent', { number, kind })
  if (current.resend) await closeDeliveryReview(deps, number, kind, at)
  return 'sent'
}

/**
 * How long a sender may hold a delivery: longer than the deliver function may run (60 s), so a
 * live sender never loses it; shorter than its queue's visibility timeout (6 × 60 s), so the
 * retry of a killed sender finds it expired.
 */
export const DELIVERY_LEASE_MS = 90_000

function leaseMsOf(deps: DeliverDeps): number {
  return deps.leaseMs ?? DELIVERY_LEASE_MS
}

/**
 * The claim failed: the email went meanwhile, the receipt is no longer live, or another worker
 * holds the lease. In that last case the error says when the lease runs out, so a queue can
 * wait (a worker killed mid-send never releases it) without spending the message's attempts.
 */
async function notClaimed(
  deps: DeliverDeps,
  number: string,
  kind: DeliveryKind,
): Promise<DeliverResult> {
  const again = await getReceipt(deps.table, number)
  const state = again && (kind === 'receipt' ? again.delivery : again.cancellationDelivery)
  if (!again || !state) return 'not-found'
  if (state.status === 'sent') return 'already-sent'
  if (state.status === 'not-sent') return 'withheld'
  if (kind === 'receipt' && again.status !== 'issued') return withhold(deps, again)
  const until = state.leaseUntil ? Date.parse(state.leaseUntil) : Number.NaN
  const retryAfterMs = Number.isNaN(until)
    ? undefined
    : Math.max(1000, until - deps.now().getTime() + 1000)
  throw new AppError('mail.unavailable', `delivery of ${number} is held by another worker`, {
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  })
}

/**
 * What a new delivery state keeps from the one it replaces: what kind of sending it is (a resend,
 * a duplicata), so a retry sends the same thing, and the original's hash for the archive check.
 */
function carried(state: DeliveryState): Pick<DeliveryState, 'resend' | 'duplicata' | 'pdfSha256'> {
  const { resend, duplicata, pdfSha256 } = state
  return {
    ...(resend ? { resend } : {}),
    ...(duplicata ? { duplicata } : {}),
    ...(pdfSha256 ? { pdfSha256 } : {}),
  }
}

/** Records that a receipt no longer live will not be emailed, and sends nothing. */
async function withhold(deps: DeliverDeps, receipt: ReceiptRecord): Promise<DeliverResult> {
  const status = receipt.status === 'replaced' ? 'replaced' : 'cancelled'
  await recordDelivery(
    deps.table,
    receipt.number,
    'receipt',
    { ...carried(receipt.delivery), status: 'not-sent', attempts: receipt.delivery.attempts },
    withheldEvent(deps.now().toISOString(), status),
  )
  deps.log.info('email.withheld', { number: receipt.number, status })
  return 'withheld'
}

type DeliveryHashes = Pick<DeliveryState, 'pdfSha256' | 'duplicata'>

/**
 * The receipt email: the original as issued, or, on a donor's request, a duplicata. The hash
 * of the original is what the staff archive download is checked against; a duplicata's hash is
 * kept beside it.
 */
async function buildEmail(
  deps: DeliverDeps,
  receipt: ReceiptRecord,
  kind: DeliveryKind,
  sendId: string,
): Promise<{ email: OutgoingEmail; hashes?: DeliveryHashes }> {
  const common = {
    snapshot: receipt.snapshot,
    sendId,
    from: deps.config.mail.from,
    to: receipt.payerEmail,
    ...(deps.config.mail.replyTo ? { replyTo: deps.config.mail.replyTo } : {}),
  }
  // The renderer and the MIME composer (pdf-lib and its font metrics, nodemailer: 0.5 MB of
  // code) are read with the first email a process builds, not at every cold start of deliver.
  if (kind === 'cancellation') {
    const { composeCancellationEmail } = await import('../mail/compose-cancellation-email.js')
    const reason = receipt.cancellation?.reason ?? 'staff'
    return { email: await composeCancellationEmail({ ...common, reason }) }
  }
  const [{ renderReceiptPdf }, { composeReceiptEmail }] = await Promise.all([
    import('../receipts/render-receipt-pdf.js'),
    import('../mail/compose-receipt-email.js'),
  ])
  const { duplicata, pdfSha256: originalSha256 } = receipt.delivery
  const pdf = await renderReceiptPdf(
    receipt.snapshot,
    duplicata ? { duplicateOf: { reprintedOn: duplicata.reprintedOn } } : {},
  )
  const sha256 = createHash('sha256').update(pdf).digest('hex')
  return {
    email: await composeReceiptEmail({
      ...common,
      pdf,
      sending: duplicata ? 'duplicata' : receipt.delivery.resend ? 'resend' : 'first',
    }),
    hashes: duplicata
      ? {
          ...(originalSha256 ? { pdfSha256: originalSha256 } : {}),
          duplicata: { ...duplicata, sha256 },
        }
      : { pdfSha256: sha256 },
  }
}

async function handleFailure(
  deps: DeliverDeps,
  receipt: ReceiptRecord,
  kind: DeliveryKind,
  current: DeliveryState,
  error: unknown,
): Promise<DeliverResult> {
  const at = deps.now().toISOString()
  // A refused address needs a person; so does a receipt that cannot be rendered. Anything else
  // (SES throttling, network, DynamoDB) is retried by the queue.
  const permanent = !isTransient(error)
  const refused = error instanceof AppError && error.code === 'mail.rejected'
  const state: DeliveryState = {
    ...carried(current),
    // A retry is the same sending: if a killed worker's message went out before this attempt
    // failed, the retry must send that very message again (same Message-ID), not a new one.
    ...(!permanent && current.sendId ? { sendId: current.sendId } : {}),
    status: permanent ? 'failed' : 'pending',
    attempts: current.attempts + 1,
    lastError: errorSummary(error),
  }
  await recordDelivery(deps.table, receipt.number, kind, state, {
    at,
    event: `${kind}-email-${permanent ? 'failed' : 'retry'}`,
    detail: errorSummary(error),
  })
  if (!permanent) throw error
  deps.log.warn('email.rejected', { number: receipt.number, kind })
  await openReview(deps.table, {
    orgId: deps.table.orgId,
    id: deliveryReviewId(receipt.number, kind),
    reasons: ['delivery-failed'],
    message: refused
      ? `L’e-mail ${kind === 'receipt' ? 'du reçu' : 'd’annulation du reçu'} n° ${receipt.number} a été refusé : vérifiez l’adresse du payeur et renvoyez-le.`
      : `L’e-mail ${kind === 'receipt' ? 'du reçu' : 'd’annulation du reçu'} n° ${receipt.number} n’a pas pu être préparé (${errorSummary(error)}).`,
    status: 'open',
    createdAt: at,
    refs: { orderId: receipt.orderId, paymentId: receipt.paymentId, receiptNumber: receipt.number },
  })
  return 'rejected'
}

/** A staff resend that went through settles the "email refused" item, if there was one. */
async function closeDeliveryReview(
  deps: DeliverDeps,
  number: string,
  kind: DeliveryKind,
  at: string,
): Promise<void> {
  await closeReviewIfOpen(deps.table, deliveryReviewId(number, kind), 'resolved', {
    at,
    by: 'envoi automatique',
    note: 'renvoyé avec succès',
    receiptNumber: number,
  })
}
