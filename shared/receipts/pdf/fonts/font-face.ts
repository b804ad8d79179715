import { type EmbeddedFontName, fontBytes, parsedFont } from './font-files.js'
import { parseTrueType, type TrueTypeFile } from './truetype-subset.js'

/** A string in one face: glyph ids in drawing order, and its width at 1000 pt. */
export interface EncodedText {
  readonly glyphIds: readonly number[]
  /** Glyph ids as the 4-digit hex of a Tj operand (the CID is the glyph id of the full font). */
  readonly hex: string
  /**
   * Glyph ids as a PDF literal string, two bytes each, big-endian (ISO 32000-1 §7.3.4.2):
   * brackets and backslash escaped, and a carriage return, which a reader would turn into a
   * line feed. Every other byte is written as it is.
   */
  readonly literal: string
  readonly width: number
}

/**
 * Hex and literal are written on first use: layout 2 reads only the one, layout 3 the other,
 * and each is kept with the encoding (FontFace caches those by text).
 */
class Encoded implements EncodedText {
  private written: string | undefined
  private writtenLiteral: string | undefined

  constructor(
    readonly glyphIds: readonly number[],
    readonly width: number,
  ) {}

  get hex(): string {
    if (this.written === undefined) {
      let hex = ''
      for (const id of this.glyphIds) hex += id.toString(16).padStart(4, '0')
      this.written = `<${hex.toUpperCase()}>`
    }
    return this.written
  }

  get literal(): string {
    if (this.writtenLiteral === undefined) {
      let literal = '('
      for (const id of this.glyphIds) literal += literalByte(id >> 8) + literalByte(id & 0xff)
      this.writtenLiteral = `${literal})`
    }
    return this.writtenLiteral
  }
}

const LITERAL_BYTES = Array.from({ length: 256 }, (_, byte) => {
  if (byte === 0x28 || byte === 0x29 || byte === 0x5c) return `\\${String.fromCharCode(byte)}`
  return byte === 0x0d ? '\\r' : String.fromCharCode(byte)
})

function literalByte(byte: number): string {
  return LITERAL_BYTES[byte] ?? ''
}

// Scripts whose letters change shape or order with their neighbours: only these go through
// fontkit's shaping. Everything else maps one character to one glyph through cmap.
const NEEDS_SHAPING =
  /[\u0590-\u08ff\u0900-\u0dff\u0f00-\u0fff\u1000-\u109f\ufb1d-\ufdff\ufe70-\ufeff]/u

const MAX_CACHED_TEXTS = 20_000

/**
 * One font file as the embedded-font layout (layout 2) uses it, shared by every document of
 * the process. Text is measured and drawn from the same numbers: each glyph's advance from
 * hmtx, rounded to the 1/1000 em the PDF's /W array holds, and no kerning. Measuring with
 * kerning but drawing without it (as pdf-lib's standard fonts do) is what glued « 238 bis »
 * into « 238bis » in poppler.
 */
export class FontFace {
  readonly file: TrueTypeFile
  readonly unitsPerEm: number
  private readonly glyphByCodePoint = new Map<number, number>()
  private readonly texts = new Map<string, EncodedText>()
  private readonly rightToLeftTexts = new Map<string, EncodedText>()
  private readonly unicodeByGlyph = new Map<number, string>()

  private constructor(readonly name: EmbeddedFontName) {
    this.file = parseTrueType(fontBytes(name))
    this.unitsPerEm = parsedFont(name).unitsPerEm
  }

  private static readonly faces = new Map<EmbeddedFontName, FontFace>()

  static of(name: EmbeddedFontName): FontFace {
    let face = FontFace.faces.get(name)
    if (!face) {
      face = new FontFace(name)
      FontFace.faces.set(name, face)
    }
    return face
  }

  get postscriptName(): string {
    return (parsedFont(this.name).postscriptName ?? this.name).replace(
      /[^\x21-\x7e]|[()<>[\]{}/%#]/g,
      '',
    )
  }

  hasGlyphFor(codePoint: number): boolean {
    return this.glyphFor(codePoint) !== 0
  }

  /** The glyph's advance in thousandths of an em, exactly as written into /W. */
  advance(glyphId: number): number {
    return Math.round(((this.file.advances[glyphId] ?? 0) * 1000) / this.unitsPerEm)
  }

  encode(text: string): EncodedText {
    let encoded = this.texts.get(text)
    if (!encoded) {
      encoded = this.encoded(NEEDS_SHAPING.test(text) ? this.shaped(text) : this.mapped(text))
      remember(this.texts, text, encoded)
    }
    return encoded
  }

  /**
   * Layout 3: a run the bidi algorithm put at a right-to-left level, its glyphs in visual
   * order, whatever its script (a hyphen or a space between two Arabic words is such a run
   * too). A zero-width non-joiner only stops letters joining: each side is shaped on its
   * own, and the non-joiner itself draws nothing (fontkit would leave a space's advance).
   */
  encodeRightToLeft(text: string): EncodedText {
    let encoded = this.rightToLeftTexts.get(text)
    if (!encoded) {
      const segments = text.split(ZWNJ).filter((segment) => segment !== '')
      encoded = this.encoded(segments.reverse().flatMap((segment) => this.shaped(segment, 'rtl')))
      remember(this.rightToLeftTexts, text, encoded)
    }
    return encoded
  }

  private encoded(glyphIds: readonly number[]): EncodedText {
    let width = 0
    for (const id of glyphIds) width += this.advance(id)
    return new Encoded(glyphIds, width)
  }

  /**
   * The text a glyph stands for, for the ToUnicode map: a pure function of the font, so that
   * a document's bytes never depend on what the process rendered before. The smallest code
   * point when several share a glyph (a space and a no-break space).
   */
  unicodeOf(glyphId: number): string {
    let text = this.unicodeByGlyph.get(glyphId)
    if (text === undefined) {
      const codePoints = [...parsedFont(this.name).getGlyph(glyphId).codePoints].sort(
        (a, b) => a - b,
      )
      text = codePoints.length > 0 ? String.fromCodePoint(codePoints[0] ?? 0) : ''
      this.unicodeByGlyph.set(glyphId, text)
    }
    return text
  }

  private glyphFor(codePoint: number): number {
    let id = this.glyphByCodePoint.get(codePoint)
    if (id === undefined) {
      id = parsedFont(this.name).glyphForCodePoint(codePoint).id
      this.glyphByCodePoint.set(codePoint, id)
    }
    return id
  }

  private mapped(text: string): number[] {
    const ids: number[] = []
    for (const char of text) ids.push(this.glyphFor(char.codePointAt(0) ?? 0))
    return ids
  }

  /**
   * Joined forms and right-to-left order from fontkit; positions (kerning, marks) unused.
   * fontkit's Indic and Universal shapers need a regenerator runtime that its build lacks
   * (ReferenceError): Devanagari and its kin are then printed glyph by glyph, unshaped but
   * legible, rather than not at all. `direction` forces the order (layout 3); without it,
   * fontkit takes the script's, and reverses digits along with the letters (layout 2).
   */
  private shaped(text: string, direction?: 'rtl'): number[] {
    let run: GlyphRun
    try {
      const font = parsedFont(this.name)
      run = direction ? layoutWithDirection(font, text, direction) : font.layout(text)
    } catch {
      return direction ? this.mapped(text).reverse() : this.mapped(text)
    }
    return run.glyphs.map((glyph) => {
      if (!this.unicodeByGlyph.has(glyph.id) && glyph.codePoints.length > 0) {
        // A contextual form is in no cmap: it reads as the letters it was shaped from.
        const fromCmap = this.unicodeOf(glyph.id)
        if (fromCmap === '')
          this.unicodeByGlyph.set(glyph.id, String.fromCodePoint(...glyph.codePoints))
      }
      return glyph.id
    })
  }
}

const ZWNJ = '\u200c'

type FontkitFont = ReturnType<typeof parsedFont>
type GlyphRun = ReturnType<FontkitFont['layout']>

/** fontkit's layout also takes a script, a language and a direction; pdf-lib's types stop short. */
function layoutWithDirection(font: FontkitFont, text: string, direction: 'rtl'): GlyphRun {
  const layout = font.layout as unknown as (
    this: FontkitFont,
    text: string,
    features: string[],
    script: string | undefined,
    language: string | undefined,
    direction: 'rtl',
  ) => GlyphRun
  return layout.call(font, text, [], undefined, undefined, direction)
}

function remember(cache: Map<string, EncodedText>, text: string, encoded: EncodedText): void {
  if (cache.size >= MAX_CACHED_TEXTS) cache.clear()
  cache.set(text, encoded)
}
