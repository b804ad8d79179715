import fontkit from '@pdf-lib/fontkit'
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  type PDFHexString,
  PDFName,
  type PDFNumber,
  PDFRawStream,
  PDFStream,
} from 'pdf-lib'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { describe, expect, it } from 'vitest'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import {
  aCompanyReceiptSnapshot,
  anAssociationSnapshot,
  anIndividualDonor,
  aReceiptSnapshot,
  aSignaturePngBase64,
} from '../support/builders/a-receipt-snapshot.js'
import { pdfFonts } from '../support/pdf-layout.js'

/**
 * The PDF/A-2b requirements a receipt of the current layout (3) is checked against here,
 * without veraPDF (not available offline): each test names the clause of ISO 19005-2 it
 * reads. Layout 2's bytes are pinned (pinned-receipt-bytes.test.ts) as they were checked.
 */
const snapshot = aReceiptSnapshot({
  issuedAt: '2026-03-15T09:30:00Z',
  association: anAssociationSnapshot({ signatureImagePngBase64: aSignaturePngBase64() }),
  donor: anIndividualDonor({ lastName: 'Nguyễn & <Ελένη>', firstNames: 'Анна 王' }),
  specimen: true,
})

async function load() {
  const bytes = await renderReceiptPdf(snapshot, { duplicateOf: { reprintedOn: '2026-04-01' } })
  return { bytes, doc: await PDFDocument.load(bytes, { updateMetadata: false }) }
}

function streamText(stream: unknown): string {
  if (!(stream instanceof PDFRawStream)) throw new Error('not a stream')
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8')
}

describe('a receipt of the current layout as PDF/A-2b', () => {
  it('starts with a PDF header and a binary comment (§6.1.2)', async () => {
    const { bytes } = await load()
    const head = Buffer.from(bytes.subarray(0, 20))

    expect(head.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7')
    const comment = head.subarray(9, 14)
    expect(comment[0]).toBe(0x25)
    expect([...comment.subarray(1)].every((byte) => byte >= 128)).toBe(true)
  })

  it('has a trailer /ID, the same on every render of the same receipt (§6.1.3)', async () => {
    const ids = async (s = snapshot) => {
      const doc = await PDFDocument.load(await renderReceiptPdf(s))
      const id = doc.context.trailerInfo.ID
      if (!(id instanceof PDFArray)) throw new Error('no /ID')
      return id.asArray().map((part) => (part as PDFHexString).asString())
    }
    const [first, second] = await ids()

    expect(first).toMatch(/^[0-9a-f]{32}$/)
    expect(second).toBe(first)
    expect(await ids()).toEqual([first, second])
    expect((await ids({ ...snapshot, number: '2026-00043' }))[0]).not.toBe(first)
  })

  it('embeds every font, with /W widths equal to the font program’s (§6.2.11.4, §6.2.11.5)', async () => {
    const { bytes, doc } = await load()
    expect(pdfFonts(bytes).every((font) => font.embedded)).toBe(true)
    let checked = 0
    for (const [, object] of doc.context.enumerateIndirectObjects()) {
      if (!(object instanceof PDFDict)) continue
      if (object.get(PDFName.of('Subtype'))?.toString() !== '/CIDFontType2') continue
      const descriptor = object.lookup(PDFName.of('FontDescriptor'), PDFDict)
      const program = fontkit.create(
        Buffer.from(
          decodePDFRawStream(descriptor.lookup(PDFName.of('FontFile2')) as PDFRawStream).decode(),
        ),
      )
      const map = decodePDFRawStream(
        object.lookup(PDFName.of('CIDToGIDMap')) as PDFRawStream,
      ).decode()
      const widths = object.lookup(PDFName.of('W'), PDFArray).asArray()
      for (let i = 0; i < widths.length; i += 2) {
        const first = (widths[i] as PDFNumber).asNumber()
        const run = doc.context.lookup(widths[i + 1], PDFArray).asArray()
        run.forEach((width, offset) => {
          const cid = first + offset
          const gid = ((map[cid * 2] ?? 0) << 8) | (map[cid * 2 + 1] ?? 0)
          expect(gid, `CID ${cid}`).toBeGreaterThan(0)
          const advance = (program.getGlyph(gid).advanceWidth * 1000) / program.unitsPerEm
          expect(Math.abs((width as PDFNumber).asNumber() - advance), `CID ${cid}`).toBeLessThan(1)
          checked += 1
        })
      }
    }
    expect(checked).toBeGreaterThan(80)
  })

  it('carries XMP metadata claiming part 2, conformance B, that agrees with the Info dictionary (§6.6.2)', async () => {
    const { doc } = await load()
    const stream = doc.catalog.lookup(PDFName.of('Metadata'))
    expect(stream).toBeInstanceOf(PDFStream)
    const dict = (stream as PDFStream).dict
    expect(dict.get(PDFName.of('Subtype'))?.toString()).toBe('/XML')
    expect(dict.get(PDFName.of('Filter'))).toBeUndefined()
    const xmp = streamText(stream)

    expect(xmp).toMatch(/^<\?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"\?>/)
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>')
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>')
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${doc.getTitle()}</rdf:li>`)
    expect(xmp).toContain(`<xmp:CreateDate>2026-03-15T09:30:00Z</xmp:CreateDate>`)
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-03-15T09:30:00.000Z')
    expect(xmp).toContain(`<xmp:CreatorTool>${doc.getCreator()}</xmp:CreatorTool>`)
    expect(xmp).toContain(`<pdf:Producer>${doc.getProducer()}</pdf:Producer>`)
    expect(xmp).toContain(`<rdf:li>${doc.getAuthor()}</rdf:li>`)
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${doc.getSubject()}</rdf:li>`)
  })

  it('is read the same way by pdf.js: title, language, XMP title and dates', async () => {
    const { bytes } = await load()
    const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise
    try {
      const { info, metadata } = (await document.getMetadata()) as unknown as {
        info: Record<string, unknown>
        metadata: { get(name: string): unknown } | null
      }

      // A stamped copy says so in its title (layout 3).
      expect(info.Title).toBe('Reçu fiscal n° 2026-00042 – DUPLICATA – SPECIMEN')
      expect(info.Language).toBe('fr-FR')
      expect(info.Producer).toBe('helloasso-recus-fiscaux')
      expect(String(info.CreationDate)).toMatch(/^D:20260315093000Z/)
      expect(metadata?.get('dc:title')).toBe('Reçu fiscal n° 2026-00042 – DUPLICATA – SPECIMEN')
      expect(metadata?.get('pdfaid:part')).toBe('2')
      expect(metadata?.get('xmp:createdate')).toBe('2026-03-15T09:30:00Z')
    } finally {
      await document.destroy()
    }
  })

  it('declares an sRGB output intent with a valid ICC display profile (§6.2.3)', async () => {
    const { doc } = await load()
    const intents = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray)
    expect(intents.size()).toBe(1)
    const intent = intents.lookup(0, PDFDict)
    expect(intent.get(PDFName.of('S'))?.toString()).toBe('/GTS_PDFA1')
    const stream = intent.lookup(PDFName.of('DestOutputProfile'))
    if (!(stream instanceof PDFRawStream)) throw new Error('no profile')
    expect(stream.dict.get(PDFName.of('N'))?.toString()).toBe('3')
    const icc = Buffer.from(decodePDFRawStream(stream).decode())

    expect(icc.readUInt32BE(0)).toBe(icc.length)
    expect(icc.subarray(36, 40).toString('latin1')).toBe('acsp')
    expect(icc.subarray(12, 20).toString('latin1')).toBe('mntrRGB ')
    expect(icc.subarray(20, 24).toString('latin1')).toBe('XYZ ')
    expect(icc[8]).toBe(2)
    const tags = new Set<string>()
    for (let i = 0; i < icc.readUInt32BE(128); i++) {
      const entry = 132 + i * 12
      const [offset, size] = [icc.readUInt32BE(entry + 4), icc.readUInt32BE(entry + 8)]
      expect(offset + size).toBeLessThanOrEqual(icc.length)
      tags.add(icc.subarray(entry, entry + 4).toString('latin1'))
    }
    for (const tag of ['desc', 'cprt', 'wtpt', 'rXYZ', 'gXYZ', 'bXYZ', 'rTRC', 'gTRC', 'bTRC'])
      expect(tags).toContain(tag)
  })

  it('is neither encrypted nor scripted, and says its language (§6.1.3, §6.6.1, §6.7.3)', async () => {
    const { bytes, doc } = await load()
    // Compressed stream data is binary: any byte sequence, « /JS » included, may occur there.
    const text = Buffer.from(bytes)
      .toString('latin1')
      .replace(/stream\r?\n[\s\S]*?endstream/g, 'stream endstream')

    expect(doc.context.trailerInfo.Encrypt).toBeUndefined()
    expect(text).not.toMatch(/\/JavaScript|\/JS\b|\/Launch|\/EmbeddedFile/)
    expect(doc.catalog.get(PDFName.of('Lang'))?.toString()).toContain('fr-FR')
  })

  it('keeps the layout-1 receipts as they were: no metadata stream, no output intent', async () => {
    const old = await renderReceiptPdf(aCompanyReceiptSnapshot({ layoutVersion: 1 }))
    const doc = await PDFDocument.load(old)

    expect(doc.catalog.get(PDFName.of('Metadata'))).toBeUndefined()
    expect(doc.catalog.get(PDFName.of('OutputIntents'))).toBeUndefined()
  })
})
