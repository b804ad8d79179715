import { degrees, type PDFPage, rgb } from 'pdf-lib'
import { baselineBelow, type DrawContext, drawLine, TONE_COLORS } from './draw-elements.js'
import type { FontBook } from './font-book.js'
import { A4, GEOMETRY } from './page-flow.js'
import type { ReceiptHeader, Span } from './receipt-content.js'
import { COMMON, MARKS } from './receipt-wording.js'
import { layoutLines, lineHeight } from './text-layout.js'

const TITLE_SIZE = 11.5
const NUMBER_BOX = { width: 150, height: 23 }
const NUMBER_SIZE = 12

/** Title on the left, form code, Cerfa number and the « Numéro d’ordre » box on the right. */
export function drawHeader(ctx: DrawContext, header: ReceiptHeader): void {
  const { flow, book } = ctx
  const page = flow.page
  const top = flow.y
  const rightX = flow.x + flow.width - NUMBER_BOX.width
  const titleWidth = flow.width - NUMBER_BOX.width - 16
  const titleLines = layoutLines(header.title, titleWidth, TITLE_SIZE, book)
  titleLines.forEach((line, index) => {
    const x = flow.x + (titleWidth - line.width) / 2
    drawLine(page, line, x, baselineBelow(top - index * lineHeight(TITLE_SIZE), TITLE_SIZE) - 2)
  })
  let y = top
  for (const [text, size, style] of [
    [header.formCode, 10, 'bold'],
    [header.cerfaLabel, 8.6, 'regular'],
  ] as const) {
    drawRightAligned(
      page,
      book,
      [{ text, style, tone: 'label' }],
      rightX + NUMBER_BOX.width,
      y,
      size,
    )
    y -= lineHeight(size)
  }
  y -= 4
  const numberLabel: Span[] = [{ text: COMMON.orderNumberLabel, style: 'regular', tone: 'label' }]
  drawCentred(page, book, numberLabel, rightX, NUMBER_BOX.width, y, 8)
  y -= lineHeight(8) + 1
  page.drawRectangle({
    x: rightX,
    y: y - NUMBER_BOX.height,
    width: NUMBER_BOX.width,
    height: NUMBER_BOX.height,
    borderColor: TONE_COLORS.value,
    borderWidth: 1,
  })
  const number: Span[] = [{ text: header.number, style: 'bold', tone: 'value' }]
  const size = fittingSize(book, number, NUMBER_BOX.width - 10, NUMBER_SIZE)
  drawCentred(
    page,
    book,
    number,
    rightX,
    NUMBER_BOX.width,
    y - (NUMBER_BOX.height - size * 1.1) / 2,
    size,
  )
  y -= NUMBER_BOX.height
  const titleBottom = top - titleLines.length * lineHeight(TITLE_SIZE) - 2
  flow.y = Math.min(y, titleBottom) - 12
}

const NOTE_SIZE = 6.8

/** The model's footnotes, kept together at the foot of the last page. */
export function drawNotes(ctx: DrawContext, notes: readonly Span[][]): void {
  const { flow, book } = ctx
  const laidOut = notes.map((spans) => layoutLines(spans, flow.width, NOTE_SIZE, book))
  const lineCount = laidOut.reduce((sum, lines) => sum + lines.length, 0)
  const height = lineCount * lineHeight(NOTE_SIZE) + (notes.length - 1) * 1.5 + 6
  if (flow.room < height + 6) flow.breakPage()
  let y = GEOMETRY.bottom + height
  flow.page.drawLine({
    start: { x: flow.x, y },
    end: { x: flow.x + 120, y },
    thickness: 0.5,
    color: TONE_COLORS.label,
  })
  y -= 6
  for (const lines of laidOut) {
    for (const line of lines) {
      drawLine(flow.page, line, flow.x, baselineBelow(y, NOTE_SIZE))
      y -= lineHeight(NOTE_SIZE)
    }
    y -= 1.5
  }
}

/** « Reçu n° … – page i/n » at the foot of each page, only when there is more than one. */
export function drawPageFooters(pages: readonly PDFPage[], book: FontBook, number: string): void {
  if (pages.length < 2) return
  pages.forEach((page, index) => {
    const spans: Span[] = [
      { text: MARKS.continued(number, index + 1, pages.length), style: 'regular', tone: 'label' },
    ]
    drawCentred(page, book, spans, GEOMETRY.left, A4[0] - GEOMETRY.left - GEOMETRY.right, 22, 7)
  })
}

const WATERMARK_SIZE = 100

/** A large, light diagonal word across the page, under the content. */
export function drawWatermark(page: PDFPage, book: FontBook, text: string): void {
  const font = book.standardFont('bold')
  const width = font.widthOfTextAtSize(text, WATERMARK_SIZE)
  const capHeight = WATERMARK_SIZE * 0.72
  const angle = (38 * Math.PI) / 180
  const [pageWidth, pageHeight] = A4
  // Rotation turns around the text origin: offset it so the text's centre is the page's.
  const x = pageWidth / 2 - (width / 2) * Math.cos(angle) + (capHeight / 2) * Math.sin(angle)
  const y = pageHeight / 2 - (width / 2) * Math.sin(angle) - (capHeight / 2) * Math.cos(angle)
  page.drawText(text, {
    x,
    y,
    size: WATERMARK_SIZE,
    font,
    color: rgb(0.8, 0.1, 0.1),
    opacity: 0.13,
    rotate: degrees(38),
  })
}

function drawRightAligned(
  page: PDFPage,
  book: FontBook,
  spans: Span[],
  right: number,
  top: number,
  size: number,
): void {
  for (const line of layoutLines(spans, Number.POSITIVE_INFINITY, size, book)) {
    drawLine(page, line, right - line.width, baselineBelow(top, size))
  }
}

function drawCentred(
  page: PDFPage,
  book: FontBook,
  spans: Span[],
  x: number,
  width: number,
  top: number,
  size: number,
): void {
  let lineTop = top
  for (const line of layoutLines(spans, width, size, book)) {
    drawLine(page, line, x + (width - line.width) / 2, baselineBelow(lineTop, size))
    lineTop -= lineHeight(size)
  }
}

/** The largest size up to `max` (and down to 7 pt) at which the spans fit on one line. */
function fittingSize(book: FontBook, spans: Span[], width: number, max: number): number {
  const [line] = layoutLines(spans, Number.POSITIVE_INFINITY, max, book)
  if (!line || line.width <= width) return max
  return Math.max(7, (max * width) / line.width)
}
