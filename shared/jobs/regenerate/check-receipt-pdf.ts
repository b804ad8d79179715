import { createHash } from 'node:crypto'
import type { Finding } from '../../domain/job-run.js'
import type { ReceiptRecord } from '../../domain/records.js'
import { renderReceiptPdf } from '../../receipts/render-receipt-pdf.js'

export type PdfCheckOutcome = 'identical' | 'different' | 'never-sent'

export interface PdfCheck {
  pdf: Uint8Array
  sha256: string
  outcome: PdfCheckOutcome
  finding?: Finding
}

/**
 * Renders a receipt from its snapshot and compares the hash with the one recorded when the
 * PDF was emailed. A difference means the template changed since, or the stored hash or
 * snapshot was altered: either way a person must look.
 */
export async function checkReceiptPdf(receipt: ReceiptRecord): Promise<PdfCheck> {
  const pdf = await renderReceiptPdf(receipt.snapshot)
  const sha256 = createHash('sha256').update(pdf).digest('hex')
  const sent = receipt.delivery.pdfSha256
  if (!sent) return { pdf, sha256, outcome: 'never-sent' }
  if (sent === sha256) return { pdf, sha256, outcome: 'identical' }
  return {
    pdf,
    sha256,
    outcome: 'different',
    finding: {
      key: receipt.number,
      kind: 'hash-mismatch',
      detail: `sent ${sent.slice(0, 16)}…, rebuilt ${sha256.slice(0, 16)}…`,
    },
  }
}

export function receiptPdfPath(receipt: Pick<ReceiptRecord, 'year' | 'number'>): string {
  return `receipts/${receipt.year}/recu-fiscal-${receipt.number}.pdf`
}
