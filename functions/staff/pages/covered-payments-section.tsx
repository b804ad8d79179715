import type { ReceiptRecord } from '../../../shared/domain/records.js'
import { day, euros, plural } from './format.js'

/**
 * A yearly summary receipt covers several HelloAsso payments: which ones, when, for how much.
 * The question a treasurer asks when one of them is refunded. Nothing for a one-payment receipt.
 */
export function CoveredPaymentsSection({ receipt }: { receipt: ReceiptRecord }) {
  const covered = receipt.coveredPayments
  if (!covered || covered.length === 0) return null
  return (
    <section class="card" aria-labelledby="versements-titre">
      <h2 id="versements-titre">Versements couverts</h2>
      <p class="small muted">
        Reçu annuel : {plural(covered.length, 'versement', 'versements')} de {receipt.year}{' '}
        additionnés. Si l’un d’eux est remboursé, ce reçu est annulé et les autres sont repris au
        prochain reçu annuel.
      </p>
      <div class="table-wrap">
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Paiement</th>
              <th scope="col">Commande</th>
              <th scope="col" class="right">
                Montant retenu
              </th>
            </tr>
          </thead>
          <tbody>
            {covered.map((payment) => (
              <tr>
                <td data-label="Date">{day(payment.paidOn)}</td>
                <td data-label="Paiement">n° {payment.paymentId}</td>
                <td data-label="Commande">
                  <a href={`/staff/recus?q=${payment.orderId}`}>n° {payment.orderId}</a>
                </td>
                <td class="right num" data-label="Montant retenu">
                  {euros(payment.amountCents)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
