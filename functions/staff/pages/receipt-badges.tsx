import type { DeliveryStatus, ReceiptStatus } from '../../../shared/domain/records.js'
import { DELIVERY_STATUS, RECEIPT_STATUS } from './labels.js'

/** Status and delivery as words, not colours only: the colour is a help, the text the meaning. */
export function ReceiptBadges(props: {
  status: ReceiptStatus
  delivery: DeliveryStatus
  specimen: boolean
}) {
  return (
    <span class="badges">
      <span class={`badge ${props.status}`}>{RECEIPT_STATUS[props.status]}</span>
      <span class={`badge ${props.delivery}`}>{deliveryLabel(props.status, props.delivery)}</span>
      {props.specimen ? <span class="badge specimen">SPECIMEN</span> : null}
    </span>
  )
}

/**
 * « Envoyé » beside « Annulé » reads as a cancelled receipt sent: it was sent before it was
 * cancelled (or replaced), and the badge says so.
 */
export function deliveryLabel(status: ReceiptStatus, delivery: DeliveryStatus): string {
  if (delivery !== 'sent' || status === 'issued') return DELIVERY_STATUS[delivery]
  return status === 'cancelled' ? 'Envoyé avant l’annulation' : 'Envoyé avant le remplacement'
}
