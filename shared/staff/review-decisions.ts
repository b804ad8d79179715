import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import * as z from 'zod'
import { taxYearOf } from '../domain/paris-time.js'
import type { ReviewItem } from '../domain/records.js'
import { AppError } from '../errors.js'
import { mapPaymentState } from '../helloasso/payment-state.js'
import { euros } from '../mail/french-text.js'
import { analyseOrder } from '../process/analyse-order.js'
import { buildReceiptSnapshot } from '../process/build-receipt-snapshot.js'
import { currentTierMappings } from '../process/current-tier-mappings.js'
import { paymentProvenance } from '../process/payment-provenance.js'
import { auditPut } from '../store/audit-store.js'
import { cancellationCodes, storeUnavailable } from '../store/dynamo-errors.js'
import { getStoredOrder } from '../store/order-store.js'
import type { TransactItem } from '../store/receipt-items.js'
import { issueReceipt } from '../store/receipt-store.js'
import { closeReviewItems, getReview } from '../store/review-updates.js'
import { appliedTaxRules } from '../tax/applied-tax-rules.js'
import { DonorSchema } from './correct-receipt.js'
import { issuableCeilingCents } from './issuable-ceiling.js'
import type { Actor, StaffDeps } from './staff-deps.js'

export const DismissSchema = z.object({
  reason: z.string().trim().min(3, 'le motif est obligatoire (3 caractères au moins)').max(500),
})

export const IssueFromReviewSchema = z.object({
  donor: DonorSchema,
  email: z.email('adresse e-mail invalide').optional(),
  /** The eligible amount when the schedule could not decide it (discount, free price). */
  amountCents: z.number().int().positive().optional(),
  note: z.string().trim().min(3, 'expliquez la décision (3 caractères au moins)').max(500),
})

/** Closes a review item without issuing anything, with the reason on record. */
export async function dismissReview(
  deps: StaffDeps,
  actor: Actor,
  id: string,
  input: z.infer<typeof DismissSchema>,
): Promise<void> {
  await loadOpenReview(deps, id)
  const at = deps.now().toISOString()
  await closeWith(deps, id, [
    ...closeReviewItems(deps.table, id, 'dismissed', { at, by: actor.name, note: input.reason }),
    auditPut(deps.table, {
      at,
      actor,
      action: 'review.dismiss',
      subject: id,
      detail: input.reason,
    }),
  ])
}

/**
 * Completes what the automatic flow lacked (donor data, the amount) and issues the receipt for
 * the payment the item is about, through the same numbered transaction as the flow. A payment
 * receipted meanwhile is not receipted twice: the item is closed on the existing number.
 */
export async function issueFromReview(
  deps: StaffDeps,
  actor: Actor,
  id: string,
  input: z.infer<typeof IssueFromReviewSchema>,
): Promise<string> {
  const review = await loadOpenReview(deps, id)
  refuseSecondTaxReceipt(review.reasons)
  const { orderId, paymentId } = review.refs
  if (!orderId || !paymentId)
    throw new AppError(
      'receipt.conflict',
      'Cet élément ne concerne pas un paiement : classez-le sans suite.',
    )
  const stored = await getStoredOrder(deps.table, orderId)
  const payment = stored?.order.payments.find((p) => p.id === paymentId)
  if (!stored || !payment)
    throw new AppError(
      'receipt.conflict',
      `La commande ${orderId} n’est pas connue : attendez la réconciliation.`,
    )
  if (mapPaymentState(payment.state) !== 'paid')
    throw new AppError('receipt.conflict', 'Ce paiement n’est pas encaissé : aucun reçu possible.')
  if (payment.fiscalReceiptUrl) refuseSecondTaxReceipt(['helloasso-receipt-exists'])
  const analysis = analyseOrder(deps.config, stored.order, await currentTierMappings(deps.table))
  const provenance = paymentProvenance(
    payment,
    analysis.verdicts,
    stored.order.payments.length === 1,
  )
  const amountCents = input.amountCents ?? provenance?.eligibleCents ?? 0
  const ceiling = issuableCeilingCents(payment, analysis.verdicts, provenance)
  if (ceiling <= 0)
    throw new AppError(
      'receipt.conflict',
      'Ce paiement ne contient plus rien d’éligible (options, pourboire ou montant remboursé) : classez l’élément sans suite.',
    )
  if (amountCents <= 0 || amountCents > ceiling)
    throw new AppError(
      'input.invalid',
      `Le montant doit être compris entre 0,01 € et ${euros(ceiling)} : la part d’adhésion ou de don de ce paiement, hors options, pourboire et remboursements.`,
    )
  const email = input.email ?? analysis.payerEmail
  if (!email) throw new AppError('input.invalid', 'Indiquez l’adresse e-mail du donateur.')
  const at = deps.now().toISOString()
  const donor = input.donor
  const snapshot = buildReceiptSnapshot({
    config: deps.config,
    donor,
    payment,
    amountCents,
    issuedAt: at,
    specimen: !stored.verified,
  })
  // The item's closing and both audit entries ride in the numbering transaction: if someone
  // closed the item meanwhile, nothing is issued (409), and an issued receipt never loses them.
  const closing = (number: string, alreadyIssued: boolean): TransactItem[] => [
    ...closeReviewItems(deps.table, id, 'resolved', {
      at,
      by: actor.name,
      note: input.note,
      receiptNumber: number,
    }),
    auditPut(deps.table, {
      at,
      actor,
      action: 'review.resolve',
      subject: id,
      detail: input.note,
      after: { receiptNumber: number, amountCents },
    }),
    ...(alreadyIssued
      ? []
      : [
          auditPut(deps.table, {
            at,
            actor,
            action: 'receipt.issue',
            subject: number,
            detail: `depuis l’élément à vérifier ${id} : ${input.note}`,
          }),
        ]),
  ]
  const result = await issueReceipt(
    deps.table,
    {
      orgId: deps.table.orgId,
      year: taxYearOf(payment.date),
      form: snapshot.form,
      status: 'issued',
      snapshot,
      provenance: {
        ...(provenance ?? {
          paymentId,
          paymentAmountCents: payment.amount,
          tipCents: payment.amountTip ?? 0,
          lines: [],
          eligibleCents: amountCents,
        }),
        eligibleCents: amountCents,
        staffDecision: { amountCents, reason: input.note, by: actor.name, at },
      },
      taxRules: appliedTaxRules(deps.config, snapshot, provenance?.lines ?? []),
      orderId,
      paymentId,
      payerEmail: email.toLowerCase(),
      issuedAt: at,
      delivery: { status: 'pending', attempts: 0 },
    },
    [],
    (number) => closing(number, false),
  )
  if (result.outcome === 'refused')
    throw new AppError('receipt.conflict', `L’élément ${id} a déjà été traité.`)
  if (result.outcome === 'duplicate') {
    // Receipted meanwhile by the flow: the item is closed on that number, nothing issued.
    await closeWith(deps, id, closing(result.number, true))
    return result.number
  }
  const number = result.receipt.number
  await deps.queue.send({
    type: 'deliver',
    orgId: deps.table.orgId,
    receiptNumber: number,
    kind: 'receipt',
  })
  return number
}

/** HelloAsso's own receipt already covers the payment: a second one would double the reduction. */
function refuseSecondTaxReceipt(reasons: readonly string[]): void {
  if (reasons.includes('helloasso-receipt-exists'))
    throw new AppError(
      'receipt.conflict',
      'HelloAsso a déjà émis un reçu fiscal pour ce paiement : en émettre un second ferait deux reçus pour le même don. Classez cet élément sans suite (bouton « Classer »).',
    )
}

async function loadOpenReview(deps: StaffDeps, id: string): Promise<ReviewItem> {
  const review = await getReview(deps.table, id)
  if (!review) throw new AppError('review.notFound', `Aucun élément à vérifier « ${id} ».`)
  if (review.status !== 'open')
    throw new AppError('receipt.conflict', 'Cet élément a déjà été traité.')
  return review
}

async function closeWith(
  deps: StaffDeps,
  id: string,
  items: ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems'],
): Promise<void> {
  try {
    await deps.table.doc.send(new TransactWriteCommand({ TransactItems: items }))
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed')
      throw new AppError('receipt.conflict', `L’élément ${id} a déjà été traité.`)
    throw storeUnavailable('close review', error)
  }
}
