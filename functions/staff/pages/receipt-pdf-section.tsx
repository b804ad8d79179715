import type { ReceiptRecord } from '../../../shared/domain/records.js'
import { type ReceiptCopy, receiptFileName } from '../../../shared/receipts/receipt-file-name.js'
import { wasEmailed } from '../../../shared/staff/receipt-pdf.js'

/**
 * The receipt's PDFs. Once it is cancelled or replaced, its original and duplicata carry the
 * stamp (ANNULÉ / REMPLACÉ); the PDF exactly as it was emailed stays available for the archive,
 * labelled as such, so nobody takes it for a valid receipt. A receipt never emailed has no such
 * copy, and the page says so rather than suggest the donor has it.
 */
export function ReceiptPdfSection(props: { receipt: ReceiptRecord }) {
  const { receipt } = props
  const pdf = `/staff/api/receipts/${receipt.number}/pdf`
  const live = receipt.status === 'issued'
  const emailed = wasEmailed(receipt)
  const stamp = receipt.status === 'cancelled' ? 'ANNULÉ' : 'REMPLACÉ'
  // The same names as the API's content-disposition (receiptFileName).
  const copy = live
    ? {}
    : ({ stamp: receipt.status === 'cancelled' ? 'cancelled' : 'replaced' } as const)
  const file = (more: ReceiptCopy = {}) => receiptFileName(receipt.number, { ...copy, ...more })
  return (
    <section class="card" aria-labelledby="pdf-titre">
      <h2 id="pdf-titre">PDF du reçu</h2>
      <div class="button-row">
        <a class="button" href={`${pdf}?kind=original`} download={file()}>
          {live ? 'Télécharger l’original' : `Télécharger (marqué ${stamp})`}
        </a>
        <a
          class="button secondary"
          href={`${pdf}?kind=duplicata`}
          download={file({ duplicate: true })}
        >
          Télécharger un duplicata
        </a>
        {emailed ? (
          <a
            class="button secondary"
            href={`${pdf}?kind=emailed`}
            download={receiptFileName(receipt.number, { asEmailed: true })}
          >
            PDF tel qu’envoyé (archive)
          </a>
        ) : null}
      </div>
      <p class="small muted">{pdfNote(live, emailed, stamp)}</p>
      <iframe
        class="pdf-frame"
        src={`${pdf}?kind=original`}
        title={`Aperçu du PDF du reçu n° ${receipt.number}`}
        loading="lazy"
      />
    </section>
  )
}

function pdfNote(live: boolean, emailed: boolean, stamp: string): string {
  if (live)
    return emailed
      ? 'L’original est identique au PDF envoyé ; le duplicata porte la mention DUPLICATA et la date du jour.'
      : 'Ce reçu n’a pas encore été envoyé par e-mail. Le duplicata porte la mention DUPLICATA et la date du jour.'
  return emailed
    ? `Ce reçu ne vaut plus : l’original et le duplicata portent la mention ${stamp}. Le PDF tel qu’envoyé (archive) est celui qui a été envoyé par e-mail, sans cette mention : ne le renvoyez pas comme reçu valable.`
    : `Ce reçu ne vaut plus et n’a jamais été envoyé : l’original et le duplicata portent la mention ${stamp}.`
}
