import * as z from 'zod'
import { parisIsoDay } from '../domain/paris-time.js'
import type { DeliveryState, ReceiptRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { auditPut } from '../store/audit-store.js'
import { requestResend } from '../store/receipt-delivery-store.js'
import { closeReviewIfOpen, deliveryReviewId } from '../store/review-updates.js'
import { loadReceipt } from './load-receipt.js'
import type { Actor, StaffDeps } from './staff-deps.js'

/**
 * Why a receipt goes out again, which decides what is sent:
 * - `not-received` (a bounce, a lost email) and `corrected-address`: the same original, and
 *   the email does not say duplicata (the donor never had it);
 * - `donor-request` (the donor lost it): a PDF marked DUPLICATA, and the email says so.
 */
export const RESEND_REASONS = ['not-received', 'corrected-address', 'donor-request'] as const
export type ResendReason = (typeof RESEND_REASONS)[number]

export const ResendSchema = z
  .object({
    reason: z.enum(RESEND_REASONS, {
      error:
        'le motif du renvoi est obligatoire : not-received (e-mail non reçu), corrected-address (adresse corrigée) ou donor-request (duplicata demandé par le donateur)',
    }),
    /** A corrected address; the receipt then goes there, and the change is recorded. */
    email: z.email('adresse e-mail invalide').optional(),
  })
  .refine((input) => input.reason !== 'corrected-address' || input.email !== undefined, {
    message: 'indiquez l’adresse corrigée',
    path: ['email'],
  })

/**
 * Sends a live receipt again, optionally to a corrected address: the same original, or a
 * duplicata on the donor's request (see ResendReason). The receipt's delivery, the
 * pending-delivery marker and the audit entry change together (requestResend), and not at all
 * if the receipt stopped being live or a worker started sending it meanwhile.
 */
export async function resendReceipt(
  deps: StaffDeps,
  actor: Actor,
  number: string,
  input: z.infer<typeof ResendSchema>,
): Promise<ReceiptRecord> {
  const receipt = await loadReceipt(deps.table, number)
  refuseNotLive(receipt)
  if (receipt.delivery.status === 'sending')
    throw new AppError(
      'receipt.conflict',
      `Le reçu n° ${number} est en cours d’envoi : réessayez dans un instant.`,
    )
  const at = deps.now().toISOString()
  const email = input.email?.trim().toLowerCase() ?? receipt.payerEmail
  const delivery: DeliveryState = {
    status: 'pending',
    attempts: 0,
    resend: true,
    // The original's hash stays: it is what the archive download is checked against.
    ...(receipt.delivery.pdfSha256 ? { pdfSha256: receipt.delivery.pdfSha256 } : {}),
    ...(input.reason === 'donor-request' ? { duplicata: { reprintedOn: parisIsoDay(at) } } : {}),
  }
  const event = {
    at,
    event: 'resend-requested',
    detail:
      RESEND_DETAIL[input.reason] + (email !== receipt.payerEmail ? ', adresse corrigée' : ''),
  }
  const audit = auditPut(deps.table, {
    at,
    actor,
    action: 'receipt.resend',
    subject: number,
    detail: RESEND_DETAIL[input.reason],
    ...(email !== receipt.payerEmail
      ? { before: { payerEmail: receipt.payerEmail }, after: { payerEmail: email } }
      : {}),
  })
  const written = await requestResend(deps.table, number, { payerEmail: email, delivery, event }, [
    audit,
  ])
  if (!written)
    throw new AppError(
      'receipt.conflict',
      `Le reçu n° ${number} a changé entre-temps (envoi en cours, annulation ou correction) : rechargez la page.`,
    )
  await deps.queue.send({
    type: 'deliver',
    orgId: deps.table.orgId,
    receiptNumber: number,
    kind: 'receipt',
  })
  await settleBounceReview(deps, actor, receipt, at)
  return { ...receipt, payerEmail: email, delivery, history: [...receipt.history, event] }
}

/**
 * The « E-mail non remis » item of the message this resend replaces, if open: staff did what it
 * asks. A resend that bounces too opens its own item (one per SES message), and one refused
 * opens the refused-email item, so closing it here hides nothing. After the resend is written
 * and queued, and never failing it: a store error or a crash leaves the item open, for staff to
 * close.
 */
async function settleBounceReview(
  deps: StaffDeps,
  actor: Actor,
  receipt: ReceiptRecord,
  at: string,
): Promise<void> {
  const bounced = receipt.delivery.messageId
  if (receipt.delivery.status !== 'failed' || !bounced) return
  const id = `${deliveryReviewId(receipt.number, 'receipt')}-${bounced}`
  await closeReviewIfOpen(deps.table, id, 'resolved', {
    at,
    by: actor.name,
    note: 'renvoyé depuis la page du reçu',
    receiptNumber: receipt.number,
  }).catch((error: unknown) => {
    deps.log.warn('review.close-failed', { reviewId: id, error: String(error) })
  })
}

const RESEND_DETAIL: Record<ResendReason, string> = {
  'not-received': 'original renvoyé (e-mail non reçu)',
  'corrected-address': 'original renvoyé (adresse corrigée)',
  'donor-request': 'duplicata à la demande du donateur',
}

/** A cancelled or replaced receipt is never sent again as if it were valid. */
function refuseNotLive(receipt: ReceiptRecord): void {
  if (receipt.status === 'cancelled')
    throw new AppError(
      'receipt.conflict',
      `Le reçu n° ${receipt.number} est annulé : il ne peut pas être renvoyé. Si le donateur en a besoin pour ses archives, téléchargez-le : il porte la mention ANNULÉ.`,
    )
  if (receipt.status === 'replaced')
    throw new AppError(
      'receipt.conflict',
      `Le reçu n° ${receipt.number} a été remplacé par le reçu n° ${receipt.replacedBy?.number ?? '?'} : renvoyez plutôt celui-ci.`,
    )
}
