import type { PDFRef } from 'pdf-lib'
import type { CheckOption, CheckShape, ContentElement, Span } from '../content/receipt-content.js'
import type { TextFonts } from '../fonts/font-book.js'
import { baselineBelow, drawLine, MARK_COLOR, oneLine, TONE_COLORS } from './draw-line.js'
import { drawVerification, verificationHeight } from './draw-verification.js'
import type { PageCanvas } from './page-canvas.js'
import type { PageFlow } from './page-flow.js'
import { type Line, layoutLines, lineHeight } from './text-layout.js'

export const BODY_SIZE = 9
const CHECK_SIZE = 7
const CHECK_GAP = 3.5
const OPTION_GAP = 13

export interface DrawContext {
  flow: PageFlow
  book: TextFonts
  signature?: EmbeddedImage
  /**
   * Layout 3: the height of what must follow the signature row on its page (the footnotes),
   * so that a receipt that runs over never ends with a page of footnotes alone.
   */
  keepAfterSignature?: number
}

export interface EmbeddedImage {
  ref: PDFRef
  width: number
  height: number
}

export function drawElements(ctx: DrawContext, elements: readonly ContentElement[]): void {
  for (const element of elements) drawElement(ctx, element)
}

function drawElement(ctx: DrawContext, element: ContentElement): void {
  // Layout 3: the amount and the signature row (date, QR code) differ on every receipt; the
  // wording between them is drawn the same on most, in a stream part of its own (PageCanvas).
  const ownPart = element.kind === 'amount' || element.kind === 'signature'
  if (ownPart) ctx.flow.canvas.newPart()
  drawElementOf(ctx, element)
  if (ownPart) ctx.flow.canvas.newPart()
}

function drawElementOf(ctx: DrawContext, element: ContentElement): void {
  switch (element.kind) {
    case 'paragraph':
      drawParagraph(ctx, element.spans, {
        size: element.size ?? BODY_SIZE,
        indent: element.indent ?? 0,
        align: element.align ?? 'left',
      })
      break
    case 'check':
      drawCheck(ctx, element.shape, element.checked, element.label, element.indent ?? 0)
      break
    case 'options':
      drawOptions(ctx, element.label, element.options)
      break
    case 'amount':
      drawAmount(ctx, element.figures, element.unit, element.after ?? [])
      break
    case 'frame':
      ctx.flow.beginFrame(element.title)
      drawElements(ctx, element.children)
      ctx.flow.endFrame()
      ctx.flow.advance(6)
      break
    case 'marks':
      drawMarks(ctx, element.stamps, element.lines)
      break
    case 'signature':
      drawSignature(ctx, element)
      break
    case 'verification':
      drawVerification(ctx.flow, ctx.book, element)
      break
    case 'space':
      ctx.flow.advance(element.height)
      break
  }
}

interface ParagraphOptions {
  size: number
  indent: number
  align: 'left' | 'center'
}

/** Draws line by line, so a paragraph longer than the page continues on the next one. */
function drawParagraph(ctx: DrawContext, spans: readonly Span[], options: ParagraphOptions): void {
  const { flow, book } = ctx
  const width = flow.width - options.indent
  const height = lineHeight(options.size)
  for (const line of layoutLines(spans, width, options.size, book)) {
    flow.ensure(height)
    const offset = options.align === 'center' ? (width - line.width) / 2 : 0
    const x = flow.x + options.indent + offset
    drawLine(flow.canvas, line, x, baselineBelow(flow.y, options.size))
    flow.advance(height)
  }
}

function drawCheck(
  ctx: DrawContext,
  shape: CheckShape,
  checked: boolean,
  label: readonly Span[],
  indent: number,
): void {
  const { flow, book } = ctx
  const textX = indent + CHECK_SIZE + CHECK_GAP
  const lines = layoutLines(label, flow.width - textX, BODY_SIZE, book)
  const height = lineHeight(BODY_SIZE)
  lines.forEach((line, index) => {
    flow.ensure(height)
    const baseline = baselineBelow(flow.y, BODY_SIZE)
    if (index === 0) drawCheckMark(flow.canvas, shape, checked, flow.x + indent, baseline)
    drawLine(flow.canvas, line, flow.x + textX, baseline)
    flow.advance(height)
  })
}

/** ☒ / ☐ as a drawn square, ○ as a circle filled when ticked: no font has to carry them. */
function drawCheckMark(
  canvas: PageCanvas,
  shape: CheckShape,
  checked: boolean,
  x: number,
  baseline: number,
): void {
  const y = baseline - 0.8
  const color = TONE_COLORS.value
  if (shape === 'radio') {
    const r = CHECK_SIZE / 2
    const centre = { x: x + r, y: y + r }
    canvas.circle(centre, r, { stroke: color, lineWidth: 0.7 })
    if (checked) canvas.circle(centre, r * 0.5, { fill: color })
    return
  }
  canvas.rectangle(x, y, CHECK_SIZE, CHECK_SIZE, { stroke: color, lineWidth: 0.7 })
  if (!checked) return
  const near = 1.4
  const far = CHECK_SIZE - near
  const pen = { stroke: color, lineWidth: 1 }
  canvas.line({ x: x + near, y: y + near }, { x: x + far, y: y + far }, pen)
  canvas.line({ x: x + near, y: y + far }, { x: x + far, y: y + near }, pen)
}

interface PlacedOption {
  line: Line
  checked: boolean
  row: number
  x: number
}

/** A label, then options side by side; an option that does not fit goes to the next row. */
function drawOptions(
  ctx: DrawContext,
  label: readonly Span[] | undefined,
  options: readonly CheckOption[],
): void {
  const { flow, book } = ctx
  const labelLines = label ? layoutLines(label, flow.width, BODY_SIZE, book) : []
  const lastLabelLine = labelLines.at(-1)
  // A short label shares its row with the options; wrapped options align under the first.
  const inline = labelLines.length === 1 && (lastLabelLine?.width ?? 0) < flow.width * 0.45
  const startX = inline ? (lastLabelLine?.width ?? 0) + 6 : 0
  const placed: PlacedOption[] = []
  let row = 0
  let x = startX
  for (const option of options) {
    const line = oneLine(option.label, BODY_SIZE, book)
    const width = CHECK_SIZE + CHECK_GAP + line.width
    if (x > startX && x + width > flow.width) {
      row += 1
      x = startX
    }
    placed.push({ line, checked: option.checked, row, x })
    x += width + OPTION_GAP
  }
  const height = lineHeight(BODY_SIZE)
  const labelRows = inline ? 0 : labelLines.length
  flow.ensure(height * (labelRows + row + 1))
  for (const labelLine of labelLines) {
    drawLine(flow.canvas, labelLine, flow.x, baselineBelow(flow.y, BODY_SIZE))
    if (!inline) flow.advance(height)
  }
  for (const item of placed) {
    const baseline = baselineBelow(flow.y - item.row * height, BODY_SIZE)
    drawCheckMark(flow.canvas, 'box', item.checked, flow.x + item.x, baseline)
    drawLine(flow.canvas, item.line, flow.x + item.x + CHECK_SIZE + CHECK_GAP, baseline)
  }
  flow.advance(height * (row + 1))
}

const FIGURES_SIZE = 10.5

/** `***50,00*** Euros` with the figures boxed, then text (the amount in words) on its right. */
function drawAmount(ctx: DrawContext, figures: string, unit: string, after: readonly Span[]): void {
  const { flow, book } = ctx
  const figuresLine = oneLine([{ text: figures, style: 'bold', tone: 'value' }], FIGURES_SIZE, book)
  const unitLine = oneLine([{ text: unit, style: 'regular', tone: 'label' }], BODY_SIZE, book)
  const boxWidth = figuresLine.width + 14
  const boxHeight = FIGURES_SIZE + 8
  const afterX = boxWidth + 5 + unitLine.width + 14
  const afterLines = layoutLines(after, flow.width - afterX, BODY_SIZE, book)
  const textDrop = boxHeight - 5.2
  const height = Math.max(boxHeight, textDrop + (afterLines.length - 1) * lineHeight(BODY_SIZE))
  flow.ensure(height + 8)
  const top = flow.y - 2
  const baseline = top - textDrop
  const canvas = flow.canvas
  canvas.rectangle(flow.x, top - boxHeight, boxWidth, boxHeight, {
    stroke: TONE_COLORS.value,
    lineWidth: 0.8,
  })
  drawLine(canvas, figuresLine, flow.x + 7, baseline)
  drawLine(canvas, unitLine, flow.x + boxWidth + 5, baseline)
  afterLines.forEach((line, index) => {
    drawLine(canvas, line, flow.x + afterX, baseline - index * lineHeight(BODY_SIZE))
  })
  flow.advance(height + 8)
}

const STAMP_SIZE = 13
const STAMP_HEIGHT = STAMP_SIZE + 10
const MARK_TEXT_SIZE = 9.5

/** Red framed stamps side by side, their explanations stacked on their right. */
function drawMarks(ctx: DrawContext, stamps: readonly string[], lines: readonly Span[][]): void {
  const { flow, book } = ctx
  const layout = marksLayout(book, stamps, lines, flow.width)
  flow.ensure(layout.height + 8)
  paintMarks(flow.canvas, layout, flow.x, flow.y)
  flow.advance(layout.height + 8)
}

export interface MarksLayout {
  stampLines: Line[]
  textLines: Line[]
  textX: number
  height: number
}

export function marksLayout(
  book: TextFonts,
  stamps: readonly string[],
  lines: readonly Span[][],
  width: number,
): MarksLayout {
  const stampLines = stamps.map((stamp) =>
    oneLine([{ text: stamp, style: 'bold', tone: 'mark' }], STAMP_SIZE, book),
  )
  const stampsWidth = stampLines.reduce((sum, line) => sum + line.width + 16 + 8, 0)
  const textX = stampsWidth + (stamps.length > 0 ? 4 : 0)
  const textLines = lines.flatMap((spans) =>
    layoutLines(spans, width - textX, MARK_TEXT_SIZE, book),
  )
  const textHeight = textLines.length * lineHeight(MARK_TEXT_SIZE)
  const height = Math.max(stamps.length > 0 ? STAMP_HEIGHT : 0, textHeight)
  return { stampLines, textLines, textX, height }
}

/** Draws the marks with their top edge at `top`. */
export function paintMarks(canvas: PageCanvas, layout: MarksLayout, left: number, top: number) {
  const { height, textX, textLines } = layout
  const stampTop = top - (height - STAMP_HEIGHT) / 2
  let x = left
  for (const line of layout.stampLines) {
    const width = line.width + 16
    canvas.rectangle(x, stampTop - STAMP_HEIGHT, width, STAMP_HEIGHT, {
      stroke: MARK_COLOR,
      lineWidth: 1.6,
    })
    drawLine(canvas, line, x + 8, stampTop - STAMP_HEIGHT + 6.5)
    x += width + 8
  }
  let lineTop = top - (height - textLines.length * lineHeight(MARK_TEXT_SIZE)) / 2
  for (const line of textLines) {
    drawLine(canvas, line, left + textX, baselineBelow(lineTop, MARK_TEXT_SIZE))
    lineTop -= lineHeight(MARK_TEXT_SIZE)
  }
}

const SIGNATURE_BOX = { width: 205, height: 66 }
const SIGNATORY_SIZE = BODY_SIZE - 0.6

/**
 * « Date et signature » over a box holding the issue date, the signature image and the
 * signatory; whatever goes on the left (16216's date or period) is laid out beside it.
 */
function drawSignature(
  ctx: DrawContext,
  element: Extract<ContentElement, { kind: 'signature' }>,
): void {
  const { flow, book } = ctx
  const labelHeight = lineHeight(BODY_SIZE) + 2
  const leftWidth = flow.width - SIGNATURE_BOX.width - 14
  const boxHeight = labelHeight + SIGNATURE_BOX.height + 4
  if (ctx.keepAfterSignature === undefined) flow.ensure(boxHeight)
  else {
    // The row, the 6 pt drawSignature leaves under it, then what must follow on its page.
    const rowHeight = Math.max(boxHeight, columnHeight(book, element.left, leftWidth))
    flow.ensure(rowHeight + 6 + ctx.keepAfterSignature)
  }
  const top = flow.y
  flow.inColumn(leftWidth, () => drawElements(ctx, element.left))
  const belowLeft = flow.y
  const canvas = flow.canvas
  const boxX = flow.x + flow.width - SIGNATURE_BOX.width
  const boxTop = top - labelHeight
  const boxBottom = boxTop - SIGNATURE_BOX.height
  const title = oneLine([{ text: element.label, style: 'bold', tone: 'label' }], BODY_SIZE, book)
  drawLine(canvas, title, boxX, baselineBelow(top, BODY_SIZE))
  canvas.rectangle(boxX, boxBottom, SIGNATURE_BOX.width, SIGNATURE_BOX.height, {
    stroke: TONE_COLORS.value,
    lineWidth: 0.7,
  })
  const date = oneLine([{ text: element.date, style: 'regular', tone: 'value' }], BODY_SIZE, book)
  drawLine(canvas, date, boxX + 6, baselineBelow(boxTop - 4, BODY_SIZE))
  const signatory = layoutLines(element.signatory, SIGNATURE_BOX.width - 12, SIGNATORY_SIZE, book)
  signatory.forEach((line, index) => {
    const fromBottom = (signatory.length - index) * lineHeight(SIGNATORY_SIZE)
    drawLine(canvas, line, boxX + 6, boxBottom + fromBottom - SIGNATORY_SIZE + 2.5)
  })
  if (ctx.signature) {
    const areaTop = boxTop - 4 - lineHeight(BODY_SIZE)
    const areaBottom = boxBottom + 3 + signatory.length * lineHeight(SIGNATORY_SIZE)
    drawSignatureImage(canvas, ctx.signature, boxX, areaTop, areaBottom)
  }
  flow.y = Math.min(belowLeft, boxBottom) - 6
}

/** The height of the elements a signature row puts on its left (paragraphs, space, QR). */
function columnHeight(book: TextFonts, elements: readonly ContentElement[], width: number) {
  return elements.reduce((sum, element) => {
    switch (element.kind) {
      case 'paragraph': {
        const size = element.size ?? BODY_SIZE
        const lines = layoutLines(element.spans, width - (element.indent ?? 0), size, book)
        return sum + lines.length * lineHeight(size)
      }
      case 'space':
        return sum + element.height
      case 'verification':
        return sum + verificationHeight(width, book, element)
      default:
        return sum
    }
  }, 0)
}

function drawSignatureImage(
  canvas: PageCanvas,
  image: EmbeddedImage,
  boxX: number,
  areaTop: number,
  areaBottom: number,
): void {
  const maxWidth = SIGNATURE_BOX.width - 60
  const maxHeight = areaTop - areaBottom
  if (maxHeight <= 4) return
  const scale = Math.min(maxWidth / image.width, maxHeight / image.height)
  const width = image.width * scale
  const height = image.height * scale
  const x = boxX + SIGNATURE_BOX.width - width - 8
  const y = areaBottom + (maxHeight - height) / 2
  canvas.image(image.ref, x, y, width, height)
}
