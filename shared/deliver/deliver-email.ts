import { createHash } from 'node:crypto'
import type { DeliveryState, ReceiptRecord } from '../domain/records.js'
import { AppError, errorSummary, isTransient } from '../errors.js'
import type { OutgoingEmail, SentMail } from '../mail/mailer.js'
import {
  claimDelivery,
  type DeliveryClaim,
  type DeliveryKind,
  deliveryOf,
  isHeld,
  recordDelivery,
  withheldEvent,
} from '../store/receipt-delivery-store.js'
import { getReceipt } from '../store/receipt-store.js'
import { closeReviewIfOpen, deliveryReviewId } from '../store/review-updates.js'
import type { DeliverDeps } from './deliver-deps.js'
import { openDeliveryReview } from './open-delivery-review.js'

export type DeliverResult = 'sent' | 'already-sent' | 'rejected' | 'not-found' | 'withheld'

/**
 * Step 3 of the flow: one email per receipt (or cancellation notice), unless a resend is asked.
 * The lease taken in DynamoDB stops two workers sending the same mail; a transient failure
 * releases it and throws so the queue retries with backoff. A sending cut short (its worker
 * killed after the message left) is found by its retry and recorded, not sent again. A receipt
 * cancelled or replaced before its email went is never sent: the delivery records « not sent »
 * instead. Its cancellation notice waits for any sending of the receipt in flight to end, so it
 * follows the receipt if the receipt went, and never overtakes it.
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
  return sendClaimed(deps, claim, kind)
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

async function sendClaimed(
  deps: DeliverDeps,
  claim: DeliveryClaim,
  kind: DeliveryKind,
): Promise<DeliverResult> {
  const { receipt, sendId } = claim
  // Exists: the claim's condition required it.
  const current = deliveryOf(receipt, kind) as DeliveryState
  let sent: { mail: SentMail; hashes: DeliveryHashes | undefined }
  try {
    const { email, hashes } = await buildEmail(deps, receipt, kind, sendId)
    const earlier = await earlierSend(deps, claim, email.reference)
    sent = { mail: earlier ?? (await deps.mailer.send(email)), hashes }
  } catch (error) {
    return handleFailure(deps, receipt, kind, current, error)
  }
  // Outside the try: the message is gone. If this record fails, the lease and the sendId stay,
  // and the retry that takes the lease over finds the message gone (or, with a mailer that
  // cannot tell, sends the very same message again), never a new one.
  await recordSent(deps, receipt.number, kind, current, sent, sendId)
  if (current.resend) await closeDeliveryReview(deps, receipt.number, kind)
  return sent.mail.alreadySent ? 'already-sent' : 'sent'
}

/** The message of a sending this claim continues, if it already left (see Mailer.findSent). */
async function earlierSend(
  deps: DeliverDeps,
  claim: DeliveryClaim,
  reference: string,
): Promise<SentMail | undefined> {
  if (!claim.resumed || !deps.mailer.findSent) return undefined
  const found = await deps.mailer.findSent(
    { reference, sendId: claim.sendId },
    { interrupted: claim.resumed === 'takeover' },
  )
  return found && { ...found, alreadySent: true }
}

async function recordSent(
  deps: DeliverDeps,
  number: string,
  kind: DeliveryKind,
  current: DeliveryState,
  sent: { mail: SentMail; hashes: DeliveryHashes | undefined },
  sendId: string,
): Promise<void> {
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
      messageId: sent.mail.messageId,
      ...sent.hashes,
    },
    {
      at,
      event: `${kind}-email-sent`,
      ...(sent.mail.alreadySent
        ? { detail: 'found already sent after an interruption: recorded, not sent again' }
        : {}),
    },
    sendId,
  )
  deps.log.info(sent.mail.alreadySent ? 'email.found-sent' : 'email.sent', { number, kind })
}

/**
 * The claim failed: the email went meanwhile, the receipt is no longer live, another worker
 * holds the lease, or (for a cancellation notice) the receipt's own email is being sent. When
 * a worker holds a lease the error says when it runs out, so a queue can wait (a worker killed
 * mid-send never releases it) without spending the message's attempts.
 */
async function notClaimed(
  deps: DeliverDeps,
  number: string,
  kind: DeliveryKind,
  settledReceipt = false,
): Promise<DeliverResult> {
  const again = await getReceipt(deps.table, number)
  const state = again && deliveryOf(again, kind)
  if (!again || !state) return 'not-found'
  if (state.status === 'sent') return 'already-sent'
  if (state.status === 'not-sent') return 'withheld'
  const now = deps.now()
  if (isHeld(state, now)) throw heldUntil(number, state, now, 'held by another worker')
  if (kind === 'receipt' && again.status !== 'issued') return settleWithdrawn(deps, again)
  if (kind === 'cancellation' && again.delivery.status === 'sending' && !settledReceipt) {
    // The notice never overtakes the receipt: wait for its sending to end; if its worker died,
    // settle it here (it went, or it never will), then send the notice.
    if (isHeld(again.delivery, now))
      throw heldUntil(number, again.delivery, now, 'waits for the receipt email in flight')
    await settleWithdrawn(deps, again)
    const claim = await claimDelivery(deps.table, number, kind, deps.now(), leaseMsOf(deps))
    return claim ? sendClaimed(deps, claim, kind) : notClaimed(deps, number, kind, true)
  }
  // The state moved between the claim and this read: an ordinary retry.
  throw new AppError('mail.unavailable', `the delivery of ${number} changed while being claimed`)
}

function heldUntil(number: string, state: DeliveryState, now: Date, why: string): AppError {
  const until = Date.parse(state.leaseUntil ?? '')
  return new AppError('mail.unavailable', `delivery of ${number} ${why}`, {
    retryAfterMs: Math.max(1000, until - now.getTime() + 1000),
  })
}

/**
 * The email of a receipt no longer live, still to be settled (never sent, or its last sending
 * cut short): takes the lease, then records « sent » if that sending's message left before
 * (Mailer.findSent), « not sent » otherwise. Nothing is ever sent from here.
 */
async function settleWithdrawn(deps: DeliverDeps, receipt: ReceiptRecord): Promise<DeliverResult> {
  const { number } = receipt
  const claim = await claimDelivery(
    deps.table,
    number,
    'receipt',
    deps.now(),
    leaseMsOf(deps),
    'settle',
  )
  if (!claim) {
    const again = await getReceipt(deps.table, number)
    if (again?.delivery.status === 'sent') return 'already-sent'
    if (again?.delivery.status === 'not-sent') return 'withheld'
    if (again && isHeld(again.delivery, deps.now()))
      throw heldUntil(number, again.delivery, deps.now(), 'held by another worker')
    throw new AppError('mail.unavailable', `the email of ${number} changed while being settled`)
  }
  const current = claim.receipt.delivery
  try {
    const earlier = await earlierSend(deps, claim, `${number}-receipt`)
    if (earlier) {
      // Rendered again (deterministic) for the hash the archive download is checked against.
      const { hashes } = await buildEmail(deps, claim.receipt, 'receipt', claim.sendId)
      await recordSent(deps, number, 'receipt', current, { mail: earlier, hashes }, claim.sendId)
      return 'already-sent'
    }
  } catch (error) {
    return handleFailure(deps, claim.receipt, 'receipt', current, error)
  }
  const status = claim.receipt.status === 'replaced' ? 'replaced' : 'cancelled'
  await recordDelivery(
    deps.table,
    number,
    'receipt',
    { ...carried(current), status: 'not-sent', attempts: current.attempts },
    withheldEvent(deps.now().toISOString(), status),
    claim.sendId,
  )
  deps.log.info('email.withheld', { number, status })
  return 'withheld'
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

// Each `import()` call resolves its specifier again (through the loader's hooks when there
// are any): once per process is enough.
const receiptEmailModules = once(() =>
  Promise.all([
    import('../receipts/render-receipt-pdf.js'),
    import('../mail/compose-receipt-email.js'),
  ]),
)
const cancellationEmailModule = once(() => import('../mail/compose-cancellation-email.js'))

function once<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined
  return () => {
    loaded ??= { value: load() }
    return loaded.value
  }
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
    const { composeCancellationEmail } = await cancellationEmailModule()
    const reason = receipt.cancellation?.reason ?? 'staff'
    return { email: await composeCancellationEmail({ ...common, reason }) }
  }
  const [{ renderReceiptPdf }, { composeReceiptEmail }] = await receiptEmailModules()
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
      ...(receipt.taxRules ? { taxRules: receipt.taxRules } : {}),
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
  const state: DeliveryState = {
    ...carried(current),
    // A retry is the same sending: if a killed worker's message went out before this attempt
    // failed, the retry must find it, or send that very message again (same Message-ID).
    ...(!permanent && current.sendId ? { sendId: current.sendId } : {}),
    status: permanent ? 'failed' : 'pending',
    attempts: current.attempts + 1,
    lastError: errorSummary(error),
  }
  await recordDelivery(
    deps.table,
    receipt.number,
    kind,
    state,
    { at, event: `${kind}-email-${permanent ? 'failed' : 'retry'}`, detail: errorSummary(error) },
    current.sendId,
  )
  if (!permanent) throw error
  deps.log.warn('email.rejected', { number: receipt.number, kind })
  const refused = error instanceof AppError && error.code === 'mail.rejected'
  await openDeliveryReview(
    deps,
    receipt,
    kind,
    deliveryReviewId(receipt.number, kind),
    refused ? { kind: 'refused' } : { kind: 'unprepared', error: errorSummary(error) },
  )
  return 'rejected'
}

/** A staff resend that went through settles the "email refused" item, if there was one. */
async function closeDeliveryReview(
  deps: DeliverDeps,
  number: string,
  kind: DeliveryKind,
): Promise<void> {
  await closeReviewIfOpen(deps.table, deliveryReviewId(number, kind), 'resolved', {
    at: deps.now().toISOString(),
    by: 'envoi automatique',
    note: 'renvoyé avec succès',
    receiptNumber: number,
  })
}
