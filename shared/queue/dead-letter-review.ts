import type { ReviewItem } from '../domain/records.js'
import type { FailureKind } from '../errors.js'
import { deliveryReviewId } from '../store/review-updates.js'
import { deadLetterId } from './dead-letter-id.js'
import type { QueueMessage } from './queue-message.js'

/** How a piece of work failed for good, as the queue saw it last. */
export interface FinalFailure {
  error: string
  kind: FailureKind
  attempts: number
  at: string
  /** How many times it has failed for good, this time included. */
  count: number
}

/** The review item a dead letter opens (or updates): one per piece of work, never per failure. */
export function deadLetterReviewId(message: QueueMessage): string {
  return message.type === 'deliver'
    ? deliveryReviewId(message.receiptNumber, message.kind)
    : `dead-letter-${deadLetterId(message)}`
}

/**
 * What staff read about work that failed for good, in French: what did not happen, why in
 * words, whether it keeps failing, and what to do. An email that never left is the
 * « e-mail non envoyé » item of that email (the one a refused address opens), so a receipt has
 * one item about its email whatever went wrong.
 */
export function deadLetterReview(
  orgId: string,
  message: QueueMessage,
  failure: FinalFailure,
  refs: ReviewItem['refs'],
): ReviewItem & { failures: NonNullable<ReviewItem['failures']> } {
  const id = deadLetterId(message)
  const why = reasonInWords(failure)
  const again =
    failure.count > 1
      ? `Échec répété : ${failure.count} fois, le dernier le ${parisDateTime(failure.at)}. `
      : ''
  const replay = `npm run dead-letters -- replay ${id}`
  const text = (() => {
    switch (message.type) {
      case 'process':
        return `La notification ${message.notificationId} n’a pas pu être traitée : ${why}. ${again}Corrigez la cause puis relancez-la : ${replay}`
      case 'number':
        return `Le reçu du paiement n° ${message.paymentId} n’a pas pu être numéroté : ${why}. Aucun numéro n’a été pris, les autres paiements ont continué. ${again}Émettez-le depuis cet élément (« Compléter et émettre le reçu »), ou corrigez la cause puis relancez : ${replay}`
      case 'deliver': {
        const what = message.kind === 'receipt' ? 'L’e-mail du reçu' : 'L’avis d’annulation du reçu'
        return `E-mail non envoyé : ${what} n° ${message.receiptNumber} n’est pas parti : ${why}. ${again}Corrigez la cause, puis renvoyez-le depuis la fiche du reçu ou relancez : ${replay}`
      }
    }
  })()
  return {
    orgId,
    id: deadLetterReviewId(message),
    reasons: [message.type === 'deliver' ? 'delivery-failed' : 'dead-letter'],
    message: text,
    status: 'open',
    createdAt: failure.at,
    refs,
    failures: { count: failure.count, lastAt: failure.at, lastError: failure.error },
  }
}

function reasonInWords(failure: FinalFailure): string {
  if (failure.error.startsWith('store.rejected:'))
    return `DynamoDB refuse l’écriture, qui échouerait de même à chaque essai (${failure.error})`
  if (failure.kind === 'unknown')
    return `erreur inattendue après ${failure.attempts} ${failure.attempts > 1 ? 'tentatives' : 'tentative'} (${failure.error})`
  return `erreur définitive (${failure.error})`
}

/** « 07/12/2026 à 03:46 », Paris time, as the staff pages write an instant. */
function parisDateTime(at: string): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(at))
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('day')}/${part('month')}/${part('year')} à ${part('hour')}:${part('minute')}`
}
