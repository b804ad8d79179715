import type { ReceiptSnapshot, RenderOptions } from './receipt-snapshot.js'

let renderer: Promise<typeof import('./render-receipt-pdf.js')> | undefined

/**
 * renderReceiptPdf, its module (pdf-lib, the layouts, the amount in words: some 50 modules)
 * imported with the first PDF asked for: the pages that offer a download load without it, and so
 * does `npm start` (in a Lambda bundle it becomes a chunk of its own, as for the deliver step).
 */
export async function renderReceiptPdfOnDemand(
  snapshot: ReceiptSnapshot,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  renderer ??= import('./render-receipt-pdf.js')
  return (await renderer).renderReceiptPdf(snapshot, options)
}
