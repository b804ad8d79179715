/**
 * A TrueType (glyf) font cut down to the glyphs one document draws, for embedding as a
 * CIDFontType2 font program. fontkit can do this, but takes ~20 ms per subset (it decodes
 * every glyph and re-encodes every table through its generic structures), three to four
 * times per receipt once every text is embedded. Copying glyph bytes and writing the six
 * tables a PDF font program needs (head, hhea, maxp, hmtx, loca, glyf; ISO 32000-1 §9.9)
 * takes a fraction of a millisecond. Hinting (fpgm, prep, cvt) is dropped: the fonts in use
 * have none worth keeping, and no viewer needs it.
 */
export interface TrueTypeFile {
  readonly bytes: Uint8Array
  readonly tables: ReadonlyMap<string, { offset: number; length: number }>
  readonly numGlyphs: number
  /** Offsets of each glyph in glyf, numGlyphs + 1 entries. */
  readonly loca: Uint32Array
  readonly advances: Uint16Array
  readonly leftBearings: Int16Array
}

export interface TrueTypeSubset {
  bytes: Uint8Array
  /** Original glyph id → glyph id in the subset (0 stays .notdef). */
  newIds: Map<number, number>
}

const COMPOSITE = {
  argsAreWords: 0x0001,
  haveScale: 0x0008,
  moreComponents: 0x0020,
  xAndYScale: 0x0040,
  twoByTwo: 0x0080,
} as const

export function parseTrueType(bytes: Uint8Array): TrueTypeFile {
  const view = viewOf(bytes)
  const tables = new Map<string, { offset: number; length: number }>()
  const count = view.getUint16(4)
  for (let i = 0; i < count; i++) {
    const record = 12 + i * 16
    const tag = String.fromCharCode(...bytes.subarray(record, record + 4))
    tables.set(tag, { offset: view.getUint32(record + 8), length: view.getUint32(record + 12) })
  }
  const table = (tag: string) => {
    const found = tables.get(tag)
    if (!found) throw new Error(`TrueType font without a ${tag} table`)
    return found.offset
  }
  const numGlyphs = view.getUint16(table('maxp') + 4)
  const longLoca = view.getInt16(table('head') + 50) === 1
  const loca = new Uint32Array(numGlyphs + 1)
  for (let i = 0; i <= numGlyphs; i++) {
    loca[i] = longLoca
      ? view.getUint32(table('loca') + i * 4)
      : view.getUint16(table('loca') + i * 2) * 2
  }
  const metricCount = view.getUint16(table('hhea') + 34)
  const advances = new Uint16Array(numGlyphs)
  const leftBearings = new Int16Array(numGlyphs)
  const hmtx = table('hmtx')
  for (let i = 0; i < numGlyphs; i++) {
    const metric = Math.min(i, metricCount - 1)
    advances[i] = view.getUint16(hmtx + metric * 4)
    leftBearings[i] =
      i < metricCount
        ? view.getInt16(hmtx + i * 4 + 2)
        : view.getInt16(hmtx + metricCount * 4 + (i - metricCount) * 2)
  }
  return { bytes, tables, numGlyphs, loca, advances, leftBearings }
}

/** The subset holding .notdef, `glyphIds` in ascending order, then the composites' parts. */
export function subsetTrueType(font: TrueTypeFile, glyphIds: Iterable<number>): TrueTypeSubset {
  const order: number[] = [0]
  const newIds = new Map<number, number>([[0, 0]])
  const include = (gid: number): number => {
    let id = newIds.get(gid)
    if (id === undefined) {
      id = order.length
      order.push(gid)
      newIds.set(gid, id)
    }
    return id
  }
  for (const gid of [...glyphIds].sort((a, b) => a - b)) {
    if (gid > 0 && gid < font.numGlyphs) include(gid)
  }
  const glyphs: Uint8Array[] = []
  // The list grows while composites pull in their components.
  for (let i = 0; i < order.length; i++) glyphs.push(glyphBytes(font, order[i] ?? 0, include))
  return { bytes: writeFont(font, order, glyphs), newIds }
}

function glyphBytes(font: TrueTypeFile, gid: number, include: (gid: number) => number) {
  const glyf = font.tables.get('glyf')?.offset ?? 0
  const start = glyf + (font.loca[gid] ?? 0)
  const end = glyf + (font.loca[gid + 1] ?? 0)
  if (end <= start) return new Uint8Array(0)
  const view = viewOf(font.bytes)
  if (view.getInt16(start) >= 0) return font.bytes.subarray(start, end)
  const copy = copyOf(font.bytes.subarray(start, end))
  const out = viewOf(copy)
  let at = 10
  for (;;) {
    const flags = out.getUint16(at)
    out.setUint16(at + 2, include(out.getUint16(at + 2)))
    at += 4 + (flags & COMPOSITE.argsAreWords ? 4 : 2)
    if (flags & COMPOSITE.haveScale) at += 2
    else if (flags & COMPOSITE.xAndYScale) at += 4
    else if (flags & COMPOSITE.twoByTwo) at += 8
    if (!(flags & COMPOSITE.moreComponents)) return copy
  }
}

function writeFont(font: TrueTypeFile, order: readonly number[], glyphs: Uint8Array[]) {
  const padded = glyphs.map((glyph) => glyph.length + ((4 - (glyph.length % 4)) % 4))
  const glyf = new Uint8Array(padded.reduce((sum, length) => sum + length, 0))
  const loca = new Uint8Array((order.length + 1) * 4)
  const locaView = viewOf(loca)
  let offset = 0
  glyphs.forEach((glyph, i) => {
    glyf.set(glyph, offset)
    locaView.setUint32(i * 4, offset)
    offset += padded[i] ?? 0
  })
  locaView.setUint32(order.length * 4, offset)
  const hmtx = new Uint8Array(order.length * 4)
  const hmtxView = viewOf(hmtx)
  order.forEach((gid, i) => {
    hmtxView.setUint16(i * 4, font.advances[gid] ?? 0)
    hmtxView.setInt16(i * 4 + 2, font.leftBearings[gid] ?? 0)
  })
  const head = copyTable(font, 'head')
  viewOf(head).setUint32(8, 0)
  viewOf(head).setInt16(50, 1)
  const hhea = copyTable(font, 'hhea')
  viewOf(hhea).setUint16(34, order.length)
  const maxp = copyTable(font, 'maxp')
  viewOf(maxp).setUint16(4, order.length)
  // Sorted by tag, as the table directory requires: head is the second record.
  const bytes = assemble([
    ['glyf', glyf],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', hmtx],
    ['loca', loca],
    ['maxp', maxp],
  ])
  // The whole font sums to 0xB1B0AFBA once head's checkSumAdjustment is set (OpenType spec).
  const headRecord = 12 + 16 * 1
  const headOffset = viewOf(bytes).getUint32(headRecord + 8)
  viewOf(bytes).setUint32(headOffset + 8, (0xb1b0afba - checksum(bytes)) >>> 0)
  return bytes
}

function copyTable(font: TrueTypeFile, tag: string): Uint8Array {
  const table = font.tables.get(tag)
  if (!table) throw new Error(`TrueType font without a ${tag} table`)
  return copyOf(font.bytes.subarray(table.offset, table.offset + table.length))
}

/** The sfnt file: offset table, records sorted by tag, tables 4-byte aligned. */
function assemble(tables: ReadonlyArray<readonly [string, Uint8Array]>): Uint8Array {
  const headerLength = 12 + tables.length * 16
  const total = tables.reduce((sum, [, data]) => sum + data.length + pad4(data.length), 0)
  const bytes = new Uint8Array(headerLength + total)
  const view = viewOf(bytes)
  const power = 2 ** Math.floor(Math.log2(tables.length))
  view.setUint32(0, 0x00010000)
  view.setUint16(4, tables.length)
  view.setUint16(6, power * 16)
  view.setUint16(8, Math.log2(power))
  view.setUint16(10, tables.length * 16 - power * 16)
  let offset = headerLength
  tables.forEach(([tag, data], i) => {
    const record = 12 + i * 16
    for (let c = 0; c < 4; c++) view.setUint8(record + c, tag.charCodeAt(c))
    bytes.set(data, offset)
    view.setUint32(
      record + 4,
      checksum(bytes.subarray(offset, offset + data.length + pad4(data.length))),
    )
    view.setUint32(record + 8, offset)
    view.setUint32(record + 12, data.length)
    offset += data.length + pad4(data.length)
  })
  return bytes
}

function checksum(data: Uint8Array): number {
  const view = viewOf(data)
  let sum = 0
  const whole = data.length - (data.length % 4)
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0
  if (whole < data.length) {
    let last = 0
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (data[i] ?? 0)
    sum = (sum + (last >>> 0)) >>> 0
  }
  return sum
}

/** A copy: the font file is a Node Buffer, whose slice() is a view that edits would reach. */
function copyOf(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length)
  copy.set(bytes)
  return copy
}

function pad4(length: number): number {
  return (4 - (length % 4)) % 4
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
