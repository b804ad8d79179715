import { type Color, type PDFImage, type PDFPage, rgb } from 'pdf-lib'
import type { FontBook } from './font-book.js'
import type { PageFlow } from './page-flow.js'
import type { CheckOption, CheckShape, ContentElement, Span, SpanTone } from './receipt-content.js'
import { type Line, layoutLines, lineHeight, measureSpans } from './text-layout.js'

export const BODY_SIZE = 9
const CHECK_SIZE = 7
const CHECK_GAP = 3.5
const OPTION_GAP = 13
const MARK_COLOR = rgb(0.75, 0.08, 0.08)

export const TONE_COLORS: Record<SpanTone, Color> = {
  label: rgb(0.2, 0.2, 0.22),
  value: rgb(0, 0, 0),
  mark: MARK_COLOR,
}

export interface DrawContext {
  flow: PageFlow
  book: FontBook
  signature?: PDFImage
}

export function drawElements(ctx: DrawContext, elements: readonly ContentElement[]): void {
  for (const element of elements) drawElement(ctx, element)
}

function drawElement(ctx: DrawContext, element: ContentElement): void {
  switch (element.kind) {
    case 'paragraph':
      return drawParagraph(ctx, element.spans, {
        size: element.size ?? BODY_SIZE,
        indent: element.indent ?? 0,
        align: element.align ?? 'left',
      })
    case 'check':
      return drawCheck(ctx, element.shape, element.checked, element.label, element.indent ?? 0)
    case 'options':
      return drawOptions(ctx, element.label, element.options)
    case 'amount':
      return drawAmount(ctx, element.figures, element.unit, element.after ?? [])
    case 'frame':
      ctx.flow.beginFrame(element.title)
      drawElements(ctx, element.children)
      ctx.flow.endFrame()
      return ctx.flow.advance(6)
    case 'marks':
      return drawMarks(ctx, element.stamps, element.lines)
    case 'signature':
      return drawSignature(ctx, element)
    case 'space':
      return ctx.flow.advance(element.height)
  }
}

interface ParagraphOptions {
  size: number
  indent: number
  align: 'left' | 'center'
}

/** Draws line by line, so a paragraph longer than the page continues on the next one. */
export function drawParagraph(
  ctx: DrawContext,
  spans: readonly Span[],
  options: ParagraphOptions,
): void {
  const { flow, book } = ctx
  const width = flow.width - options.indent
  const height = lineHeight(options.size)
  for (const line of layoutLines(spans, width, options.size, book)) {
    flow.ensure(height)
    const offset = options.align === 'center' ? (width - line.width) / 2 : 0
    drawLine(flow.page, line, flow.x + options.indent + offset, baselineBelow(flow.y, options.size))
    flow.advance(height)
  }
}

/** Adjacent pieces in the same font are drawn together so RTL runs keep their word order. */
export function drawLine(page: PDFPage, line: Line, x: number, baseline: number): void {
  let cursor = x
  for (const piece of mergePieces(line)) {
    page.drawText(piece.text, {
      x: cursor,
      y: baseline + piece.rise,
      size: piece.size,
      font: piece.font,
      color: TONE_COLORS[piece.tone],
    })
    cursor += piece.width
  }
}

function mergePieces(line: Line): Line['pieces'] {
  const merged: Line['pieces'] = []
  for (const piece of line.pieces) {
    const last = merged.at(-1)
    if (
      last &&
      last.font === piece.font &&
      last.size === piece.size &&
      last.rise === piece.rise &&
      last.tone === piece.tone
    ) {
      last.text += piece.text
      last.width += piece.width
    } else {
      merged.push({ ...piece })
    }
  }
  return merged
}

/** The baseline of a line whose box starts at `top`. */
export function baselineBelow(top: number, size: number): number {
  return top - size * 0.95
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
    if (index === 0) drawCheckMark(flow.page, shape, checked, flow.x + indent, baseline)
    drawLine(flow.page, line, flow.x + textX, baseline)
    flow.advance(height)
  })
}

/** ☒ / ☐ as a drawn square, ○ as a circle filled when ticked: no font has to carry them. */
function drawCheckMark(
  page: PDFPage,
  shape: CheckShape,
  checked: boolean,
  x: number,
  baseline: number,
): void {
  const y = baseline - 0.8
  const color = TONE_COLORS.value
  if (shape === 'radio') {
    const r = CHECK_SIZE / 2
    page.drawCircle({ x: x + r, y: y + r, size: r, borderColor: color, borderWidth: 0.7 })
    if (checked) page.drawCircle({ x: x + r, y: y + r, size: r * 0.5, color })
    return
  }
  page.drawRectangle({
    x,
    y,
    width: CHECK_SIZE,
    height: CHECK_SIZE,
    borderColor: color,
    borderWidth: 0.7,
  })
  if (!checked) return
  const inset = 1.4
  const far = CHECK_SIZE - inset
  page.drawLine({
    start: { x: x + inset, y: y + inset },
    end: { x: x + far, y: y + far },
    thickness: 1,
    color,
  })
  page.drawLine({
    start: { x: x + inset, y: y + far },
    end: { x: x + far, y: y + inset },
    thickness: 1,
    color,
  })
}

interface PlacedOption {
  option: CheckOption
  line: number
  x: number
}

/** A label, then options side by side; an option that does not fit goes to the next line. */
function drawOptions(
  ctx: DrawContext,
  label: readonly Span[] | undefined,
  options: readonly CheckOption[],
): void {
  const { flow, book } = ctx
  const labelLines = label ? layoutLines(label, flow.width, BODY_SIZE, book) : []
  const lastLabelLine = labelLines.at(-1)
  // A short label shares its line with the options, and wrapped options align under the first.
  const inline =
    lastLabelLine !== undefined &&
    labelLines.length === 1 &&
    lastLabelLine.width < flow.width * 0.45
  const startX = inline && lastLabelLine ? lastLabelLine.width + 6 : 0
  const placed: PlacedOption[] = []
  let line = 0
  let x = startX
  for (const option of options) {
    const width = CHECK_SIZE + CHECK_GAP + measureSpans(option.label, BODY_SIZE, book)
    if (x > startX && x + width > flow.width) {
      line += 1
      x = startX
    }
    placed.push({ option, line, x })
    x += width + OPTION_GAP
  }
  const height = lineHeight(BODY_SIZE)
  const labelOnOwnLines = inline ? labelLines.length - 1 : labelLines.length
  flow.ensure(height * (labelOnOwnLines + line + 1))
  labelLines.forEach((labelLine, index) => {
    drawLine(flow.page, labelLine, flow.x, baselineBelow(flow.y, BODY_SIZE))
    if (!(inline && index === labelLines.length - 1)) flow.advance(height)
  })
  for (const item of placed) {
    const baseline = baselineBelow(flow.y - item.line * height, BODY_SIZE)
    drawCheckMark(flow.page, 'box', item.option.checked, flow.x + item.x, baseline)
    const [optionLine] = layoutLines(item.option.label, Number.POSITIVE_INFINITY, BODY_SIZE, book)
    if (optionLine)
      drawLine(flow.page, optionLine, flow.x + item.x + CHECK_SIZE + CHECK_GAP, baseline)
  }
  flow.advance(height * (line + 1))
}

const FIGURES_SIZE = 10.5

function drawAmount(ctx: DrawContext, figures: string, unit: string, after: readonly Span[]): void {
  const { flow, book } = ctx
  const [figuresLine] = layoutLines(
    [{ text: figures, style: 'bold', tone: 'value' }],
    Number.POSITIVE_INFINITY,
    FIGURES_SIZE,
    book,
  )
  const [unitLine] = layoutLines(
    [{ text: unit, style: 'regular', tone: 'label' }],
    Number.POSITIVE_INFINITY,
    BODY_SIZE,
    book,
  )
  if (!figuresLine || !unitLine) return
  const boxWidth = figuresLine.width + 14
  const boxHeight = FIGURES_SIZE + 8
  const afterX = boxWidth + 5 + unitLine.width + 14
  const afterLines = layoutLines(after, flow.width - afterX, BODY_SIZE, book)
  const afterHeight = afterLines.length * lineHeight(BODY_SIZE)
  flow.ensure(Math.max(boxHeight, afterHeight) + 4)
  const top = flow.y - 2
  const baseline = top - boxHeight + 5.2
  flow.page.drawRectangle({
    x: flow.x,
    y: top - boxHeight,
    width: boxWidth,
    height: boxHeight,
    borderColor: TONE_COLORS.value,
    borderWidth: 0.8,
  })
  drawLine(flow.page, figuresLine, flow.x + 7, baseline)
  drawLine(flow.page, unitLine, flow.x + boxWidth + 5, baseline)
  afterLines.forEach((line, index) => {
    drawLine(flow.page, line, flow.x + afterX, baseline - index * lineHeight(BODY_SIZE))
  })
  flow.advance(Math.max(boxHeight, afterHeight + boxHeight - 5.2 - 2) + 6)
}

const STAMP_SIZE = 13
const MARK_TEXT_SIZE = 9.5

function drawMarks(ctx: DrawContext, stamps: readonly string[], lines: readonly Span[][]): void {
  const { flow, book } = ctx
  const stampHeight = STAMP_SIZE + 10
  let x = flow.x
  const stampLines = stamps.map((stamp) => {
    const [line] = layoutLines(
      [{ text: stamp, style: 'bold', tone: 'mark' }],
      Number.POSITIVE_INFINITY,
      STAMP_SIZE,
      book,
    )
    return line
  })
  const stampsWidth = stampLines.reduce((sum, line) => sum + (line ? line.width + 16 + 8 : 0), 0)
  const textX = stampsWidth + (stamps.length > 0 ? 4 : 0)
  const textLines = lines.flatMap((spans) =>
    layoutLines(spans, flow.width - textX, MARK_TEXT_SIZE, book),
  )
  const textHeight = textLines.length * lineHeight(MARK_TEXT_SIZE)
  const height = Math.max(stamps.length > 0 ? stampHeight : 0, textHeight)
  flow.ensure(height + 8)
  const top = flow.y
  const stampTop = top - (height - stampHeight) / 2
  for (const line of stampLines) {
    if (!line) continue
    const width = line.width + 16
    flow.page.drawRectangle({
      x,
      y: stampTop - stampHeight,
      width,
      height: stampHeight,
      borderColor: MARK_COLOR,
      borderWidth: 1.6,
    })
    drawLine(flow.page, line, x + 8, stampTop - stampHeight + 6.5)
    x += width + 8
  }
  let lineTop = top - (height - textHeight) / 2
  for (const line of textLines) {
    drawLine(flow.page, line, flow.x + textX, baselineBelow(lineTop, MARK_TEXT_SIZE))
    lineTop -= lineHeight(MARK_TEXT_SIZE)
  }
  flow.advance(height + 8)
}

const SIGNATURE_BOX = { width: 205, height: 66 }

function drawSignature(
  ctx: DrawContext,
  element: Extract<ContentElement, { kind: 'signature' }>,
): void {
  const { flow, book } = ctx
  const labelHeight = lineHeight(BODY_SIZE) + 2
  const total = labelHeight + SIGNATURE_BOX.height
  flow.ensure(total + 4)
  const top = flow.y
  const boxX = flow.x + flow.width - SIGNATURE_BOX.width
  // The left column (16216's date or period) is laid out in the width left of the box.
  const leftFlowWidth = flow.width - SIGNATURE_BOX.width - 14
  drawColumn(ctx, element.left, leftFlowWidth)
  const afterLeft = flow.y
  flow.y = top
  const [title] = layoutLines(
    [{ text: element.label, style: 'bold', tone: 'label' }],
    Number.POSITIVE_INFINITY,
    BODY_SIZE,
    book,
  )
  if (title) drawLine(flow.page, title, boxX, baselineBelow(top, BODY_SIZE))
  const boxTop = top - labelHeight
  flow.page.drawRectangle({
    x: boxX,
    y: boxTop - SIGNATURE_BOX.height,
    width: SIGNATURE_BOX.width,
    height: SIGNATURE_BOX.height,
    borderColor: TONE_COLORS.value,
    borderWidth: 0.7,
  })
  const [dateLine] = layoutLines(
    [{ text: element.date, style: 'regular', tone: 'value' }],
    Number.POSITIVE_INFINITY,
    BODY_SIZE,
    book,
  )
  if (dateLine) drawLine(flow.page, dateLine, boxX + 6, baselineBelow(boxTop - 4, BODY_SIZE))
  const signatoryLines = layoutLines(
    element.signatory,
    SIGNATURE_BOX.width - 12,
    BODY_SIZE - 0.6,
    book,
  ).slice(0, 2)
  signatoryLines.forEach((line, index) => {
    const fromBottom = (signatoryLines.length - index) * lineHeight(BODY_SIZE - 0.6)
    drawLine(
      flow.page,
      line,
      boxX + 6,
      boxTop - SIGNATURE_BOX.height + fromBottom - BODY_SIZE + 2.5,
    )
  })
  if (ctx.signature)
    drawSignatureImage(flow.page, ctx.signature, boxX, boxTop, signatoryLines.length)
  flow.y = Math.min(afterLeft, top - total) - 6
}

function drawSignatureImage(
  page: PDFPage,
  image: PDFImage,
  boxX: number,
  boxTop: number,
  signatoryLines: number,
): void {
  const areaTop = boxTop - 4 - lineHeight(BODY_SIZE)
  const areaBottom =
    boxTop - SIGNATURE_BOX.height + 3 + signatoryLines * lineHeight(BODY_SIZE - 0.6)
  const maxWidth = SIGNATURE_BOX.width - 60
  const maxHeight = areaTop - areaBottom
  if (maxHeight <= 4) return
  const scale = Math.min(maxWidth / image.width, maxHeight / image.height)
  const width = image.width * scale
  const height = image.height * scale
  page.drawImage(image, {
    x: boxX + SIGNATURE_BOX.width - width - 8,
    y: areaBottom + (maxHeight - height) / 2,
    width,
    height,
  })
}

/** Draws elements in a narrower column at the flow's left edge. */
function drawColumn(ctx: DrawContext, elements: readonly ContentElement[], width: number): void {
  ctx.flow.inColumn(width, () => drawElements(ctx, elements))
}
