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
 * the stream is deflated (Node's zlib in layouts 1 and 2, fflate in layout 3). pdf-lib still
 * draws layout 1's transparent watermark, which needs a graphics state resource, in its own
 * stream underneath this one.
 *
 * Layout 3 (`segmented`) cuts a page into several streams, one per part of the receipt (each
 * frame, the amount, the signature row, the notes, and what lies between), drawn and read in
 * the same order. A part drawn the same
 * on many receipts (the association's frame, the notes of a form) is deflated once and its
 * bytes reused: deflating is the costliest step left in JavaScript, and the same text always
 * deflates to the same bytes. Each part starts from the default graphics state.
 */
export class PageCanvas {
  private readonly parts: Operations[] = [new Operations()]
  private readonly fontKeys = new Map<DrawableFont, string>()

  constructor(
    readonly page: PDFPage,
    private readonly segmented = false,
  ) {}

  /** Layout 3: what is drawn next goes into a new part (see above); else nothing. */
  newPart(): void {
    if (this.segmented && this.current.ops.length > 0) this.parts.push(new Operations())
  }

  private get current(): Operations {
    return this.parts[this.parts.length - 1] as Operations
  }

  text(
    text: string,
    at: Point,
    font: DrawableFont,
    size: number,
    color: Color,
    rightToLeft = false,
  ): void {
    const to = this.current
    const fontOp = `/${this.fontKey(font)} ${num(size)} Tf`
    if (fontOp !== to.font) {
      to.ops.push(fontOp)
      to.font = fontOp
    }
    to.setFill(color)
    const operand = encodedText(font, text, rightToLeft)
    to.ops.push(`BT 1 0 0 1 ${num(at.x)} ${num(at.y)} Tm ${operand} Tj ET`)
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
    this.current.ops.push(
      `q ${gs} gs ${rgbOf(color)} rg /${this.fontKey(font)} ${num(size)} Tf`,
      `BT ${num4(cos)} ${num4(sin)} ${num4(-sin)} ${num4(cos)} ${num(at.x)} ${num(at.y)} Tm ${encodedText(font, text)} Tj ET Q`,
    )
    // Q restored the font and colour in use before: the next text must set them again.
    this.current.font = ''
    this.current.fill = ''
  }

  rectangle(x: number, y: number, width: number, height: number, paint: Paint): void {
    this.current.applyPaint(paint)
    this.current.ops.push(`${num(x)} ${num(y)} ${num(width)} ${num(height)} re ${paintOp(paint)}`)
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
    this.current.ops.push(
      `q ${rgbOf(color)} rg ${num(w)} 0 0 ${num(h)} ${num(topLeft.x)} ${num(topLeft.y - h)} cm ${key} Do Q`,
    )
    // Q restored the colour in use before: the next fill must set its own again.
    this.current.fill = ''
  }

  line(from: Point, to: Point, paint: Paint & { stroke: Color }): void {
    this.current.applyPaint(paint)
    this.current.ops.push(`${num(from.x)} ${num(from.y)} m ${num(to.x)} ${num(to.y)} l S`)
  }

  circle(centre: Point, radius: number, paint: Paint): void {
    this.current.applyPaint(paint)
    const { x, y } = centre
    const r = radius
    const k = radius * KAPPA
    this.current.ops.push(
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
    this.current.ops.push(`q ${num(width)} 0 0 ${num(height)} ${num(x)} ${num(y)} cm ${key} Do Q`)
  }

  /** Adds the stream(s) to the page; call once, after the last drawing. */
  flush(doc: PDFDocument, deflate: Deflate = nodeZlibDeflate): void {
    for (const part of this.parts) {
      if (part.ops.length === 0) continue
      const text = `q\n${part.ops.join('\n')}\nQ\n`
      const contents = this.segmented
        ? deflatedPart(text, deflate)
        : deflate(Buffer.from(text, 'latin1'))
      const stream = doc.context.stream(contents, { Filter: 'FlateDecode' })
      this.page.node.addContentStream(doc.context.register(stream))
    }
  }

  private fontKey(font: DrawableFont): string {
    let key = this.fontKeys.get(font)
    if (!key) {
      key = this.page.node.newFontDictionary(font.name, font.ref).asString().slice(1)
      this.fontKeys.set(font, key)
    }
    return key
  }
}

/** One content stream's operators, and the state they leave, so that none is set twice. */
class Operations {
  readonly ops: string[] = []
  font = ''
  fill = ''
  private stroke = ''
  private lineWidth = ''

  applyPaint(paint: Paint): void {
    if (paint.fill) this.setFill(paint.fill)
    if (paint.stroke) {
      const op = `${rgbOf(paint.stroke)} RG`
      if (op !== this.stroke) {
        this.ops.push(op)
        this.stroke = op
      }
      const width = `${num(paint.lineWidth ?? 1)} w`
      if (width !== this.lineWidth) {
        this.ops.push(width)
        this.lineWidth = width
      }
    }
  }

  setFill(color: Color): void {
    const op = `${rgbOf(color)} rg`
    if (op !== this.fill) {
      this.ops.push(op)
      this.fill = op
    }
  }
}

/**
 * Deflated parts by their text, for each deflate function. Bounded: the parts unique to one
 * receipt (the donor's) fill it, and it is cleared when full; the shared ones come back at
 * once.
 */
const MAX_CACHED_PARTS = 256
const partCaches = new Map<Deflate, Map<string, Uint8Array>>()

function deflatedPart(text: string, deflate: Deflate): Uint8Array {
  let cache = partCaches.get(deflate)
  if (!cache) {
    cache = new Map()
    partCaches.set(deflate, cache)
  }
  let deflated = cache.get(text)
  if (!deflated) {
    deflated = deflate(Buffer.from(text, 'latin1'))
    if (cache.size >= MAX_CACHED_PARTS) cache.clear()
    cache.set(text, deflated)
  }
  return deflated
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
