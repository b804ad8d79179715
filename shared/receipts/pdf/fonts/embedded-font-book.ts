import type { PDFDocument } from 'pdf-lib'
import type { SpanStyle } from '../content/receipt-content.js'
import type { DrawableFont } from './drawable-font.js'
import type { FontsByName, TextFonts, TextRun } from './font-book.js'
import { printable } from './font-book.js'
import { FontFace } from './font-face.js'
import { type EmbeddedFontName, FONT_MODULE_PATHS } from './font-sources.js'
import { LAYOUT_THREE_SUBSETS, LAYOUT_TWO_SUBSETS, SubsetFont } from './subset-font.js'

/**
 * Layout 2: every character in an embedded font. Noto Sans (Latin with Vietnamese, Greek,
 * Cyrillic) in four styles; DejaVu Sans for the scripts it adds (Arabic, Hebrew, Armenian,
 * Georgian…); Noto Sans SC and KR for Chinese, Japanese and Hangul. Bold and italic fall back
 * to the plainer style of the same family before another family.
 */
const CHAINS: Record<SpanStyle, readonly EmbeddedFontName[]> = {
  regular: ['noto-sans', 'dejavu-sans', 'noto-sans-sc', 'noto-sans-kr'],
  bold: [
    'noto-sans-bold',
    'noto-sans',
    'dejavu-sans-bold',
    'dejavu-sans',
    'noto-sans-sc',
    'noto-sans-kr',
  ],
  italic: ['noto-sans-italic', 'noto-sans', 'dejavu-sans', 'noto-sans-sc', 'noto-sans-kr'],
  boldItalic: [
    'noto-sans-bold-italic',
    'noto-sans-bold',
    'noto-sans',
    'dejavu-sans-bold',
    'dejavu-sans',
    'noto-sans-sc',
    'noto-sans-kr',
  ],
}

/** CJK glyphs fill the whole em: a little smaller, they sit with Noto Sans' letters. */
const SCALE: Partial<Record<EmbeddedFontName, number>> = {
  'noto-sans-sc': 0.9,
  'noto-sans-kr': 0.9,
}

// Letters pick their font; spaces, digits, punctuation and marks stay in the font of the run
// they are in, so that one name is not split between families.
const LETTER = /\p{L}/u

interface Piece {
  text: string
  name: EmbeddedFontName | null
}

// The model's wording is the same on every receipt: its pieces are worked out once.
const MAX_CACHED_PIECES = 20_000
const piecesByText = new Map<string, readonly Piece[]>()

export class EmbeddedFontBook implements TextFonts, FontsByName {
  private readonly fonts = new Map<EmbeddedFontName, SubsetFont>()
  private readonly names = new Map<DrawableFont, EmbeddedFontName>()
  /** Layout 3: lines are put in Unicode bidi order (text-layout.ts); layout 2 never did. */
  readonly bidi: boolean
  readonly byName: FontsByName = this
  readonly key: string

  constructor(
    private readonly doc: PDFDocument,
    private readonly layout: 2 | 3 = 2,
  ) {
    this.bidi = layout === 3
    this.key = `L${layout}`
  }

  runs(rawText: string, style: SpanStyle): TextRun[] {
    const chain = CHAINS[style]
    return piecesOf(rawText, style).map((piece) => this.toRun(piece.text, piece.name, chain))
  }

  /** The document's font for a face, created on first use. */
  font(name: EmbeddedFontName): SubsetFont {
    let font = this.fonts.get(name)
    if (!font) {
      const variant = this.layout === 3 ? LAYOUT_THREE_SUBSETS : LAYOUT_TWO_SUBSETS
      font = new SubsetFont(this.doc, FontFace.of(name), variant)
      this.fonts.set(name, font)
      this.names.set(font, name)
    }
    return font
  }

  nameOf(font: DrawableFont): string {
    const name = this.names.get(font)
    if (!name) throw new Error(`${font.name} is not a font of this book`)
    return name
  }

  fontNamed(name: string): DrawableFont {
    if (!isEmbeddedFontName(name)) throw new Error(`no embedded font is named ${name}`)
    return this.font(name)
  }

  /** Writes the font objects; call after the last drawing, before saving. */
  finish(): void {
    for (const font of this.fonts.values()) font.finish()
  }

  private toRun(text: string, name: EmbeddedFontName | null, chain: readonly EmbeddedFontName[]) {
    // No font has the character: its code point is printed instead, never a blank.
    if (!name)
      return { text: codePointsOf(text), font: this.font(chain[0] ?? 'noto-sans'), scale: 1 }
    return { text, font: this.font(name), scale: SCALE[name] ?? 1 }
  }
}

function piecesOf(rawText: string, style: SpanStyle): readonly Piece[] {
  const key = `${style}\u0000${rawText}`
  let pieces = piecesByText.get(key)
  if (pieces) return pieces
  const chain = CHAINS[style]
  const found: Piece[] = []
  let current: Piece | undefined
  for (const char of printable(rawText)) {
    const codePoint = char.codePointAt(0) ?? 0
    const keep =
      current?.name && !LETTER.test(char) && FontFace.of(current.name).hasGlyphFor(codePoint)
    const name = keep ? (current?.name ?? null) : firstCovering(chain, codePoint)
    if (current && current.name === name) {
      current.text += char
    } else {
      current = { text: char, name }
      found.push(current)
    }
  }
  pieces = found
  if (piecesByText.size >= MAX_CACHED_PIECES) piecesByText.clear()
  piecesByText.set(key, pieces)
  return pieces
}

function isEmbeddedFontName(name: string): name is EmbeddedFontName {
  return Object.hasOwn(FONT_MODULE_PATHS, name)
}

function firstCovering(chain: readonly EmbeddedFontName[], codePoint: number) {
  return chain.find((name) => FontFace.of(name).hasGlyphFor(codePoint)) ?? null
}

function codePointsOf(text: string): string {
  const codes = [...text].map(
    (char) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
  )
  return `[${codes.join(' ')}]`
}
