import { createHash } from 'node:crypto'
import { parisIsoDay } from '../domain/paris-time.js'
import { renderReceiptPdf } from '../receipts/render-receipt-pdf.js'
import { loadReceipt } from './load-receipt.js'
import type { StaffDeps } from './staff-deps.js'

export interface ReceiptPdf {
  bytes: Uint8Array
  /** 'original': the bytes the donor was sent; 'duplicata': a reprint marked DUPLICATA. */
  kind: 'original' | 'duplicata'
  /** For an original: whether its hash equals the one recorded when it was sent. */
  matchesSent?: boolean
  sha256: string
}

/**
 * The PDF is re-rendered from the frozen snapshot (deterministic), so the original is byte for
 * byte what was emailed — checked against the hash recorded at sending. A duplicata carries the
 * same number and a visible DUPLICATA mark with today's date.
 */
export async function receiptPdf(
  deps: StaffDeps,
  number: string,
  kind: ReceiptPdf['kind'],
): Promise<ReceiptPdf> {
  const receipt = await loadReceipt(deps.table, number)
  const bytes = await renderReceiptPdf(
    receipt.snapshot,
    kind === 'duplicata' ? { duplicateOf: { reprintedOn: parisIsoDay(deps.now()) } } : {},
  )
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const sent = receipt.delivery.pdfSha256
  return {
    bytes,
    kind,
    sha256,
    ...(kind === 'original' && sent ? { matchesSent: sent === sha256 } : {}),
  }
}
