import { degrees, type PDFPage, rgb } from 'pdf-lib'
import type { ContentElement, ReceiptHeader, Span } from '../content/receipt-content.js'
import { COMMON, MARKS } from '../content/receipt-wording.js'
import type { DrawableFont } from '../fonts/drawable-font.js'
import type { FontBook, TextFonts } from '../fonts/font-book.js'
import { type DrawContext, marksLayout, paintMarks } from './draw-elements.js'
import { baselineBelow, drawLine, oneLine, TONE_COLORS } from './draw-line.js'
import type { PageCanvas } from './page-canvas.js'
import { A4, GEOMETRY, type PageFlow } from './page-flow.js'
import { type Line, layoutLines, lineHeight } from './text-layout.js'

const TITLE_SIZE = 11.5
const NUMBER_BOX = { width: 150, height: 23 }
const NUMBER_SIZE = 12

/** Title on the left; form code, Cerfa number and the « Numéro d’ordre » box on the right. */
export function drawHeader(ctx: DrawContext, header: ReceiptHeader): void {
  const { flow, book } = ctx
  const canvas = flow.canvas
  const top = flow.y
  const rightX = flow.x + flow.width - NUMBER_BOX.width
  const right = rightX + NUMBER_BOX.width
  const titleWidth = flow.width - NUMBER_BOX.width - 16
  const titleLines = layoutLines(header.title, titleWidth, TITLE_SIZE, book)
  titleLines.forEach((line, index) => {
    const x = flow.x + (titleWidth - line.width) / 2
    drawLine(canvas, line, x, baselineBelow(top - index * lineHeight(TITLE_SIZE), TITLE_SIZE) - 2)
  })
  const formCode = oneLine([{ text: header.formCode, style: 'bold', tone: 'label' }], 10, book)
  drawLine(canvas, formCode, right - formCode.width, baselineBelow(top, 10))
  let y = top - lineHeight(10)
  const cerfa = oneLine([{ text: header.cerfaLabel, style: 'regular', tone: 'label' }], 8.6, book)
  drawLine(canvas, cerfa, right - cerfa.width, baselineBelow(y, 8.6))
  y -= lineHeight(8.6) + 4
  const numberLabel: Span[] = [{ text: COMMON.orderNumberLabel, style: 'regular', tone: 'label' }]
  drawCentred(canvas, oneLine(numberLabel, 8, book), rightX, NUMBER_BOX.width, baselineBelow(y, 8))
  y -= lineHeight(8) + 1
  canvas.rectangle(rightX, y - NUMBER_BOX.height, NUMBER_BOX.width, NUMBER_BOX.height, {
    stroke: TONE_COLORS.value,
    lineWidth: 1,
  })
  const number: Span[] = [{ text: header.number, style: 'bold', tone: 'value' }]
  const size = fittingSize(book, number, NUMBER_BOX.width - 10, NUMBER_SIZE)
  const numberBaseline = y - NUMBER_BOX.height / 2 - size * 0.36
  drawCentred(canvas, oneLine(number, size, book), rightX, NUMBER_BOX.width, numberBaseline)
  y -= NUMBER_BOX.height
  const titleBottom = top - titleLines.length * lineHeight(TITLE_SIZE) - 2
  flow.y = Math.min(y, titleBottom) - 12
}

const NOTE_SIZE = 6.8
const NOTE_GAP = 1.5

/**
 * The model's footnotes, kept together at the foot of the last page; `layout` when they were
 * already laid out (layout 3 measures them first, see notesLayout).
 */
export function drawNotes(
  ctx: DrawContext,
  notes: readonly Span[][],
  layout: NotesLayout = notesLayout(ctx.flow, ctx.book, notes),
): void {
  const { flow } = ctx
  const { laidOut, height } = layout
  if (flow.room < height + 6) flow.breakPage()
  const canvas = flow.canvas
  // At the foot of the page, the same on every receipt of a form: a part of its own.
  canvas.newPart()
  let y = GEOMETRY.bottom + height
  canvas.line(
    { x: flow.x, y },
    { x: flow.x + 120, y },
    { stroke: TONE_COLORS.label, lineWidth: 0.5 },
  )
  y -= 6
  for (const lines of laidOut) {
    for (const line of lines) {
      drawLine(canvas, line, flow.x, baselineBelow(y, NOTE_SIZE))
      y -= lineHeight(NOTE_SIZE)
    }
    y -= NOTE_GAP
  }
  // The page numbers and stamps drawn after them differ from receipt to receipt.
  canvas.newPart()
}

export interface NotesLayout {
  laidOut: Line[][]
  /** The room they take at the foot of a page, without the 6 pt gap above them. */
  height: number
}

export function notesLayout(
  flow: PageFlow,
  book: TextFonts,
  notes: readonly Span[][],
): NotesLayout {
  const laidOut = notes.map((spans) => layoutLines(spans, flow.width, NOTE_SIZE, book))
  const lineCount = laidOut.reduce((sum, lines) => sum + lines.length, 0)
  const height = lineCount * lineHeight(NOTE_SIZE) + (notes.length - 1) * NOTE_GAP + 6
  return { laidOut, height }
}

/**
 * Layout 3: the marks row (DUPLICATA, SPECIMEN, « annule et remplace ») again at the top of
 * each page after the first, full width; returns the height it took.
 */
export function drawContinuedMarks(
  canvas: PageCanvas,
  book: TextFonts,
  marks: Extract<ContentElement, { kind: 'marks' }>,
  top: number,
): number {
  const width = A4[0] - GEOMETRY.left - GEOMETRY.right
  const layout = marksLayout(book, marks.stamps, marks.lines, width)
  paintMarks(canvas, layout, GEOMETRY.left, top)
  return layout.height + 8
}

/** « Reçu n° … – page i/n » at the foot of each page, only when there is more than one. */
export function drawPageFooters(
  canvases: readonly PageCanvas[],
  book: TextFonts,
  number: string,
): void {
  if (canvases.length < 2) return
  const width = A4[0] - GEOMETRY.left - GEOMETRY.right
  canvases.forEach((canvas, index) => {
    const text = MARKS.continued(number, index + 1, canvases.length)
    const line = oneLine([{ text, style: 'regular', tone: 'label' }], 7, book)
    drawCentred(canvas, line, GEOMETRY.left, width, 16)
  })
}

const WATERMARK_SIZE = 100
const WATERMARK_ANGLE = 38

/** A large, light diagonal word across the page, drawn first so it lies under the content. */
export function drawWatermark(page: PDFPage, book: FontBook, text: string): void {
  const font = book.standardFont('bold')
  const width = font.widthOfTextAtSize(text, WATERMARK_SIZE)
  const capHeight = WATERMARK_SIZE * 0.72
  const angle = (WATERMARK_ANGLE * Math.PI) / 180
  const [pageWidth, pageHeight] = A4
  // The rotation turns around the text origin: offset it so the text's centre is the page's.
  const x = pageWidth / 2 - (width / 2) * Math.cos(angle) + (capHeight / 2) * Math.sin(angle)
  const y = pageHeight / 2 - (width / 2) * Math.sin(angle) - (capHeight / 2) * Math.cos(angle)
  page.drawText(text, {
    x,
    y,
    size: WATERMARK_SIZE,
    font,
    color: rgb(0.8, 0.1, 0.1),
    opacity: 0.13,
    rotate: degrees(WATERMARK_ANGLE),
  })
}

/** The same watermark in an embedded font, for layout 2 (PDF/A: every font embedded). */
export function drawTurnedWatermark(canvas: PageCanvas, font: DrawableFont, text: string): void {
  const width = font.widthOfTextAtSize(text, WATERMARK_SIZE)
  const capHeight = WATERMARK_SIZE * 0.714
  const angle = (WATERMARK_ANGLE * Math.PI) / 180
  const [pageWidth, pageHeight] = A4
  const x = pageWidth / 2 - (width / 2) * Math.cos(angle) + (capHeight / 2) * Math.sin(angle)
  const y = pageHeight / 2 - (width / 2) * Math.sin(angle) - (capHeight / 2) * Math.cos(angle)
  const turn = { font, size: WATERMARK_SIZE, degrees: WATERMARK_ANGLE, opacity: 0.13 }
  canvas.turnedText(text, { x, y }, turn, rgb(0.8, 0.1, 0.1))
}

function drawCentred(
  canvas: PageCanvas,
  line: ReturnType<typeof oneLine>,
  x: number,
  width: number,
  baseline: number,
): void {
  drawLine(canvas, line, x + (width - line.width) / 2, baseline)
}

/** The largest size up to `max` (and down to 7 pt) at which the spans fit on one line. */
function fittingSize(book: TextFonts, spans: Span[], width: number, max: number): number {
  const line = oneLine(spans, max, book)
  if (line.width <= width) return max
  return Math.max(7, (max * width) / line.width)
}
