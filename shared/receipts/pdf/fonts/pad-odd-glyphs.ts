/**
 * Works around a fontkit subsetting bug that @pdf-lib/fontkit 1.1.1 still has (fixed upstream
 * in foliojs/fontkit#191): a small subset gets the short `loca` format, which stores offsets
 * divided by two, so any glyph of odd byte length shifts every later glyph by one byte. Fonts
 * whose glyphs are padded to even lengths (DejaVu) are unaffected; Google's Noto Sans SC/KR
 * TTFs are not padded, and most of their characters came out blank. Padding each copied glyph
 * to an even length keeps every offset exact.
 */
interface TtfSubsetInternals {
  glyf?: Uint8Array[]
  offset?: number
  _addGlyph?: (gid: number) => number
}

interface SubsettableFont {
  createSubset(): unknown
}

export function padOddGlyphsInSubsets<Font>(font: Font): Font {
  const subsettable = font as unknown as SubsettableFont
  const createSubset = subsettable.createSubset.bind(subsettable)
  subsettable.createSubset = () => {
    const subset = createSubset() as TtfSubsetInternals
    const addGlyph = subset._addGlyph?.bind(subset)
    // CFF subsets have no _addGlyph and no loca table: nothing to fix there.
    if (!addGlyph) return subset
    subset._addGlyph = (gid) => {
      const index = addGlyph(gid)
      const glyph = subset.glyf?.[index]
      if (glyph && glyph.length % 2 === 1 && subset.offset !== undefined) {
        const padded = sameKindOfBuffer(glyph, glyph.length + 1)
        padded.set(glyph)
        subset.glyf?.splice(index, 1, padded)
        subset.offset += 1
      }
      return index
    }
    return subset
  }
  return font
}

/** fontkit's bundled stream only accepts its own Buffer polyfill, so allocate through it. */
function sameKindOfBuffer(like: Uint8Array, length: number): Uint8Array {
  const kind = like.constructor as { alloc?: (size: number) => Uint8Array }
  return kind.alloc ? kind.alloc(length) : new Uint8Array(length)
}
