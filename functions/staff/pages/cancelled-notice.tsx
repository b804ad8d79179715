import type { MembershipRecord, ReceiptRecord } from '../../../shared/domain/records.js'
import { dateTime } from './format.js'
import { CANCELLATION_REASON } from './labels.js'

const NBSP = '\u00a0'

/**
 * A cancelled receipt, said in words: since when and why, what the donor received (the receipt
 * before, the notice after), and what became of the membership, which a staff cancellation
 * does not touch (the payment is still paid) while a refund ends it.
 */
export function CancelledNotice(props: {
  receipt: ReceiptRecord
  memberships: MembershipRecord[]
}) {
  const { receipt } = props
  const cancellation = receipt.cancellation
  if (receipt.status !== 'cancelled' || !cancellation) return null
  return (
    <div class="notice info" id="annulation">
      <p>
        {`Annulé le ${dayOf(cancellation.at)} (${CANCELLATION_REASON[cancellation.reason]})${NBSP}: ce reçu ne vaut plus. ${sentBefore(receipt)}${NBSP}; ${noticeSent(receipt)}.`}
      </p>
      {props.memberships.length > 0 ? (
        <p>{membershipWord(props.memberships, cancellation.reason)}</p>
      ) : null}
    </div>
  )
}

function sentBefore(receipt: ReceiptRecord): string {
  const { delivery } = receipt
  if (delivery.status === 'sent' && delivery.sentAt)
    return `Le donateur l’avait reçu par e-mail le ${dayOf(delivery.sentAt)}`
  if (delivery.status === 'failed') return 'Son envoi au donateur avait échoué'
  return 'Il n’avait pas été envoyé au donateur, et ne le sera pas'
}

function noticeSent(receipt: ReceiptRecord): string {
  const notice = receipt.cancellationDelivery
  if (!notice) return 'le donateur n’en a pas été prévenu par e-mail'
  if (notice.status === 'sent' && notice.sentAt)
    return `l’avis d’annulation lui a été envoyé le ${dayOf(notice.sentAt)}`
  if (notice.status === 'failed')
    return 'l’avis d’annulation n’a pas pu lui être remis (voir Envois)'
  return 'l’avis d’annulation part par e-mail'
}

function membershipWord(memberships: MembershipRecord[], reason: string): string {
  const plural = memberships.length > 1
  if (memberships.every((m) => m.status === 'ended'))
    return `${plural ? 'Les adhésions payées ont' : 'L’adhésion payée a'} pris fin avec le paiement (remboursé ou contesté).`
  if (reason !== 'staff') return 'Le paiement n’est plus encaissé : l’adhésion prend fin avec lui.'
  return `${plural ? 'Les adhésions payées restent' : 'L’adhésion payée reste'} «${NBSP}En cours${NBSP}»${NBSP}: annuler un reçu ne met pas fin à l’adhésion, le paiement restant encaissé chez HelloAsso. Un remboursement y mettrait fin.`
}

/** The Paris day of an instant, JJ/MM/AAAA. */
function dayOf(instant: string): string {
  return dateTime(instant).replace(/ à .*/, '')
}
