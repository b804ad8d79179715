// Prints the SHA-256 of layout 3's pinned receipts as JSON, rendered by the Node that runs
// it. `npm run check:arm64` bundles this file and runs it on several Node releases and CPUs.
import { createHash } from 'node:crypto'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import { LAYOUT_THREE_CASES } from '../receipts/pinned-layout-three.js'

const hashes: Record<string, string> = {}
for (const [name, [snapshot, options]] of Object.entries(LAYOUT_THREE_CASES)) {
  const bytes = await renderReceiptPdf(snapshot, options)
  hashes[name] = createHash('sha256').update(bytes).digest('hex')
}
process.stdout.write(`${JSON.stringify({ node: process.version, arch: process.arch, hashes })}\n`)
