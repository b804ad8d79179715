import { type PDFDocument, type PDFPage, rgb } from 'pdf-lib'
import { type Deflate, nodeZlibDeflate } from '../deflate.js'
import type { TextFonts } from '../fonts/font-book.js'
import { PageCanvas } from './page-canvas.js'
import { lineHeight } from './text-layout.js'

export const A4: [number, number] = [595.28, 841.89]

export const GEOMETRY = {
  left: 40,
  right: 40,
  top: 36,
  /** Room kept under the flow for the page footer. */
  bottom: 34,
  framePadding: 6,
  bandSize: 9,
} as const

const FRAME_COLOR = rgb(0.55, 0.6, 0.66)
const BAND_COLOR = rgb(0.89, 0.92, 0.95)
const BAND_TEXT = rgb(0.1, 0.17, 0.3)

interface OpenFrame {
  top: number
}

export interface PageFlowOptions {
  /** How the content streams are compressed (layout 3: portableDeflate). */
  deflate?: Deflate
  /** Layout 3: the page in parts, a stream each, those drawn before deflated once (PageCanvas). */
  segmented?: boolean
  /**
   * Draws what heads every page after the first (layout 3: the marks), from `top` down;
   * returns the height it took.
   */
  onContinuation?: (canvas: PageCanvas, top: number) => number
}

/**
 * A top-to-bottom cursor over as many A4 pages as the content needs. Receipts fit on one page;
 * the page breaks are there so that absurd input (a 2 000-character object) wraps onto a
 * second page instead of running off the first. Open frames are closed at the break and
 * reopened on the next page.
 */
export class PageFlow {
  readonly canvases: PageCanvas[] = []
  y = 0
  private readonly frames: OpenFrame[] = []
  /** Where the flow starts on the current page: what is taller never fits, so never breaks. */
  private contentTop = 0
  private columnWidth: number | undefined

  constructor(
    private readonly doc: PDFDocument,
    private readonly book: TextFonts,
    private readonly onNewPage: (page: PDFPage, canvas: PageCanvas) => void,
    private readonly options: PageFlowOptions = {},
  ) {
    this.addPage()
  }

  get canvas(): PageCanvas {
    const canvas = this.canvases.at(-1)
    if (!canvas) throw new Error('no page')
    return canvas
  }

  /** Writes every page's content stream; call once, after the last drawing. */
  flush(): void {
    const deflate = this.options.deflate ?? nodeZlibDeflate
    for (const canvas of this.canvases) canvas.flush(this.doc, deflate)
  }

  /** Left edge of the content at the current frame depth. */
  get x(): number {
    return GEOMETRY.left + this.frames.length * GEOMETRY.framePadding
  }

  get width(): number {
    const full =
      A4[0] - GEOMETRY.left - GEOMETRY.right - 2 * this.frames.length * GEOMETRY.framePadding
    return this.columnWidth === undefined ? full : Math.min(full, this.columnWidth)
  }

  /** Runs `draw` with the content narrowed to `width` from the left edge. */
  inColumn(width: number, draw: () => void): void {
    const previous = this.columnWidth
    this.columnWidth = width
    try {
      draw()
    } finally {
      this.columnWidth = previous
    }
  }

  /** Room left above the bottom margin, minus what open frames still need to close. */
  get room(): number {
    return this.y - GEOMETRY.bottom - this.frames.length * GEOMETRY.framePadding
  }

  /** Starts a new page unless `height` fits under the cursor. */
  ensure(height: number): void {
    if (height > this.room && this.y < this.contentTop) this.breakPage()
  }

  advance(height: number): void {
    this.y -= height
  }

  beginFrame(title: string): void {
    const bandHeight = lineHeight(GEOMETRY.bandSize) + 4
    this.ensure(bandHeight + 3 * lineHeight(9) + GEOMETRY.framePadding)
    this.canvas.newPart()
    this.frames.push({ top: this.y })
    this.drawBand(title, bandHeight)
  }

  endFrame(): void {
    this.y -= GEOMETRY.framePadding
    this.closeFrameSegment(this.frames.length - 1)
    this.frames.pop()
    this.canvas.newPart()
  }

  breakPage(): void {
    for (let depth = this.frames.length - 1; depth >= 0; depth--) this.closeFrameSegment(depth)
    this.addPage()
    for (const frame of this.frames) {
      frame.top = this.y
      this.y -= GEOMETRY.framePadding
    }
  }

  private addPage(): void {
    const page = this.doc.addPage(A4)
    const canvas = new PageCanvas(page, this.options.segmented)
    this.canvases.push(canvas)
    this.y = this.pageTop()
    this.onNewPage(page, canvas)
    const { onContinuation } = this.options
    if (onContinuation && this.canvases.length > 1) this.y -= onContinuation(canvas, this.y)
    this.contentTop = this.y
  }

  private pageTop(): number {
    return A4[1] - GEOMETRY.top
  }

  private drawBand(title: string, height: number): void {
    const depth = this.frames.length - 1
    const x = GEOMETRY.left + depth * GEOMETRY.framePadding
    const width = A4[0] - GEOMETRY.left - GEOMETRY.right - 2 * depth * GEOMETRY.framePadding
    this.canvas.rectangle(x, this.y - height, width, height, { fill: BAND_COLOR })
    const runs = this.book.runs(title, 'bold')
    const textWidth = runs.reduce(
      (sum, run) => sum + run.font.widthOfTextAtSize(run.text, GEOMETRY.bandSize),
      0,
    )
    let cursor = x + (width - textWidth) / 2
    const baseline = this.y - height + (height - GEOMETRY.bandSize * 0.72) / 2
    for (const run of runs) {
      const at = { x: cursor, y: baseline }
      this.canvas.text(run.text, at, run.font, GEOMETRY.bandSize, BAND_TEXT)
      cursor += run.font.widthOfTextAtSize(run.text, GEOMETRY.bandSize)
    }
    this.y -= height + GEOMETRY.framePadding - 2
  }

  private closeFrameSegment(depth: number): void {
    const frame = this.frames[depth]
    if (!frame) return
    const inset = depth * GEOMETRY.framePadding
    const bottom = this.y - (this.frames.length - 1 - depth) * GEOMETRY.framePadding
    const width = A4[0] - GEOMETRY.left - GEOMETRY.right - 2 * inset
    this.canvas.rectangle(GEOMETRY.left + inset, bottom, width, frame.top - bottom, {
      stroke: FRAME_COLOR,
      lineWidth: 0.7,
    })
  }
}
