import { inflateSync } from 'node:zlib'
import { PDFArray, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
import { qrModules } from '../../shared/receipts/pdf/content/qr-code.js'
import type {
  IndividualDonor,
  ReceiptSnapshot,
  RenderOptions,
} from '../../shared/receipts/receipt-snapshot.js'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import {
  aCompanyReceiptSnapshot,
  anAssociationSnapshot,
  anIndividualDonor,
  aReceiptSnapshot,
  aSignaturePngBase64,
} from '../support/builders/a-receipt-snapshot.js'
import { drawnGlyphs, pdfToText, visualLine } from '../support/pdf-layout.js'
import { extractPdfText } from '../support/pdf-text.js'
import { decodeQrCodes, VERIFICATION_URL } from '../support/qr-codes.js'

/**
 * The flaws a careful reader found on layout 2 (issue 18), each fixed by layout 3 and checked
 * on what is drawn. Layout 2 keeps them: its receipts' bytes are recorded and pinned, and its
 * half of each test shows the check can fail.
 */
const withDonor = (donor: Partial<IndividualDonor>, layoutVersion: 2 | 3 = 3) =>
  aReceiptSnapshot({ layoutVersion, donor: anIndividualDonor(donor) })

const ARABIC_LINE = /Adresse.*[\u0600-\u06ff]/
const HEBREW_LINE = /Adresse.*[\u0590-\u05ff]/
const ARABIC_STREET = {
  street: 'شارع 12 النخيل',
  postalCode: '69003',
  city: 'Lyon',
  country: 'France',
}

describe('layout 3, right-to-left text in Unicode bidi order', () => {
  it('keeps the space where an Arabic name meets a Greek one', async () => {
    const glyphs = await drawnGlyphs(
      await renderReceiptPdf(withDonor({ firstNames: 'ليلى Παπαδοπούλου' })),
    )
    const line = visualLine(glyphs, /Prénoms/)

    expect(line).toMatch(/[\u0600-\u06ff] Παπαδοπούλου/)
  })

  it('layout 2 loses it (the space goes to the far side of the Arabic word)', async () => {
    const snapshot = withDonor({ firstNames: 'ليلى Παπαδοπούλου' }, 2)
    const line = visualLine(await drawnGlyphs(await renderReceiptPdf(snapshot)), /Prénoms/)

    expect(line).toMatch(/[\u0600-\u06ff]Παπαδοπούλου/)
  })

  it('prints digits inside Arabic and Hebrew text in reading order (12 stays 12)', async () => {
    const arabic = withDonor({ address: ARABIC_STREET })
    const hebrew = withDonor({ address: { ...ARABIC_STREET, street: 'רחוב הרצל 34' } })

    const arabicLine = visualLine(await drawnGlyphs(await renderReceiptPdf(arabic)), ARABIC_LINE)
    const hebrewLine = visualLine(await drawnGlyphs(await renderReceiptPdf(hebrew)), HEBREW_LINE)

    // Drawn left to right: « النخيل » (shaped, reversed), the number, then « شارع ».
    expect(arabicLine.replace(/[^\d]/g, '')).toBe('12')
    expect(hebrewLine).toBe('Adresse : 34 לצרה בוחר')
  })

  it('layout 2 reverses them (12 prints as 21)', async () => {
    const line = visualLine(
      await drawnGlyphs(await renderReceiptPdf(withDonor({ address: ARABIC_STREET }, 2))),
      ARABIC_LINE,
    )

    expect(line.replace(/[^\d]/g, '')).toBe('21')
  })

  it('turns brackets round inside right-to-left text, and keeps its words in order', async () => {
    const line = async (layoutVersion: 2 | 3) =>
      visualLine(
        await drawnGlyphs(
          await renderReceiptPdf(withDonor({ lastName: 'الخطيب (ليلى)' }, layoutVersion)),
        ),
        /Prénoms/,
      )

    // Read right to left: « الخطيب », then « (ليلى) »; each word's glyphs drawn reversed.
    expect(await line(3)).toContain('Nom : (ىليل) بيطخلا')
    expect(await line(2)).toContain('Nom : )ىليل( بيطخلا')
  })
})

describe('layout 3, text operands', () => {
  // In Noto Sans, E, F, y and * are glyphs 0x28, 0x29, 0x5C and 0x0D: as bytes, the
  // brackets and backslash a literal string must escape, and a carriage return it must not
  // hold raw (a reader turns it into a line feed).
  const awkward = { lastName: 'EFFy*', firstNames: 'Yves (dit « y* »)' }

  it('writes text as literal strings, two bytes a glyph, not hex (four characters a glyph)', async () => {
    const content = await pageContent(await renderReceiptPdf(withDonor(awkward)))

    expect(content).toMatch(/\) Tj ET/)
    expect(content).not.toMatch(/> Tj/)
  })

  it('draws and extracts the glyphs whose bytes are escaped, as written', async () => {
    const bytes = await renderReceiptPdf(withDonor(awkward))

    const line = visualLine(await drawnGlyphs(bytes), /Prénoms/).replace(/\s+/g, ' ')
    expect(line).toContain('Nom : EFFy* Prénoms : Yves (dit « y* »)')
    expect(pdfToText(bytes)).toContain('Nom : EFFy* Prénoms : Yves (dit « y* »)')
  })

  it('layout 2 wrote hex strings (its bytes are pinned)', async () => {
    const content = await pageContent(await renderReceiptPdf(withDonor(awkward, 2)))

    expect(content).toMatch(/> Tj ET/)
    expect(content).not.toMatch(/\) Tj/)
  })
})

describe('layout 3, the page in several content streams, in reading order', () => {
  // A label placed after a value (« Prénoms » after the name) moves with its width: parts are
  // shared by receipts whose values differ, not in width.
  const receipt = (number: string, amountCents: number) =>
    renderReceiptPdf(aReceiptSnapshot({ number, amountCents }))

  it('has parts the same byte for byte on two receipts (deflated once, reused), and parts not', async () => {
    const first = await pageStreams(await receipt('2026-00041', 5000))
    const second = await pageStreams(await receipt('2026-00042', 7000))
    const same = first.filter((stream, i) =>
      Buffer.from(stream).equals(second[i] ?? Buffer.alloc(0)),
    )

    expect(second).toHaveLength(first.length)
    // The association's frame, the wording between the amount and the signature, the notes.
    expect(same.length).toBeGreaterThanOrEqual(3)
    expect(same.length).toBeLessThan(first.length)
  })
})

describe('layout 3, invisible characters', () => {
  const hostile = {
    lastName: 'Lefè\u00advre',
    firstNames: 'Jean\u2060ne \u202eMarie\u202c\ufeff',
  }

  it('never prints a soft hyphen, a word joiner, a bidi override or a byte order mark', async () => {
    const bytes = await renderReceiptPdf(withDonor(hostile))
    const line = visualLine(await drawnGlyphs(bytes), /Prénoms/)

    expect(line).toContain('Lefèvre')
    expect(line).toContain('Jeanne Marie')
    expect(line).not.toMatch(/[\u00ad\u2060\u202a-\u202e\ufeff-]|U\+/)
    expect(pdfToText(bytes)).toContain('Nom : Lefèvre Prénoms : Jeanne Marie')
  })

  it('layout 2 printed them (a soft hyphen as a hyphen glyph, a word joiner as a gap)', async () => {
    const line = visualLine(
      await drawnGlyphs(await renderReceiptPdf(withDonor(hostile, 2))),
      /Prénoms/,
    )

    expect(line).not.toContain('Lefèvre')
  })
})

describe('layout 3, the verification QR code', () => {
  const withLink = (snapshot: ReceiptSnapshot): ReceiptSnapshot => ({
    ...snapshot,
    association: anAssociationSnapshot({ signatureImagePngBase64: aSignaturePngBase64() }),
    verification: { url: VERIFICATION_URL },
  })

  it.each([
    ['11580', withLink(aReceiptSnapshot())],
    ['16216', withLink(aCompanyReceiptSnapshot())],
    [
      '16216, duplicata of a replacing receipt',
      withLink(
        aCompanyReceiptSnapshot({ replaces: { number: '2026-00041', issuedOn: '2026-03-10' } }),
      ),
    ],
  ])(
    'decodes with zbarimg from a 150 dpi scan to the link, printed beside it (%s)',
    async (_name, snapshot) => {
      const options = snapshot.replaces ? { duplicateOf: { reprintedOn: '2026-04-02' } } : {}
      const bytes = await renderReceiptPdf(snapshot, options)

      expect(decodeQrCodes(bytes, 150)).toEqual([VERIFICATION_URL])
      expect((await extractPdfText(bytes)).replace(/\s+/g, '')).toContain(VERIFICATION_URL)
      expect(await pageCount(bytes)).toBe(1)
    },
  )

  it('is one 1-bit image mask whose bits are the modules, a dark module a set bit', async () => {
    const bytes = await renderReceiptPdf(withLink(aReceiptSnapshot()))

    expect(await imageMasks(bytes)).toEqual([qrModules(VERIFICATION_URL, 'M')])
  })

  it('refuses a link too long for any QR code, saying so', async () => {
    const snapshot = withLink(aReceiptSnapshot())
    const tooLong = { ...snapshot, verification: { url: `${VERIFICATION_URL}${'a'.repeat(2400)}` } }

    await expect(renderReceiptPdf(tooLong)).rejects.toThrow(
      /verification link \(2603 characters\) is too long for a QR code/,
    )
    await expect(renderReceiptPdf(tooLong)).rejects.toBeInstanceOf(AppError)
  })

  it('is not printed without a link, nor on layouts 1 and 2', async () => {
    for (const snapshot of [
      aReceiptSnapshot(),
      withLink(aReceiptSnapshot({ layoutVersion: 2 })),
      withLink(aReceiptSnapshot({ layoutVersion: 1 })),
    ]) {
      const bytes = await renderReceiptPdf(snapshot)
      expect(decodeQrCodes(bytes, 150)).toEqual([])
      expect(await extractPdfText(bytes)).not.toContain('Vérifier ce reçu')
    }
  })
})

// Long enough that a 16216 duplicata runs onto a second page; on layout 2, just long enough
// that only its footnotes did.
const longObject = `${'Promouvoir l’économie sociale et solidaire, accompagner les porteurs de projets, '.repeat(5)}et défendre l’intérêt général.`

describe('layout 3, a receipt that runs to two pages', () => {
  const twoPages = (layoutVersion: 2 | 3) =>
    aCompanyReceiptSnapshot({
      layoutVersion,
      association: anAssociationSnapshot({ object: longObject }),
      replaces: { number: '2026-00041', issuedOn: '2026-03-10' },
      verification: { url: VERIFICATION_URL },
    })
  const stamped: RenderOptions = {
    duplicateOf: { reprintedOn: '2026-05-02' },
    lifecycle: { status: 'cancelled', cancelledOn: '2026-06-15', reason: 'remboursement' },
  }

  it('carries DUPLICATA, ANNULÉ and « annule et remplace » on every page', async () => {
    const pages = (await extractPdfText(await renderReceiptPdf(twoPages(3), stamped))).split('\f')

    expect(pages).toHaveLength(2)
    for (const page of pages) {
      expect(page).toContain('DUPLICATA')
      expect(page).toContain('Duplicata édité le 02/05/2026')
      expect(page).toContain('ANNULÉ le 15/06/2026 — remboursement')
      expect(page).toContain('Annule et remplace le reçu n° 2026-00041 du 10/03/2026')
    }
  })

  it('never ends with a page of footnotes alone: the signature row goes with them', async () => {
    const pages = (await extractPdfText(await renderReceiptPdf(twoPages(3), stamped))).split('\f')
    const last = pages.at(-1) ?? ''

    expect(last).toContain('Date et signature')
    expect(last).toContain('Vérifier ce reçu')
    expect(last).toContain('L’organisme bénéficiaire peut établir un reçu unique')
  })

  it('layout 2 had the marks on page 1 only, and a last page of footnotes alone', async () => {
    const pages = (await extractPdfText(await renderReceiptPdf(twoPages(2), stamped))).split('\f')
    const last = pages.at(-1) ?? ''

    expect(last).not.toContain('DUPLICATA')
    expect(last).not.toContain('Date et signature')
  })
})

describe('layout 3, a stamped copy says so in its title', () => {
  it.each([
    [{}, {}, 'Reçu fiscal n° 2026-00042'],
    [{}, { duplicateOf: { reprintedOn: '2026-05-02' } }, 'Reçu fiscal n° 2026-00042 – DUPLICATA'],
    [
      {},
      { lifecycle: { status: 'cancelled', cancelledOn: '2026-06-15', reason: 'remboursement' } },
      'Reçu fiscal n° 2026-00042 – ANNULÉ',
    ],
    [
      {},
      {
        duplicateOf: { reprintedOn: '2026-07-01' },
        lifecycle: { status: 'replaced', replacedBy: '2026-00043', replacedOn: '2026-06-15' },
      },
      'Reçu fiscal n° 2026-00042 – DUPLICATA – REMPLACÉ',
    ],
    [{ specimen: true }, {}, 'Reçu fiscal n° 2026-00042 – SPECIMEN'],
  ] as const)('%j %j → « %s » (Info and XMP)', async (snapshot, options, title) => {
    const bytes = await renderReceiptPdf(aReceiptSnapshot(snapshot), options as RenderOptions)

    expect(await titles(bytes)).toEqual([title, title])
  })

  it('layout 2 kept the original’s title on every copy', async () => {
    const bytes = await renderReceiptPdf(aReceiptSnapshot({ layoutVersion: 2 }), {
      duplicateOf: { reprintedOn: '2026-05-02' },
    })

    expect(await titles(bytes)).toEqual(['Reçu fiscal n° 2026-00042', 'Reçu fiscal n° 2026-00042'])
  })
})

async function pageCount(bytes: Uint8Array): Promise<number> {
  return (await PDFDocument.load(bytes)).getPageCount()
}

/** The title as pdf.js reads it from the Info dictionary and from the XMP packet. */
async function titles(bytes: Uint8Array): Promise<unknown[]> {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise
  try {
    const { info, metadata } = (await document.getMetadata()) as unknown as {
      info: Record<string, unknown>
      metadata: { get(name: string): unknown } | null
    }
    return [info.Title, metadata?.get('dc:title')]
  } finally {
    await document.destroy()
  }
}

/** Every 1-bit image mask in the document, decoded to rows of booleans (true: painted). */
async function imageMasks(bytes: Uint8Array): Promise<boolean[][][]> {
  const doc = await PDFDocument.load(bytes)
  const masks: boolean[][][] = []
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue
    if (object.dict.get(PDFName.of('ImageMask'))?.toString() !== 'true') continue
    const width = Number(object.dict.get(PDFName.of('Width'))?.toString())
    const height = Number(object.dict.get(PDFName.of('Height'))?.toString())
    // Decode [1 0]: a set bit is painted (the default, [0 1], paints the clear ones).
    const painted = object.dict.get(PDFName.of('Decode'))?.toString() === '[ 1 0 ]' ? 1 : 0
    const stride = Math.ceil(width / 8)
    const rows = Array.from({ length: height }, (_, y) =>
      Array.from({ length: width }, (_, x) => {
        const bit = ((object.contents[y * stride + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1
        return bit === painted
      }),
    )
    masks.push(rows)
  }
  return masks
}

/** The first page's content streams, inflated and joined, as Latin-1 text. */
async function pageContent(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes)
  const contents = doc.getPage(0).node.Contents()
  const streams = contents instanceof PDFArray ? contents.asArray() : [contents]
  return streams
    .map((ref) => doc.context.lookup(ref))
    .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
    .map((stream) => inflateSync(stream.contents).toString('latin1'))
    .join('\n')
}

/** The raw (deflated) bytes of the first page's content streams, in order. */
async function pageStreams(bytes: Uint8Array): Promise<Uint8Array[]> {
  const doc = await PDFDocument.load(bytes)
  const contents = doc.getPage(0).node.Contents()
  const streams = contents instanceof PDFArray ? contents.asArray() : [contents]
  return streams
    .map((ref) => doc.context.lookup(ref))
    .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
    .map((stream) => stream.contents)
}
