import type { ReceiptRecord } from '../domain/records.js'
import type { RenderOptions } from '../receipts/receipt-snapshot.js'
import { renderReceiptPdfOnDemand } from '../receipts/render-receipt-pdf-on-demand.js'
import { receiptLifecycle } from '../staff/receipt-pdf.js'
import { receiptNumbersByEmail, receiptsByNumbers } from '../store/receipt-queries.js'
import { getReceipt } from '../store/receipt-store.js'
import type { DonorDeps } from './donor-deps.js'

/** More than any donor holds; the page lists them all. */
const MAX_RECEIPTS = 1000

/** Every receipt emailed to this address (payments, yearly summaries, company receipts), newest first. */
export async function donorReceipts(
  deps: Pick<DonorDeps, 'table'>,
  email: string,
): Promise<ReceiptRecord[]> {
  const numbers = await receiptNumbersByEmail(deps.table, email, MAX_RECEIPTS)
  const receipts = await receiptsByNumbers(deps.table, numbers)
  return receipts.sort((a, b) => b.year - a.year || b.sequence - a.sequence)
}

/**
 * One of the donor's receipts as a PDF: a live one exactly as emailed (the same bytes, rendered
 * again from its frozen snapshot), one no longer valid stamped ANNULÉ or REMPLACÉ. Undefined when
 * the receipt is not this donor's, or its personal data were erased.
 */
export async function donorReceiptPdf(
  deps: Pick<DonorDeps, 'table'>,
  email: string,
  number: string,
): Promise<{ bytes: Uint8Array; fileName: string } | undefined> {
  const receipt = await getReceipt(deps.table, number)
  if (!receipt || receipt.purged || receipt.payerEmail.toLowerCase() !== email) return undefined
  const lifecycle = receiptLifecycle(receipt)
  const options: RenderOptions = lifecycle ? { lifecycle } : {}
  return {
    bytes: await renderReceiptPdfOnDemand(receipt.snapshot, options),
    fileName: `recu-fiscal-${number}${lifecycle ? `-${lifecycle.status === 'cancelled' ? 'annule' : 'remplace'}` : ''}.pdf`,
  }
}
