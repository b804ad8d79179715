import { PDFDocument, type PDFPage } from 'pdf-lib'
import { canonicalJson } from '../domain/canonical-json.js'
import { addArchivalParts } from './pdf/archive/archival-parts.js'
import {
  allSpans,
  type ContentElement,
  type ReceiptContent,
} from './pdf/content/receipt-content.js'
import { receiptContentFor } from './pdf/content/receipt-content-for.js'
import { type Deflate, portableDeflate } from './pdf/deflate.js'
import { type DrawContext, drawElements, type EmbeddedImage } from './pdf/draw/draw-elements.js'
import { drawLifecycleStamp } from './pdf/draw/draw-lifecycle-stamp.js'
import {
  drawContinuedMarks,
  drawHeader,
  drawNotes,
  drawPageFooters,
  drawTurnedWatermark,
  drawWatermark,
  type NotesLayout,
  notesLayout,
} from './pdf/draw/draw-page-parts.js'
import type { PageCanvas } from './pdf/draw/page-canvas.js'
import { PageFlow } from './pdf/draw/page-flow.js'
import { embedPreparedImage, prepareSignature } from './pdf/draw/signature-image.js'
import { EmbeddedFontBook } from './pdf/fonts/embedded-font-book.js'
import { FontBook } from './pdf/fonts/font-book.js'
import { loadFontkit, memoisedFontkit } from './pdf/fonts/font-files.js'
import type { ReceiptSnapshot, RenderOptions } from './receipt-snapshot.js'

/**
 * Bump when the printed output changes on purpose; it is written into the PDF so a receipt
 * can be traced to the template that produced it.
 */
export const RECEIPT_TEMPLATE_VERSION = '1'

const PRODUCER = 'helloasso-recus-fiscaux'

/**
 * The receipt as an A4 PDF, in the layout its snapshot was first rendered with. A pure
 * function of its arguments: the same snapshot and options give the same bytes (dates come
 * from the snapshot, font names are fixed, nothing random).
 */
export async function renderReceiptPdf(
  snapshot: ReceiptSnapshot,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  await loadFontkit()
  switch (snapshot.layoutVersion) {
    case 3:
      return renderLayoutThree(snapshot, options)
    case 2:
      return renderLayoutTwo(snapshot, options)
    default:
      return renderLayoutOne(snapshot, options)
  }
}

/**
 * Layout 1, the first receipts': standard Helvetica where WinAnsi suffices, DejaVu and Noto
 * for other scripts. Frozen: regenerating an emailed receipt must give its recorded bytes
 * (test/receipts/pinned-receipt-bytes.test.ts).
 */
async function renderLayoutOne(
  snapshot: ReceiptSnapshot,
  options: RenderOptions,
): Promise<Uint8Array> {
  const content = receiptContentFor(snapshot, options)
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.registerFontkit(memoisedFontkit)
  setMetadata(doc, content)
  const book = await FontBook.create(doc, allSpans(content))
  const signature = await embedSignature(doc, content.body)
  const flow = new PageFlow(doc, book, (page: PDFPage) => {
    if (content.watermark) drawWatermark(page, book, content.watermark)
  })
  drawReceipt(flow, book, signature, content)
  // objectsPerTick: pdf-lib otherwise yields to the event loop every 50 objects, which costs
  // more than the serialisation itself for a one-page document. No object streams: pdf-lib
  // deflates them in JavaScript, for a few hundred bytes saved.
  return doc.save({ objectsPerTick: Number.POSITIVE_INFINITY, useObjectStreams: false })
}

/**
 * Layout 2: every glyph in an embedded font (Noto Sans, then DejaVu and Noto CJK), measured
 * as drawn, so it looks the same in every viewer; PDF/A-2b metadata and output intent.
 */
async function renderLayoutTwo(
  snapshot: ReceiptSnapshot,
  options: RenderOptions,
): Promise<Uint8Array> {
  const content = receiptContentFor(snapshot, options)
  const doc = await PDFDocument.create({ updateMetadata: false })
  const creator = `${PRODUCER} receipt layout 2`
  setMetadata(doc, content, creator)
  const book = new EmbeddedFontBook(doc)
  const signature = await embedSignature(doc, content.body)
  const flow = new PageFlow(doc, book, (_page: PDFPage, canvas: PageCanvas) => {
    if (content.watermark)
      drawTurnedWatermark(canvas, book.font('noto-sans-bold'), content.watermark)
  })
  drawReceipt(flow, book, signature, content)
  book.finish()
  return saveArchival(doc, content, creator, JSON.stringify([snapshot, options]))
}

/**
 * Layout 3: layout 2's fonts and archival parts, plus the verification QR code, lines in
 * Unicode bidi order, no invisible character, the marks on every page, the signature row kept
 * with the footnotes. Its bytes depend on the snapshot and options alone: streams deflated in
 * JavaScript (fflate, not the Node release's zlib) and a trailer /ID hashed over canonical
 * JSON (sorted keys: DynamoDB does not keep a map's key order).
 */
async function renderLayoutThree(
  snapshot: ReceiptSnapshot,
  options: RenderOptions,
): Promise<Uint8Array> {
  const content = receiptContentFor(snapshot, options)
  const doc = await PDFDocument.create({ updateMetadata: false })
  const creator = `${PRODUCER} receipt layout 3`
  setMetadata(doc, content, creator)
  const book = new EmbeddedFontBook(doc, 3)
  const signature = await embedSignature(doc, content.body)
  const { pageMarks } = content
  const flow = new PageFlow(
    doc,
    book,
    (_page: PDFPage, canvas: PageCanvas) => {
      if (content.watermark)
        drawTurnedWatermark(canvas, book.font('noto-sans-bold'), content.watermark)
    },
    {
      deflate: portableDeflate,
      segmented: true,
      ...(pageMarks
        ? { onContinuation: (canvas, top) => drawContinuedMarks(canvas, book, pageMarks, top) }
        : {}),
    },
  )
  drawReceipt(flow, book, signature, content, notesLayout(flow, book, content.notes))
  book.finish()
  return saveArchival(doc, content, creator, canonicalJson([snapshot, options]), portableDeflate)
}

/**
 * Layouts 2 and 3 end alike: the PDF/A parts (metadata, sRGB profile, the /ID hashed over
 * `identity`), then the bytes, in one tick and without object streams.
 */
function saveArchival(
  doc: PDFDocument,
  content: ReturnType<typeof receiptContentFor>,
  creator: string,
  identity: string,
  deflate?: Deflate,
): Promise<Uint8Array> {
  const { title, author, subject, issuedAt } = content.metadata
  addArchivalParts(doc, {
    title,
    author,
    subject,
    creator,
    producer: PRODUCER,
    language: LANGUAGE,
    date: issuedAt,
    identity,
    ...(deflate ? { deflate } : {}),
  })
  return doc.save({ objectsPerTick: Number.POSITIVE_INFINITY, useObjectStreams: false })
}

const LANGUAGE = 'fr-FR'

function setMetadata(
  doc: PDFDocument,
  content: ReceiptContent,
  creator = `${PRODUCER} receipt template ${RECEIPT_TEMPLATE_VERSION}`,
): void {
  const { title, author, subject, issuedAt } = content.metadata
  doc.setTitle(title)
  doc.setAuthor(author)
  doc.setSubject(subject)
  doc.setLanguage(LANGUAGE)
  doc.setProducer(PRODUCER)
  doc.setCreator(creator)
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

/**
 * What every layout draws, in the same order (layout 1's bytes depend on it). Layout 3 lays
 * the footnotes out first and keeps their height free under the signature row.
 */
function drawReceipt(
  flow: PageFlow,
  book: DrawContext['book'],
  signature: DrawContext['signature'],
  content: ReturnType<typeof receiptContentFor>,
  notes?: NotesLayout,
): void {
  const ctx: DrawContext = {
    flow,
    book,
    ...(signature ? { signature } : {}),
    ...(notes ? { keepAfterSignature: notes.height + 6 } : {}),
  }
  drawHeader(ctx, content.header)
  drawElements(ctx, content.body)
  drawNotes(ctx, content.notes, notes)
  drawPageFooters(flow.canvases, book, content.number)
  if (content.stamp) drawLifecycleStamp(flow.canvases, book, content.stamp)
  flow.flush()
}
