import { type PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib'
import type { Span, SpanStyle } from '../content/receipt-content.js'
import type { DrawableFont } from './drawable-font.js'
import {
  type EmbeddedFontName,
  FALLBACK_CHAINS,
  FONT_SCALE,
  fontBytes,
  parsedFont,
} from './font-files.js'
import { registerStandardFont } from './text-metrics.js'
import { isWinAnsiText } from './win-ansi.js'

export interface TextRun {
  text: string
  font: DrawableFont
  /** Multiplies the point size (see FONT_SCALE). */
  scale: number
}

/** Where the layout gets its fonts: FontBook (layout 1), EmbeddedFontBook (layout 2). */
export interface TextFonts {
  /** The text as it will be printed (see printable), cut into runs of one font each. */
  runs(text: string, style: SpanStyle): TextRun[]
  /** Layout 3: each line is put in Unicode bidi order (text-layout.ts). */
  readonly bidi?: boolean
  /**
   * Books whose fonts are the same faces in every document (layouts 2 and 3): a paragraph's
   * lines, laid out once, serve every later document (text-layout.ts), their fonts found
   * again by name in this one.
   */
  readonly byName?: FontsByName
}

/** A book's fonts by a name that is the same in every document. */
export interface FontsByName {
  /** Sets apart books that lay the same text out differently (layout 2, layout 3). */
  readonly key: string
  nameOf(font: DrawableFont): string
  /** This document's font of that name, created (and its PDF object numbered) on first use. */
  fontNamed(name: string): DrawableFont
}

const STANDARD: Record<SpanStyle, StandardFonts> = {
  regular: StandardFonts.Helvetica,
  bold: StandardFonts.HelveticaBold,
  italic: StandardFonts.HelveticaOblique,
  boldItalic: StandardFonts.HelveticaBoldOblique,
}

// Letters pick their font; spaces, digits, punctuation and combining marks stay in the font
// of the run they are in, so "王 小明" or "Nguyễn" do not flicker between fonts.
const LETTER = /\p{L}/u

/**
 * Chooses the font of every piece of text. A string the standard fonts can write uses
 * Helvetica (fast, nothing embedded). Any other string is written whole in embedded fonts,
 * character by character along the fallback chain, so one name never mixes Helvetica and
 * DejaVu glyphs. Characters no font has are printed as their code points, never dropped.
 */
export class FontBook implements TextFonts {
  private readonly standard = new Map<SpanStyle, PDFFont>()

  private constructor(
    private readonly doc: PDFDocument,
    private readonly embedded: ReadonlyMap<EmbeddedFontName, PDFFont>,
  ) {}

  /** Embedding is async in pdf-lib, so every font the spans need is embedded here, up front. */
  static async create(doc: PDFDocument, spans: readonly Span[]): Promise<FontBook> {
    const needed = new Set<EmbeddedFontName>()
    for (const span of spans) {
      const text = printable(span.text)
      if (isWinAnsiText(text)) continue
      for (const piece of assignFonts(text, chainFor(span.style))) {
        if (piece.font) needed.add(piece.font)
      }
    }
    const embedded = new Map<EmbeddedFontName, PDFFont>()
    for (const name of [...needed].sort()) {
      embedded.set(name, await doc.embedFont(fontBytes(name), { subset: true, customName: name }))
    }
    return new FontBook(doc, embedded)
  }

  /** The text as it will be printed (see printable), cut into runs of one font each. */
  runs(rawText: string, style: SpanStyle): TextRun[] {
    const text = printable(rawText)
    if (isWinAnsiText(text)) return [{ text, font: this.standardFont(style), scale: 1 }]
    const chain = chainFor(style)
    const prepared = chain.filter((name) => this.embedded.has(name))
    return assignFonts(text, chain)
      .flatMap((piece) =>
        piece.font && this.embedded.has(piece.font)
          ? [piece]
          : // Text that create() did not see (a page footer…): the fonts at hand, or code points.
            assignFonts(piece.text, prepared),
      )
      .map((piece) => this.toRun(piece, style))
  }

  standardFont(style: SpanStyle): PDFFont {
    let font = this.standard.get(style)
    if (!font) {
      font = this.doc.embedStandardFont(STANDARD[style])
      registerStandardFont(font)
      this.standard.set(style, font)
    }
    return font
  }

  private toRun(piece: FontPiece, style: SpanStyle): TextRun {
    const font = piece.font && this.embedded.get(piece.font)
    if (!piece.font || !font) {
      return { text: codePointsOf(piece.text), font: this.standardFont(style), scale: 1 }
    }
    return { text: piece.text, font, scale: FONT_SCALE[piece.font] }
  }
}

/**
 * NFC (decomposed accents become WinAnsi-friendly); U+202F, which WinAnsi lacks, becomes a
 * no-break space; and so does the space French puts before « : ; ! ? » and inside « », so
 * that a line never starts with them.
 */
export function printable(text: string): string {
  return text
    .normalize('NFC')
    .replaceAll('\u202f', '\u00a0')
    .replace(/ ([:;!?»])/g, '\u00a0$1')
    .replaceAll('« ', '«\u00a0')
}

function chainFor(style: SpanStyle): readonly EmbeddedFontName[] {
  return style === 'bold' || style === 'boldItalic' ? FALLBACK_CHAINS.bold : FALLBACK_CHAINS.regular
}

interface FontPiece {
  text: string
  font: EmbeddedFontName | null
}

function assignFonts(text: string, chain: readonly EmbeddedFontName[]): FontPiece[] {
  const pieces: FontPiece[] = []
  let current: FontPiece | undefined
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0
    const keepCurrent =
      current?.font &&
      !LETTER.test(char) &&
      parsedFont(current.font).hasGlyphForCodePoint(codePoint)
    const font = keepCurrent ? (current?.font ?? null) : firstCovering(chain, codePoint)
    if (current && current.font === font) {
      current.text += char
    } else {
      current = { text: char, font }
      pieces.push(current)
    }
  }
  return pieces
}

function firstCovering(
  chain: readonly EmbeddedFontName[],
  codePoint: number,
): EmbeddedFontName | null {
  return chain.find((name) => parsedFont(name).hasGlyphForCodePoint(codePoint)) ?? null
}

function codePointsOf(text: string): string {
  const codes = [...text].map(
    (char) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
  )
  return `[${codes.join(' ')}]`
}
