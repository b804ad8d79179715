import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { pdfText } from '../../functions/jobs/pdf-text.js'

const require = createRequire(import.meta.url)
// Without it pdf.js warns for every Helvetica it meets; the text comes out the same.
const standardFontDataUrl = `${join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`

/**
 * The text of a PDF as a reader would copy it: pages joined by a form feed, each text line
 * on its own line, runs on a line joined as pdf.js orders them (the `receipts verifier`
 * reader). Whitespace is collapsed so assertions do not depend on how a line was split into
 * drawing operations.
 */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  const text = await pdfText(bytes)
  return text
    .split('\f')
    .map((page) => page.replace(/[ \u00a0]+/g, ' '))
    .join('\f')
}

export interface PdfTextItem {
  page: number
  text: string
  /** Left edge and width in PDF points, to check nothing runs off the page. */
  x: number
  width: number
  pageWidth: number
  /** True for text drawn at an angle (the SPECIMEN watermark). */
  rotated: boolean
}

/** Every text run with its position, for layout assertions. */
export async function extractPdfTextItems(bytes: Uint8Array): Promise<PdfTextItem[]> {
  const document = await getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl,
    verbosity: 0,
  }).promise
  try {
    const items: PdfTextItem[] = []
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number)
      const [, , pageWidth = 0] = page.view
      for (const item of (await page.getTextContent()).items) {
        if (!('str' in item) || item.str.trim() === '') continue
        const x = Number(item.transform[4])
        const rotated = Number(item.transform[1]) !== 0
        items.push({ page: number, text: item.str, x, width: item.width, pageWidth, rotated })
      }
    }
    return items
  } finally {
    await document.destroy()
  }
}
