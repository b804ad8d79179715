import { createHash } from 'node:crypto'
import { PDFContext, type PDFDocument, PDFHexString, type PDFRef, PDFString } from 'pdf-lib'
import { type Deflate, nodeZlibDeflate, portableDeflate } from '../deflate.js'
import type { DrawableFont } from './drawable-font.js'
import type { EncodedText, FontFace } from './font-face.js'
import { parsedFont } from './font-files.js'
import { SerializedPdfObject } from './serialized-pdf-object.js'
import { subsetTrueType } from './truetype-subset.js'

/** The parts of a font that depend only on its face and glyph set, deflated once. */
interface SubsetParts {
  baseFont: string
  fontFile: Uint8Array
  fontFileLength: number
  cidToGidMap: Uint8Array
  toUnicode: Uint8Array
  widths: SerializedPdfObject
}

/** What differs between the layouts that embed subsets: names and compression. */
export interface SubsetVariant {
  /** Prefixes the font's name in measurement caches and in the page's resource names. */
  prefix: string
  deflate: Deflate
  /**
   * How a string is written as the operand of Tj: hex, four characters a glyph (layout 2), or
   * a literal string, two bytes a glyph (layout 3): a third less page stream to build and to
   * deflate, which fflate does at about half the speed of zlib.
   */
  operand: 'hex' | 'literal'
}

export const LAYOUT_TWO_SUBSETS: SubsetVariant = {
  prefix: 'L2',
  deflate: nodeZlibDeflate,
  operand: 'hex',
}
export const LAYOUT_THREE_SUBSETS: SubsetVariant = {
  prefix: 'L3',
  deflate: portableDeflate,
  operand: 'literal',
}

const MAX_CACHED_SUBSETS = 512
const subsetCache = new Map<string, SubsetParts>()

/**
 * One face in one document, as a Type0 / CIDFontType2 font with Identity-H encoding. The CID
 * of a glyph is its id in the full font, so a string encodes the same way in every document
 * (and is cached in FontFace); the CIDToGIDMap points each CID at the glyph in the subset.
 * The document's glyphs are collected while drawing and the font objects written by finish(),
 * before the document is saved. Receipts share most glyph sets (the model's wording plus a
 * name's letters), so the subset parts are cached by face and glyph set.
 */
export class SubsetFont implements DrawableFont {
  readonly ref: PDFRef
  /**
   * Widths depend on the face only, so text-metrics may share them between documents. The
   * prefix keeps them apart from layout 1's fonts in that cache (pdf-lib names them by their
   * PostScript name and measures unrounded advances): one layout's bytes must never depend
   * on what the other rendered before. Worked out once: every measurement reads it.
   */
  readonly name: string
  private readonly used = new Set<number>()

  constructor(
    private readonly doc: PDFDocument,
    readonly face: FontFace,
    private readonly variant: SubsetVariant = LAYOUT_TWO_SUBSETS,
  ) {
    this.ref = doc.context.nextRef()
    this.name = `${variant.prefix}-${face.name}`
  }

  widthOfTextAtSize(text: string, size: number): number {
    return (this.face.encode(text).width * size) / 1000
  }

  encodeText(text: string): { toString(): string } {
    return this.use(this.face.encode(text))
  }

  widthOfRightToLeftAtSize(text: string, size: number): number {
    return (this.face.encodeRightToLeft(text).width * size) / 1000
  }

  encodeRightToLeft(text: string): { toString(): string } {
    return this.use(this.face.encodeRightToLeft(text))
  }

  finish(): void {
    const parts = subsetParts(this.face, this.used, this.variant)
    const { context } = this.doc
    const fontFile = context.register(
      context.stream(parts.fontFile, { Filter: 'FlateDecode', Length1: parts.fontFileLength }),
    )
    const descriptor = context.register(context.obj(descriptorOf(this.face, parts, fontFile)))
    const cidToGidMap = context.register(
      context.stream(parts.cidToGidMap, { Filter: 'FlateDecode' }),
    )
    const cidFont = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        BaseFont: parts.baseFont,
        CIDSystemInfo: {
          Registry: PDFString.of('Adobe'),
          Ordering: PDFString.of('Identity'),
          Supplement: 0,
        },
        FontDescriptor: descriptor,
        DW: 0,
        W: parts.widths,
        CIDToGIDMap: cidToGidMap,
      }),
    )
    const toUnicode = context.register(context.stream(parts.toUnicode, { Filter: 'FlateDecode' }))
    context.assign(
      this.ref,
      context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: parts.baseFont,
        Encoding: 'Identity-H',
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      }),
    )
  }

  /** Encoding a string is what adds its glyphs to this document's subset. */
  private use(encoded: EncodedText): { toString(): string } {
    for (const id of encoded.glyphIds) this.used.add(id)
    if (this.variant.operand === 'literal') return encoded.literal
    return PDFHexString.of(encoded.hex.slice(1, -1))
  }
}

function subsetParts(
  face: FontFace,
  used: ReadonlySet<number>,
  variant: SubsetVariant,
): SubsetParts {
  const glyphIds = [...used].filter((id) => id > 0).sort((a, b) => a - b)
  // The subset's tag comes from `key` alone (layout 2's bytes depend on it); the cache keeps
  // each variant's compressed parts apart.
  const key = `${face.name}:${glyphIds.join(',')}`
  const cacheKey = `${variant.prefix}|${key}`
  let parts = subsetCache.get(cacheKey)
  if (!parts) {
    parts = buildParts(face, glyphIds, key, variant.deflate)
    if (subsetCache.size >= MAX_CACHED_SUBSETS) subsetCache.clear()
    subsetCache.set(cacheKey, parts)
  }
  return parts
}

function buildParts(
  face: FontFace,
  glyphIds: readonly number[],
  key: string,
  deflate: Deflate,
): SubsetParts {
  const subset = subsetTrueType(face.file, glyphIds)
  const maxCid = glyphIds.at(-1) ?? 0
  const map = new Uint8Array((maxCid + 1) * 2)
  const view = new DataView(map.buffer)
  for (const [cid, gid] of subset.newIds) if (cid <= maxCid) view.setUint16(cid * 2, gid)
  return {
    baseFont: `${subsetTag(key)}+${face.postscriptName}`,
    fontFile: deflate(subset.bytes),
    fontFileLength: subset.bytes.length,
    cidToGidMap: deflate(map),
    toUnicode: deflate(Buffer.from(toUnicodeCMap(face, glyphIds), 'latin1')),
    widths: SerializedPdfObject.of(PDFContext.create().obj(widthsOf(face, glyphIds))),
  }
}

/** Six capitals naming the subset (ISO 32000-1 §9.6.4), from its content: reproducible. */
function subsetTag(key: string): string {
  const digest = createHash('sha256').update(key).digest()
  return [...digest.subarray(0, 6)].map((byte) => String.fromCharCode(65 + (byte % 26))).join('')
}

/** /W: runs of consecutive CIDs, each run with the widths of its glyphs. */
function widthsOf(face: FontFace, glyphIds: readonly number[]): (number | number[])[] {
  const widths: (number | number[])[] = []
  let run: number[] = []
  let previous = -2
  for (const id of glyphIds) {
    if (id !== previous + 1) {
      run = []
      widths.push(id, run)
    }
    run.push(face.advance(id))
    previous = id
  }
  return widths
}

function toUnicodeCMap(face: FontFace, glyphIds: readonly number[]): string {
  const entries = glyphIds
    .map((id) => [id, face.unicodeOf(id)] as const)
    .filter(([, text]) => text !== '')
    .map(([id, text]) => `<${hex4(id)}> <${utf16Hex(text)}>`)
  const blocks: string[] = []
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100)
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`)
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
    '',
  ].join('\n')
}

function descriptorOf(face: FontFace, parts: SubsetParts, fontFile: PDFRef) {
  const font = parsedFont(face.name)
  const scale = (value: number) => Math.round((value * 1000) / face.unitsPerEm)
  const italic = font.italicAngle !== 0
  return {
    Type: 'FontDescriptor',
    FontName: parts.baseFont,
    // Symbolic: the glyphs are reached through CIDs, not a standard encoding.
    Flags: 4 + (italic ? 64 : 0),
    FontBBox: [font.bbox.minX, font.bbox.minY, font.bbox.maxX, font.bbox.maxY].map(scale),
    ItalicAngle: font.italicAngle,
    Ascent: scale(font.ascent),
    Descent: scale(font.descent),
    CapHeight: scale(font.capHeight || font.ascent),
    StemV: 80,
    FontFile2: fontFile,
  }
}

function hex4(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0')
}

function utf16Hex(text: string): string {
  let hex = ''
  for (let i = 0; i < text.length; i++) hex += hex4(text.charCodeAt(i))
  return hex
}
