import type { Span, SpanTone } from '../content/receipt-content.js'
import type { DrawableFont } from '../fonts/drawable-font.js'
import type { FontsByName, TextFonts, TextRun } from '../fonts/font-book.js'
import { textWidth } from '../fonts/text-metrics.js'
import { bidiLevels, mirrored } from './bidi-order.js'

/** A piece of a line in one font, size and tone. */
export interface Piece {
  text: string
  font: DrawableFont
  size: number
  /** Baseline shift, for note calls. */
  rise: number
  tone: SpanTone
  width: number
  /**
   * Layout 3: the piece's bidi level (odd: right-to-left, its text mirrored and drawn in
   * visual order). Absent in layouts 1 and 2, which draw pieces in logical order.
   */
  level?: number
}

export interface Line {
  pieces: Piece[]
  width: number
}

export const LINE_HEIGHT = 1.22
const SUP_SCALE = 0.62
const SUP_RISE = 0.38

type Token = { kind: 'word'; pieces: Piece[] } | { kind: 'space'; piece: Piece }

/**
 * Greedy line breaking at spaces. A word wider than the line (a long e-mail, a name in a
 * script written without spaces) is cut between characters rather than allowed to overflow.
 * With a book whose fonts go by name (layouts 2 and 3), the lines are laid out once per
 * process and reused (see cachedLines).
 */
export function layoutLines(
  spans: readonly Span[],
  maxWidth: number,
  size: number,
  book: TextFonts,
): Line[] {
  const fonts = book.byName
  if (!fonts) return breakLines(spans.map(runsIn(book)), spans, maxWidth, size, book)
  const key = layoutKey(fonts, spans, maxWidth, size)
  const cached = cachedLines.get(key)
  if (cached) return linesFrom(cached, fonts)
  const runsOfSpans = spans.map(runsIn(book))
  const lines = breakLines(runsOfSpans, spans, maxWidth, size, book)
  if (cachedLines.size >= MAX_CACHED_LAYOUTS) cachedLines.clear()
  cachedLines.set(key, cachedFrom(lines, runsOfSpans, fonts))
  return lines
}

function runsIn(book: TextFonts): (span: Span) => TextRun[] {
  return (span) => book.runs(span.text, span.style)
}

function breakLines(
  runsOfSpans: readonly TextRun[][],
  spans: readonly Span[],
  maxWidth: number,
  size: number,
  book: TextFonts,
): Line[] {
  const lines: Line[] = []
  let line: Line = { pieces: [], width: 0 }
  let pendingSpace: Piece | undefined
  const newLine = (): void => {
    if (line.pieces.length > 0) lines.push(line)
    line = { pieces: [], width: 0 }
  }
  for (const token of tokenize(runsOfSpans, spans, size, book.bidi === true)) {
    if (token.kind === 'space') {
      if (line.pieces.length > 0) pendingSpace = token.piece
      continue
    }
    const wordWidth = widthOf(token.pieces)
    const spaceWidth = pendingSpace?.width ?? 0
    if (line.pieces.length > 0 && line.width + spaceWidth + wordWidth > maxWidth) newLine()
    else if (pendingSpace && line.pieces.length > 0) append(line, [pendingSpace])
    pendingSpace = undefined
    if (wordWidth <= maxWidth - line.width) {
      append(line, token.pieces)
      continue
    }
    for (const chunk of splitWord(token.pieces, maxWidth - line.width, maxWidth)) {
      if (line.pieces.length > 0) newLine()
      append(line, chunk)
    }
  }
  newLine()
  return lines
}

/**
 * Laid-out paragraphs by book, width, size and spans, their fonts by name. The model's
 * wording is the same on every receipt, and laying it out (font runs, bidi levels, widths,
 * line breaks) was a fifth of a receipt's time. Bounded; cleared when full.
 */
interface CachedLayout {
  lines: { width: number; pieces: CachedPiece[] }[]
  /** The fonts the spans' runs took, in the order book.runs first met them. */
  fontNames: string[]
}

/** A piece without its document's font (which must not be kept alive), with the font's name. */
interface CachedPiece {
  text: string
  fontName: string
  size: number
  rise: number
  tone: SpanTone
  width: number
  level: number | undefined
}

const MAX_CACHED_LAYOUTS = 4096
const cachedLines = new Map<string, CachedLayout>()

function layoutKey(
  fonts: FontsByName,
  spans: readonly Span[],
  maxWidth: number,
  size: number,
): string {
  let key = `${fonts.key}\u0001${maxWidth}\u0001${size}`
  for (const span of spans)
    key += `\u0002${span.style}\u0001${span.tone}\u0001${span.sup === true}\u0001${span.text}`
  return key
}

function cachedFrom(lines: Line[], runsOfSpans: TextRun[][], fonts: FontsByName): CachedLayout {
  const fontNames = [...new Set(runsOfSpans.flat().map((run) => fonts.nameOf(run.font)))]
  return {
    fontNames,
    lines: lines.map((line) => ({
      width: line.width,
      pieces: line.pieces.map((piece) => {
        const { text, size, rise, tone, width, level } = piece
        return { text, fontName: fonts.nameOf(piece.font), size, rise, tone, width, level }
      }),
    })),
  }
}

/**
 * Fresh lines for this document. Its fonts are asked for in the order book.runs would have
 * created them: a font's PDF object is numbered when it is created, and the bytes must be
 * those of a first layout. Pieces are built field by field, in one shape with the ones
 * tokenize makes: spread copies made every later access to them slow.
 */
function linesFrom(cached: CachedLayout, fonts: FontsByName): Line[] {
  for (const name of cached.fontNames) fonts.fontNamed(name)
  return cached.lines.map((line) => ({
    pieces: line.pieces.map((piece) => pieceIn(piece, fonts.fontNamed(piece.fontName))),
    width: line.width,
  }))
}

function pieceIn(piece: CachedPiece, font: DrawableFont): Piece {
  const { text, size, rise, tone, width, level } = piece
  return level === undefined
    ? { text, font, size, rise, tone, width }
    : { text, font, size, rise, tone, width, level }
}

export function lineHeight(size: number): number {
  return size * LINE_HEIGHT
}

/**
 * Fonts are chosen for the whole span first (so a name is set in one font, as FontBook
 * prepared it), then the runs are cut into words at ordinary spaces. No-break spaces
 * (1 234,50, « : ») keep their words together. With a bidi book (layout 3) the words are
 * also cut where the bidi level changes, the levels worked out over the whole paragraph.
 */
function tokenize(
  runsOfSpans: readonly TextRun[][],
  spans: readonly Span[],
  size: number,
  bidi: boolean,
): Token[] {
  const levels = bidi
    ? bidiLevels(runsOfSpans.flatMap((runs) => runs.map((run) => run.text)).join(''))
    : undefined
  // Most paragraphs are left to right throughout: each word is then one part at level 0,
  // found without testing its characters one by one.
  const leftToRight = levels?.every((level) => level === 0) ?? false
  let offset = 0
  const tokens: Token[] = []
  let word: Piece[] | undefined
  spans.forEach((span, index) => {
    const pieceSize = span.sup ? size * SUP_SCALE : size
    const rise = span.sup ? size * SUP_RISE : 0
    for (const run of runsOfSpans[index] ?? []) {
      const piece = (text: string, level?: number): Piece => {
        const runSize = pieceSize * run.scale
        if (level === undefined) {
          const width = textWidth(run.font, text, runSize)
          return { text, font: run.font, size: runSize, rise, tone: span.tone, width }
        }
        const rightToLeft = level % 2 === 1
        const drawn = rightToLeft ? mirrored(text) : text
        const width = textWidth(run.font, drawn, runSize, rightToLeft)
        return { text: drawn, font: run.font, size: runSize, rise, tone: span.tone, width, level }
      }
      for (const part of run.text.split(/( +)/)) {
        if (part === '') continue
        const start = offset
        offset += part.length
        if (part.startsWith(' ')) {
          word = undefined
          tokens.push({ kind: 'space', piece: piece(' ', levels?.[start]) })
          continue
        }
        if (!word) {
          word = []
          tokens.push({ kind: 'word', pieces: word })
        }
        if (!levels) {
          word.push(piece(part))
          continue
        }
        if (leftToRight) {
          word.push(piece(part, 0))
          continue
        }
        for (const [text, level] of sameLevelParts(part, levels, start))
          word.push(piece(text, level))
      }
    }
  })
  return tokens
}

/** `text` (which starts at `start` in the paragraph) cut where the bidi level changes. */
function sameLevelParts(text: string, levels: Uint8Array, start: number): [string, number][] {
  const parts: [string, number][] = []
  let from = 0
  for (let i = 1; i <= text.length; i++) {
    const level = levels[start + from] ?? 0
    // Never between the two halves of a surrogate pair.
    const inPair = i < text.length && /[\udc00-\udfff]/.test(text[i] ?? '')
    if (i === text.length || (!inPair && (levels[start + i] ?? 0) !== level)) {
      parts.push([text.slice(from, i), level])
      from = i
    }
  }
  return parts
}

/** Cuts a word into chunks: the first fits `firstWidth`, the others `fullWidth`. */
function splitWord(word: readonly Piece[], firstWidth: number, fullWidth: number): Piece[][] {
  const chunks: Piece[][] = []
  let chunk: Piece[] = []
  let room = firstWidth
  let used = 0
  for (const piece of word) {
    for (const char of piece.text) {
      const width = textWidth(piece.font, char, piece.size)
      if (used + width > room && (used > 0 || room < fullWidth)) {
        chunks.push(chunk)
        chunk = []
        used = 0
        room = fullWidth
      }
      const last = chunk.at(-1)
      if (
        last &&
        last.font === piece.font &&
        last.size === piece.size &&
        last.rise === piece.rise
      ) {
        last.text += char
        last.width += width
      } else {
        chunk.push({ ...piece, text: char, width })
      }
      used += width
    }
  }
  chunks.push(chunk)
  return chunks.filter((c) => c.length > 0)
}

function append(line: Line, newPieces: readonly Piece[]): void {
  line.pieces.push(...newPieces)
  line.width += widthOf(newPieces)
}

function widthOf(list: readonly Piece[]): number {
  return list.reduce((sum, piece) => sum + piece.width, 0)
}
