import { PDFDocument } from 'pdf-lib'
import { AppError } from '../errors.js'
import { type DrawContext, drawElements } from './pdf/draw-elements.js'
import { drawHeader, drawNotes, drawPageFooters, drawWatermark } from './pdf/draw-page-parts.js'
import { FontBook } from './pdf/font-book.js'
import { memoisedFontkit } from './pdf/font-files.js'
import { PageFlow } from './pdf/page-flow.js'
import { allSpans, type ContentElement, type ReceiptContent } from './pdf/receipt-content.js'
import { receiptContentFor } from './pdf/receipt-content-for.js'
import type { ReceiptSnapshot, RenderOptions } from './receipt-snapshot.js'

/**
 * Bump when the printed output changes on purpose; it is written into the PDF so a receipt
 * can be traced to the template that produced it.
 */
export const RECEIPT_TEMPLATE_VERSION = '1'

const PRODUCER = 'helloasso-recus-fiscaux'

/**
 * The receipt as an A4 PDF. A pure function of its arguments: the same snapshot and options
 * give the same bytes (dates come from the snapshot, font names are fixed, nothing random).
 */
export async function renderReceiptPdf(
  snapshot: ReceiptSnapshot,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  const content = receiptContentFor(snapshot, options)
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.registerFontkit(memoisedFontkit)
  setMetadata(doc, content)
  const book = await FontBook.create(doc, allSpans(content))
  const signaturePng = findSignaturePng(content.body)
  const signature = signaturePng ? await embedSignature(doc, signaturePng) : undefined
  const flow = new PageFlow(doc, book, (page) => {
    if (content.watermark) drawWatermark(page, book, content.watermark)
  })
  const ctx: DrawContext = signature ? { flow, book, signature } : { flow, book }
  drawHeader(ctx, content.header)
  drawElements(ctx, content.body)
  drawNotes(ctx, content.notes)
  drawPageFooters(flow.pages, book, content.number)
  // objectsPerTick: pdf-lib otherwise yields to the event loop every 50 objects, which costs
  // more than the serialisation itself for a one-page document.
  return doc.save({ objectsPerTick: Number.POSITIVE_INFINITY })
}

function setMetadata(doc: PDFDocument, content: ReceiptContent): void {
  const { title, author, subject, issuedAt } = content.metadata
  doc.setTitle(title)
  doc.setAuthor(author)
  doc.setSubject(subject)
  doc.setLanguage('fr-FR')
  doc.setProducer(PRODUCER)
  doc.setCreator(`${PRODUCER} receipt template ${RECEIPT_TEMPLATE_VERSION}`)
  doc.setCreationDate(issuedAt)
  doc.setModificationDate(issuedAt)
}

function findSignaturePng(elements: readonly ContentElement[]): Uint8Array | undefined {
  for (const element of elements) {
    if (element.kind === 'signature' && element.imagePng) return element.imagePng
  }
  return undefined
}

async function embedSignature(doc: PDFDocument, png: Uint8Array) {
  try {
    return await doc.embedPng(png)
  } catch (cause) {
    throw new AppError('input.invalid', 'the signature image is not a readable PNG', { cause })
  }
}
