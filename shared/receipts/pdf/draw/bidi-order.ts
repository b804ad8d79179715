import bidiModule from 'bidi-js'

// The package's types declare an ES default export; Node loads its CommonJS build, whose
// module.exports is that default (the factory) itself, and bundlers its ES build's default.
const bidiFactory = bidiModule as unknown as typeof bidiModule.default
const bidi = bidiFactory()

/**
 * The Unicode bidi embedding level (UAX #9) of each UTF-16 unit of one paragraph, read left
 * to right as the receipt is French: even is left-to-right, odd right-to-left. Digits inside
 * Arabic or Hebrew get level 2, so they stay in reading order; a space between an Arabic and
 * a Greek word keeps the paragraph's level, so it stays between them.
 */
export function bidiLevels(text: string): Uint8Array {
  // Without a right-to-left letter or an Arabic digit every level is 0 (digits next to Latin
  // resolve to the paragraph's direction): most of the receipt's text, skipped at once.
  if (!RIGHT_TO_LEFT.test(text)) return new Uint8Array(text.length)
  return bidi.getEmbeddingLevels(text, 'ltr').levels
}

// Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic…, their presentation forms, and
// the right-to-left historic scripts. Invisible bidi controls never reach here (layout 3
// strips them).
const RIGHT_TO_LEFT =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u

/** A right-to-left run's brackets turned round, as it is drawn: « (ليلى) » keeps its shape. */
export function mirrored(text: string): string {
  let out = ''
  for (const char of text) out += bidi.getMirroredCharacter(char) ?? char
  return out
}

/**
 * One line's pieces in the order they are drawn, left to right (UAX #9 rule L2): from the
 * highest level down to 1, every maximal sequence at that level or above is reversed. Each
 * piece is at one level; the glyphs of a right-to-left piece are reversed when it is encoded.
 */
export function visualOrder<T extends { level: number }>(pieces: readonly T[]): T[] {
  const ordered = [...pieces]
  const highest = ordered.reduce((max, piece) => Math.max(max, piece.level), 0)
  for (let level = highest; level >= 1; level--) {
    let start = 0
    while (start < ordered.length) {
      if ((ordered[start]?.level ?? 0) < level) {
        start += 1
        continue
      }
      let end = start
      while (end + 1 < ordered.length && (ordered[end + 1]?.level ?? 0) >= level) end += 1
      const reversed = ordered.slice(start, end + 1).reverse()
      ordered.splice(start, reversed.length, ...reversed)
      start = end + 1
    }
  }
  return ordered
}
