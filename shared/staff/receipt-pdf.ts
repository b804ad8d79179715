import { createHash } from 'node:crypto'
import { parisIsoDay } from '../domain/paris-time.js'
import type { ReceiptRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { receiptFileName } from '../receipts/receipt-file-name.js'
import type { ReceiptLifecycle, RenderOptions } from '../receipts/receipt-snapshot.js'
import { renderReceiptPdfOnDemand } from '../receipts/render-receipt-pdf-on-demand.js'
import { loadReceipt } from './load-receipt.js'
import type { StaffDeps } from './staff-deps.js'

export const RECEIPT_PDF_KINDS = ['original', 'duplicata', 'emailed'] as const

export interface ReceiptPdf {
  bytes: Uint8Array
  /**
   * 'original': the receipt, stamped ANNULÉ or REMPLACÉ once it is no longer valid;
   * 'duplicata': a reprint marked DUPLICATA (and stamped likewise);
   * 'emailed': exactly the PDF the donor was emailed, never stamped, for the archive; only for
   *   a receipt that was emailed (wasEmailed).
   */
  kind: (typeof RECEIPT_PDF_KINDS)[number]
  /** For a PDF as emailed: whether its hash equals the one recorded when it was sent. */
  matchesSent?: boolean
  sha256: string
  /** What the file is called when downloaded: a stamped copy says so (receiptFileName). */
  fileName: string
}

/**
 * The PDF is re-rendered from the frozen snapshot (deterministic), so the emailed PDF is byte
 * for byte what was sent — checked against the hash recorded at sending. A cancelled or
 * replaced receipt never downloads as if it were valid: its original and duplicata carry the
 * stamp; only the archive copy is unmarked, and it is labelled as such. A receipt never emailed
 * (cancelled before its email went) has no archive copy: it would be an unmarked receipt that
 * never reached anyone.
 */
export async function receiptPdf(
  deps: StaffDeps,
  number: string,
  kind: ReceiptPdf['kind'],
): Promise<ReceiptPdf> {
  const receipt = await loadReceipt(deps.table, number)
  if (kind === 'emailed' && !wasEmailed(receipt))
    throw new AppError(
      'receipt.conflict',
      `Le reçu n° ${number} n’a jamais été envoyé par e-mail : il n’existe pas de PDF tel qu’envoyé. ${
        receiptLifecycle(receipt)
          ? `Téléchargez l’original, qui porte la mention ${receipt.status === 'replaced' ? 'REMPLACÉ' : 'ANNULÉ'}.`
          : 'Téléchargez l’original.'
      }`,
    )
  const lifecycle = kind === 'emailed' ? undefined : receiptLifecycle(receipt)
  const options: RenderOptions = {
    ...(kind === 'duplicata' ? { duplicateOf: { reprintedOn: parisIsoDay(deps.now()) } } : {}),
    ...(lifecycle ? { lifecycle } : {}),
  }
  const bytes = await renderReceiptPdfOnDemand(receipt.snapshot, options)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const sent = receipt.delivery.pdfSha256
  // An issued receipt's original is the emailed PDF itself, so it is checked too.
  const asEmailed = kind === 'emailed' || (kind === 'original' && !lifecycle)
  return {
    bytes,
    kind,
    sha256,
    fileName: receiptFileName(number, {
      duplicate: kind === 'duplicata',
      ...(lifecycle ? { stamp: lifecycle.status } : {}),
      asEmailed: kind === 'emailed',
    }),
    ...(asEmailed && sent ? { matchesSent: sent === sha256 } : {}),
  }
}

/**
 * Whether the receipt's PDF ever left by email: the hash of the original is recorded when it is
 * sent, and kept through resends.
 */
export function wasEmailed(receipt: ReceiptRecord): boolean {
  return receipt.delivery.pdfSha256 !== undefined
}

const CANCELLATION_MOTIF = {
  refund: 'remboursement',
  contest: 'contestation',
  staff: 'annulation par l’équipe',
} as const

/** What the stamp says, in the treasurer's words; undefined for a receipt still valid. */
export function receiptLifecycle(receipt: ReceiptRecord): ReceiptLifecycle | undefined {
  if (receipt.status === 'replaced' && receipt.replacedBy)
    return {
      status: 'replaced',
      replacedBy: receipt.replacedBy.number,
      replacedOn: parisIsoDay(receipt.replacedBy.at),
    }
  if (receipt.status === 'cancelled' && receipt.cancellation) {
    const { reason, note, at } = receipt.cancellation
    // A staff cancellation's note is the reason they typed; a refund's note is bookkeeping.
    const motif =
      reason === 'staff' && note
        ? `${CANCELLATION_MOTIF.staff}\u00a0: ${note}`
        : CANCELLATION_MOTIF[reason]
    return { status: 'cancelled', cancelledOn: parisIsoDay(at), reason: motif }
  }
  return undefined
}
