// What a donor sees (`npm run docs:receipt-pictures`): the same receipt rendered by poppler
// (pdftoppm, as in most Linux viewers and mail previews) and by Chromium, written to docs/.
//
// Headless Chromium does not run its built-in PDF viewer (the page stays an empty plugin
// frame), so the Chromium picture is pdf.js — the viewer of Firefox, and what the staff page
// would show without the plugin — drawing the PDF in a Chromium page: Chromium's canvas,
// font rasteriser and the fonts embedded in the PDF, not the machine's.

import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import {
  anAssociationSnapshot,
  anIndividualDonor,
  aReceiptSnapshot,
  aSignaturePngBase64,
} from '../support/builders/a-receipt-snapshot.js'
import { VERIFICATION_URL } from '../support/qr-codes.js'

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url))
const PDFJS = fileURLToPath(new URL('../../node_modules/pdfjs-dist/build/', import.meta.url))
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const DPI = 110

// A receipt of the current layout (3), with its verification QR code, and a donor whose
// name mixes Vietnamese, Arabic and Greek and whose address has a number in Arabic text.
const receipt = aReceiptSnapshot({
  association: anAssociationSnapshot({ signatureImagePngBase64: aSignaturePngBase64() }),
  donor: anIndividualDonor({
    lastName: 'Nguyễn-Lefèvre',
    firstNames: 'Thị Hương Zoé ليلى Παπαδοπούλου',
    address: { street: 'شارع 12 النخيل', postalCode: '69003', city: 'Lyon', country: 'France' },
  }),
  amountCents: 5000,
  verification: { url: VERIFICATION_URL },
})

const PAGE = `<!doctype html>
<html><body style="margin:0;background:#fff">
<canvas id="page"></canvas>
<script type="module">
  import * as pdfjs from '/pdfjs/pdf.mjs'
  pdfjs.GlobalWorkerOptions.workerSrc = '/pdfjs/pdf.worker.mjs'
  const pdf = await pdfjs.getDocument({ url: '/receipt.pdf', useSystemFonts: false }).promise
  const page = await pdf.getPage(1)
  const viewport = page.getViewport({ scale: ${DPI} / 72 })
  const canvas = document.getElementById('page')
  canvas.width = Math.round(viewport.width)
  canvas.height = Math.round(viewport.height)
  await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise
  document.body.dataset.done = 'yes'
</script>
</body></html>`

async function main(): Promise<void> {
  mkdirSync(DOCS, { recursive: true })
  const pdf = await renderReceiptPdf(receipt)
  const work = mkdtempSync(join(tmpdir(), 'receipt-pictures-'))
  try {
    const pdfPath = join(work, 'receipt.pdf')
    writeFileSync(pdfPath, pdf)
    const prefix = join(DOCS, 'receipt-poppler')
    execFileSync('pdftoppm', ['-png', '-r', String(DPI), '-singlefile', pdfPath, prefix])
    await screenshotInChromium(pdf, join(DOCS, 'receipt-chromium.png'))
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  console.info(
    `wrote ${join(DOCS, 'receipt-poppler.png')} and ${join(DOCS, 'receipt-chromium.png')}`,
  )
}

async function screenshotInChromium(pdf: Uint8Array, path: string): Promise<void> {
  const server = createServer((request, response) => {
    const url = request.url ?? '/'
    if (url === '/receipt.pdf') {
      response.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf)
    } else if (url.startsWith('/pdfjs/') && /^[\w.-]+$/.test(url.slice(7))) {
      const body = readFileSync(join(PDFJS, url.slice(7)))
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(body)
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const browser = await chromium.launch({ executablePath: CHROMIUM })
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } })
    await page.goto(`http://127.0.0.1:${port}/`)
    await page.waitForSelector('body[data-done="yes"]', { timeout: 30_000 })
    await page.locator('#page').screenshot({ path })
  } finally {
    await browser.close()
    server.close()
  }
}

await main()
