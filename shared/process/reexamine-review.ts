import type { AssociationConfig } from '../config/association-config-schema.js'
import type { ReviewItem, ReviewReason } from '../domain/records.js'
import { mapPaymentState } from '../helloasso/payment-state.js'
import type { Logger } from '../log.js'
import type { MessageQueue } from '../queue/queue-message.js'
import { getStoredOrder } from '../store/order-store.js'
import { listOpenReviews } from '../store/review-store.js'
import type { TableContext } from '../store/table-context.js'
import { analyseOrder } from './analyse-order.js'
import { currentTierMappings } from './current-tier-mappings.js'
import { paymentProvenance } from './payment-provenance.js'
import { receiptBlockers } from './receipt-blockers.js'

export interface ReexamineDeps {
  config: AssociationConfig
  table: TableContext
  queue: MessageQueue
  log: Logger
}

export type ReexamineOutcome =
  /** No doubt left with the current configuration: the payment goes through the flow again. */
  | { kind: 'requeued' }
  /** Still doubtful: the reasons as the current configuration sees them. */
  | { kind: 'still-open'; reasons: ReviewReason[]; messages: string[] }
  /** Not about a paid payment we hold (a notification, a dead letter, a refund…). */
  | { kind: 'not-applicable'; message: string }

/** Reasons a change of the configuration file can take away. */
export const CONFIG_REASONS: ReadonlySet<ReviewReason> = new Set([
  'tier-unknown',
  'amount-mismatch',
  'budget-mismatch',
  'mixed-payer-kinds',
  'company-data-missing',
])

/**
 * Analyses a review item's payment again with the configuration in force. When nothing blocks it
 * any more, the notification goes through the normal flow again, which issues the receipt (once:
 * the payment's claim in the receipt transaction) and closes the item.
 */
export async function reexamineReview(
  deps: ReexamineDeps,
  review: ReviewItem,
): Promise<ReexamineOutcome> {
  const { orderId, paymentId, notificationId } = review.refs
  if (review.status !== 'open')
    return { kind: 'not-applicable', message: 'Cet élément a déjà été traité.' }
  if (!orderId || !paymentId || !notificationId)
    return {
      kind: 'not-applicable',
      message: 'Cet élément ne concerne pas un paiement : il n’y a rien à analyser de nouveau.',
    }
  const stored = await getStoredOrder(deps.table, orderId)
  const payment = stored?.order.payments.find((p) => p.id === paymentId)
  if (!stored || !payment)
    return {
      kind: 'not-applicable',
      message: `La commande ${orderId} n’est pas connue : attendez la réconciliation.`,
    }
  if (mapPaymentState(payment.state) !== 'paid')
    return { kind: 'not-applicable', message: 'Ce paiement n’est pas encaissé : aucun reçu.' }
  const analysis = analyseOrder(deps.config, stored.order, await currentTierMappings(deps.table))
  const provenance = paymentProvenance(
    payment,
    analysis.verdicts,
    stored.order.payments.length === 1,
  )
  const blockers = receiptBlockers(analysis, payment, provenance)
  if (blockers.length > 0)
    return {
      kind: 'still-open',
      reasons: [...new Set(blockers.map((b) => b.reason))],
      messages: blockers.map((b) => b.message),
    }
  await deps.queue.send({ type: 'process', orgId: deps.table.orgId, notificationId })
  deps.log.info('review.reexamined', { reviewId: review.id, orderId, paymentId })
  return { kind: 'requeued' }
}

/**
 * At start-up: the open items a configuration change may have resolved are analysed again.
 * Returns how many went back through the flow.
 */
export async function reexamineOpenReviews(deps: ReexamineDeps): Promise<number> {
  const open = await listOpenReviews(deps.table, 1000)
  let requeued = 0
  for (const review of open) {
    if (!review.reasons.some((reason) => CONFIG_REASONS.has(reason))) continue
    if ((await reexamineReview(deps, review)).kind === 'requeued') requeued++
  }
  return requeued
}
