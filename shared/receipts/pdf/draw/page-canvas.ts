import type { Color, PDFDocument, PDFPage, PDFRef, RGB } from 'pdf-lib'
import { type Deflate, nodeZlibDeflate } from '../deflate.js'
import type { DrawableFont } from '../fonts/drawable-font.js'
import { encodedText } from '../fonts/text-metrics.js'

export interface Point {
  x: number
  y: number
}

export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

interface Paint {
  fill?: Color
  stroke?: Color
  lineWidth?: number
}

export interface Turn {
  font: DrawableFont
  size: number
  degrees: number
  opacity: number
}

// Bézier handle length for a quarter circle.
const KAPPA = 0.5523

/**
 * Writes a page's text and vector marks straight into one content stream. pdf-lib's drawText
 * builds a dozen operator objects per call and compresses in JavaScript; a receipt makes a
 * few hundred such calls, which made pdf-lib itself the bottleneck (≈100 receipts/s). Here
 * each piece of text is a Tm and a Tj, state changes are only written when they change, and
 * the stream is deflated (Node's zlib in layouts 1 and 2, fflate in layout 3). pdf-lib still draws the transparent watermark,
 * which needs a graphics state resource, in its own stream underneath this one.
 */
export class PageCanvas {
  private readonly ops: string[] = []
  private readonly fontKeys = new Map<DrawableFont, string>()
  private fontState = ''
  private fillState = ''
  private strokeState = ''
  private lineWidthState = ''

  constructor(readonly page: PDFPage) {}

  text(
    text: string,
    at: Point,
    font: DrawableFont,
    size: number,
    color: Color,
    rightToLeft = false,
  ): void {
    const fontOp = `/${this.fontKey(font)} ${num(size)} Tf`
    if (fontOp !== this.fontState) {
      this.ops.push(fontOp)
      this.fontState = fontOp
    }
    this.setFill(color)
    const operand = encodedText(font, text, rightToLeft)
    this.ops.push(`BT 1 0 0 1 ${num(at.x)} ${num(at.y)} Tm ${operand} Tj ET`)
  }

  /**
   * Text turned by `degrees` around its origin and drawn with the given opacity, in its own
   * graphics state (the SPECIMEN watermark of layout 2).
   */
  turnedText(text: string, at: Point, turn: Turn, color: Color): void {
    const { font, size, degrees, opacity } = turn
    const context = this.page.doc.context
    const state = context.register(context.obj({ Type: 'ExtGState', ca: opacity, CA: opacity }))
    const gs = this.page.node.newExtGState('GS', state).asString()
    const angle = (degrees * Math.PI) / 180
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)]
    this.ops.push(
      `q ${gs} gs ${rgbOf(color)} rg /${this.fontKey(font)} ${num(size)} Tf`,
      `BT ${num4(cos)} ${num4(sin)} ${num4(-sin)} ${num4(cos)} ${num(at.x)} ${num(at.y)} Tm ${encodedText(font, text)} Tj ET Q`,
    )
    // Q restored the font and colour in use before: the next text must set them again.
    this.fontState = ''
    this.fillState = ''
  }

  rectangle(x: number, y: number, width: number, height: number, paint: Paint): void {
    this.applyPaint(paint)
    this.ops.push(`${num(x)} ${num(y)} ${num(width)} ${num(height)} re ${paintOp(paint)}`)
  }

  /**
   * A grid of square cells (a QR code's modules, rows of true for dark) as a 1-bit image
   * mask painted in `color`, `cell` points a module, its top left corner at `topLeft`. One
   * bit a module: 57 rows of 8 bytes, where a path of rectangles took 9 KB of the page's
   * stream, deflated on every receipt. A mask has no seams between cells, and viewers draw
   * it without smoothing (Interpolate is false by default). Left uncompressed: 456 bytes of
   * near-random bits, which deflate would hardly shorten.
   */
  fillCells(rows: readonly (readonly boolean[])[], topLeft: Point, cell: number, color: Color) {
    const height = rows.length
    const width = rows[0]?.length ?? 0
    if (width === 0) return
    const stride = (width + 7) >> 3
    const bits = new Uint8Array(stride * height)
    let at = 0
    for (const row of rows) {
      // A byte at a time, first module in the high bit; bits past the row's end stay 0.
      for (let x = 0; x < width; x += 8) {
        let byte = 0
        for (let bit = 0; bit < 8; bit++) byte = (byte << 1) | (row[x + bit] ? 1 : 0)
        bits[at++] = byte
      }
    }
    const context = this.page.doc.context
    const mask = context.stream(bits, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: width,
      Height: height,
      ImageMask: true,
      // A set bit paints (by default, Decode [0 1], a clear one does).
      Decode: [1, 0],
    })
    const key = this.page.node.newXObject('Image', context.register(mask)).asString()
    const [w, h] = [width * cell, height * cell]
    this.ops.push(
      `q ${rgbOf(color)} rg ${num(w)} 0 0 ${num(h)} ${num(topLeft.x)} ${num(topLeft.y - h)} cm ${key} Do Q`,
    )
    // Q restored the colour in use before: the next fill must set its own again.
    this.fillState = ''
  }

  line(from: Point, to: Point, paint: Paint & { stroke: Color }): void {
    this.applyPaint(paint)
    this.ops.push(`${num(from.x)} ${num(from.y)} m ${num(to.x)} ${num(to.y)} l S`)
  }

  circle(centre: Point, radius: number, paint: Paint): void {
    this.applyPaint(paint)
    const { x, y } = centre
    const r = radius
    const k = radius * KAPPA
    this.ops.push(
      `${num(x + r)} ${num(y)} m`,
      `${num(x + r)} ${num(y + k)} ${num(x + k)} ${num(y + r)} ${num(x)} ${num(y + r)} c`,
      `${num(x - k)} ${num(y + r)} ${num(x - r)} ${num(y + k)} ${num(x - r)} ${num(y)} c`,
      `${num(x - r)} ${num(y - k)} ${num(x - k)} ${num(y - r)} ${num(x)} ${num(y - r)} c`,
      `${num(x + k)} ${num(y - r)} ${num(x + r)} ${num(y - k)} ${num(x + r)} ${num(y)} c ${paintOp(paint)}`,
    )
  }

  /** Draws an image XObject (see signature-image.ts) scaled into the given box. */
  image(ref: PDFRef, x: number, y: number, width: number, height: number): void {
    const key = this.page.node.newXObject('Image', ref).asString()
    this.ops.push(`q ${num(width)} 0 0 ${num(height)} ${num(x)} ${num(y)} cm ${key} Do Q`)
  }

  /** Adds the stream to the page; call once, after the last drawing. */
  flush(doc: PDFDocument, deflate: Deflate = nodeZlibDeflate): void {
    if (this.ops.length === 0) return
    const contents = deflate(Buffer.from(`q\n${this.ops.join('\n')}\nQ\n`, 'latin1'))
    const stream = doc.context.stream(contents, { Filter: 'FlateDecode' })
    this.page.node.addContentStream(doc.context.register(stream))
  }

  private fontKey(font: DrawableFont): string {
    let key = this.fontKeys.get(font)
    if (!key) {
      key = this.page.node.newFontDictionary(font.name, font.ref).asString().slice(1)
      this.fontKeys.set(font, key)
    }
    return key
  }

  private applyPaint(paint: Paint): void {
    if (paint.fill) this.setFill(paint.fill)
    if (paint.stroke) {
      const op = `${rgbOf(paint.stroke)} RG`
      if (op !== this.strokeState) {
        this.ops.push(op)
        this.strokeState = op
      }
      const width = `${num(paint.lineWidth ?? 1)} w`
      if (width !== this.lineWidthState) {
        this.ops.push(width)
        this.lineWidthState = width
      }
    }
  }

  private setFill(color: Color): void {
    const op = `${rgbOf(color)} rg`
    if (op !== this.fillState) {
      this.ops.push(op)
      this.fillState = op
    }
  }
}

function paintOp(paint: Paint): string {
  if (paint.fill && paint.stroke) return 'B'
  return paint.fill ? 'f' : 'S'
}

function rgbOf(color: Color): string {
  const { red, green, blue } = color as RGB
  return `${num(red)} ${num(green)} ${num(blue)}`
}

/** Two decimals are a hundredth of a point: far below what a printer resolves. */
function num(value: number): string {
  const rounded = Math.round(value * 100) / 100
  return Object.is(rounded, -0) ? '0' : String(rounded)
}

function num4(value: number): string {
  const rounded = Math.round(value * 10_000) / 10_000
  return Object.is(rounded, -0) ? '0' : String(rounded)
}
