import type { DrawableFont } from './drawable-font.js'

/**
 * Widths and encodings of the same strings, over and over: the model's wording is identical
 * on every receipt, and pdf-lib recomputes kerning and WinAnsi codes on each call. Both
 * depend only on the font (named after its file, so the same in every document) and the text.
 * Encodings are cached for the standard fonts only: an embedded font's encoding is also what
 * adds the glyph to that document's subset, so it must run every time.
 */
const MAX_ENTRIES = 20_000
const standardHex = new Map<string, string>()
const standardFonts = new WeakSet<DrawableFont>()

export function registerStandardFont(font: DrawableFont): void {
  standardFonts.add(font)
}

/**
 * Widths at 1000 pt by font name, then by text (and right-to-left runs apart): looked up for
 * every word and every character of a cut word, so without building a key string each time.
 */
const widthsByFont = new Map<
  string,
  { leftToRight: Map<string, number>; rightToLeft: Map<string, number> }
>()
let widthEntries = 0

/**
 * Widths scale linearly with the size (kerning included), so one value per string does.
 * `rightToLeft`: a run at a right-to-left bidi level (layout 3), measured as it is drawn.
 */
export function textWidth(
  font: DrawableFont,
  text: string,
  size: number,
  rightToLeft = false,
): number {
  let widths = widthsByFont.get(font.name)
  if (!widths) {
    widths = { leftToRight: new Map(), rightToLeft: new Map() }
    widthsByFont.set(font.name, widths)
  }
  const measureRightToLeft = rightToLeft && font.widthOfRightToLeftAtSize !== undefined
  const cache = measureRightToLeft ? widths.rightToLeft : widths.leftToRight
  let width = cache.get(text)
  if (width === undefined) {
    width = measureRightToLeft
      ? (font.widthOfRightToLeftAtSize?.(text, 1000) ?? 0)
      : font.widthOfTextAtSize(text, 1000)
    if (widthEntries >= MAX_ENTRIES) {
      widthsByFont.clear()
      widthEntries = 0
      widthsByFont.set(font.name, widths)
      widths.leftToRight.clear()
      widths.rightToLeft.clear()
    }
    cache.set(text, width)
    widthEntries += 1
  }
  return (width * size) / 1000
}

/** The hex string operand of Tj for `text` in `font`. */
export function encodedText(font: DrawableFont, text: string, rightToLeft = false): string {
  if (rightToLeft && font.encodeRightToLeft) return font.encodeRightToLeft(text).toString()
  if (!standardFonts.has(font)) return font.encodeText(text).toString()
  const key = `${font.name}\u0000${text}`
  let hex = standardHex.get(key)
  if (hex === undefined) {
    hex = font.encodeText(text).toString()
    remember(standardHex, key, hex)
  }
  return hex
}

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= MAX_ENTRIES) cache.clear()
  cache.set(key, value)
}
