import { PDFDocument } from 'pdf-lib'
import { type DrawContext, drawElements, type EmbeddedImage } from './pdf/draw-elements.js'
import { drawHeader, drawNotes, drawPageFooters, drawWatermark } from './pdf/draw-page-parts.js'
import { FontBook } from './pdf/font-book.js'
import { memoisedFontkit } from './pdf/font-files.js'
import { drawLifecycleStamp } from './pdf/lifecycle-stamp.js'
import { PageFlow } from './pdf/page-flow.js'
import { allSpans, type ContentElement, type ReceiptContent } from './pdf/receipt-content.js'
import { receiptContentFor } from './pdf/receipt-content-for.js'
import { embedPreparedImage, prepareSignature } from './pdf/signature-image.js'
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
  const signature = await embedSignature(doc, content.body)
  const flow = new PageFlow(doc, book, (page) => {
    if (content.watermark) drawWatermark(page, book, content.watermark)
  })
  const ctx: DrawContext = signature ? { flow, book, signature } : { flow, book }
  drawHeader(ctx, content.header)
  drawElements(ctx, content.body)
  drawNotes(ctx, content.notes)
  drawPageFooters(flow.canvases, book, content.number)
  if (content.stamp) drawLifecycleStamp(flow.canvases, book, content.stamp)
  flow.flush()
  // objectsPerTick: pdf-lib otherwise yields to the event loop every 50 objects, which costs
  // more than the serialisation itself for a one-page document. No object streams: pdf-lib
  // deflates them in JavaScript, for a few hundred bytes saved.
  return doc.save({ objectsPerTick: Number.POSITIVE_INFINITY, useObjectStreams: false })
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

async function embedSignature(
  doc: PDFDocument,
  elements: readonly ContentElement[],
): Promise<EmbeddedImage | undefined> {
  const element = elements.find((e) => e.kind === 'signature')
  if (element?.kind !== 'signature' || !element.image) return undefined
  const prepared = await prepareSignature(element.image.key, element.image.png)
  return { ref: embedPreparedImage(doc, prepared), width: prepared.width, height: prepared.height }
}
