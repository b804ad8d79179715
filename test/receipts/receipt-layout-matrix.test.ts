import { describe, expect, it } from 'vitest'
import type { ReceiptSnapshot, RenderOptions } from '../../shared/receipts/receipt-snapshot.js'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import {
  aCompanyDonor,
  aCompanyReceiptSnapshot,
  anAssociationSnapshot,
  anIndividualDonor,
  aReceiptSnapshot,
  aSignaturePngBase64,
} from '../support/builders/a-receipt-snapshot.js'
import {
  type Box,
  pdfFonts,
  pdfJsTextRuns,
  pdfToText,
  popplerWords,
  strokedRectangles,
  type TextRunBox,
} from '../support/pdf-layout.js'
import { extractPdfText } from '../support/pdf-text.js'
import { VERIFICATION_URL } from '../support/qr-codes.js'

// The longest values we could find or make: a real 45-letter commune, a 70-letter double
// name, a cooperative's full name, a 600-character object.
const LONGEST = {
  lastName: 'Wolfeschlegelsteinhausenbergerdorff-Montmorency de La Rochefoucauld-Liancourt',
  firstNames: 'Marie-Françoise Géraldine Anne-Sophie Éléonore Bénédicte Maximilienne',
  address: {
    street:
      'Résidence Les Jardins de la Cathédrale, bâtiment C, escalier 4, appartement 1205, 147 bis boulevard du Maréchal-de-Lattre-de-Tassigny',
    postalCode: '51290',
    city: 'Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson',
    country: 'République démocratique populaire lao',
  },
  companyName:
    'Société coopérative d’intérêt collectif pour l’innovation sociale et solidaire des territoires ruraux du Grand Est et de Bourgogne-Franche-Comté',
  legalForm: 'Société par actions simplifiée à capital variable',
}

const longAssociation = anAssociationSnapshot({
  name: 'Association pour la promotion de l’économie sociale, solidaire et écologique en Île-de-France et dans les territoires d’outre-mer',
  address: { ...LONGEST.address, postalCode: '75010', city: 'Paris' },
  object: `${'Promouvoir l’économie sociale et solidaire, accompagner les porteurs de projets, publier des études, organiser des rencontres, former les bénévoles et les salariés, '.repeat(3)}et défendre l’intérêt général.`,
  signatory: {
    name: 'Marie-Françoise de La Rochefoucauld-Liancourt',
    capacity: 'Trésorière et présidente du conseil',
  },
  signatureImagePngBase64: aSignaturePngBase64(),
})

/** Every receipt of the current layout carries its verification link, printed as a QR code. */
const RECEIPTS: Record<string, ReceiptSnapshot> = withVerification({
  '11580, everything longest, 1 000 000 €': aReceiptSnapshot({
    amountCents: 100_000_000,
    association: longAssociation,
    donor: anIndividualDonor({
      lastName: LONGEST.lastName,
      firstNames: LONGEST.firstNames,
      address: LONGEST.address,
    }),
  }),
  '16216, everything longest, 1 000 000 €': aCompanyReceiptSnapshot({
    amountCents: 100_000_000,
    association: longAssociation,
    donor: aCompanyDonor({
      name: LONGEST.companyName,
      legalForm: LONGEST.legalForm,
      address: LONGEST.address,
    }),
  }),
  '11580, Vietnamese': aReceiptSnapshot({
    donor: anIndividualDonor({ lastName: 'Nguyễn', firstNames: 'Thị Hương Đặng Quỳnh' }),
  }),
  '11580, Greek and Cyrillic': aReceiptSnapshot({
    donor: anIndividualDonor({ lastName: 'Παπαδοπούλου-Иванова', firstNames: 'Ελένη Анна' }),
  }),
  '11580, CJK and Hangul': aReceiptSnapshot({
    donor: anIndividualDonor({ lastName: '王', firstNames: '小明 김민준 さくら' }),
  }),
  '11580, Arabic and Devanagari': aReceiptSnapshot({
    donor: anIndividualDonor({ lastName: 'الخطيب', firstNames: 'ليلى देवी' }),
  }),
  '16216, Unicode company': aCompanyReceiptSnapshot({
    donor: aCompanyDonor({ name: 'Công ty TNHH Đông Á – Ελληνικά – Русский – 東京' }),
  }),
  // The names that found layout 2's flaws (issue 18).
  '11580, Arabic and Greek in one name, Arabic address with a number': aReceiptSnapshot({
    donor: anIndividualDonor({
      lastName: 'الخطيب (ليلى)',
      firstNames: 'ليلى Παπαδοπούλου',
      address: { ...LONGEST.address, street: 'شارع 12 النخيل، الطابق 3' },
    }),
  }),
  '11580, Hebrew with digits, soft hyphens, a word joiner and a bidi override': aReceiptSnapshot({
    donor: anIndividualDonor({
      lastName: 'Wolfe\u00adschlegel\u00adstein\u00adhausen\u2060berger\u00addorff-כהן',
      firstNames: '\u202eMarie\u202c-Françoise \u2066Éléonore\u2069\ufeff',
      address: { ...LONGEST.address, street: 'רחוב הרצל 34, דירה 12' },
    }),
  }),
  '16216, a company name in Arabic with figures': aCompanyReceiptSnapshot({
    donor: aCompanyDonor({ name: 'شركة النخيل 2026 للتجارة – Palmeraie SARL', legalForm: 'ش.م.م' }),
  }),
})

function withVerification(receipts: Record<string, ReceiptSnapshot>) {
  const url = VERIFICATION_URL
  return Object.fromEntries(
    Object.entries(receipts).map(([name, snapshot]) => [
      name,
      { ...snapshot, verification: { url } },
    ]),
  )
}

/**
 * The states a receipt is printed in. Adding one (cancelled, replaced) is one line here: every
 * receipt above is checked in it.
 */
const STATES: Record<string, { snapshot?: Partial<ReceiptSnapshot>; options?: RenderOptions }> = {
  original: {},
  duplicata: { options: { duplicateOf: { reprintedOn: '2026-05-02' } } },
  specimen: { snapshot: { specimen: true } },
  cancelled: {
    options: {
      lifecycle: {
        status: 'cancelled',
        cancelledOn: '2026-06-15',
        reason: 'annulation par l’équipe : adresse du donateur erronée, reçu remplacé à sa demande',
      },
    },
  },
  replaced: {
    options: {
      lifecycle: { status: 'replaced', replacedBy: '2026-00043', replacedOn: '2026-06-15' },
    },
  },
  'replaced duplicata': {
    options: {
      duplicateOf: { reprintedOn: '2026-07-01' },
      lifecycle: { status: 'replaced', replacedBy: '2026-00043', replacedOn: '2026-06-15' },
    },
  },
}

const MATRIX = Object.entries(RECEIPTS).flatMap(([receipt, snapshot]) =>
  Object.entries(STATES).map(
    ([state, variant]) =>
      [
        `${receipt} — ${state}`,
        { ...snapshot, ...variant.snapshot },
        variant.options ?? {},
      ] as const,
  ),
)

const TOLERANCE = 0.3

describe.each(MATRIX)('receipt layout: %s', (_name, snapshot, options) => {
  let rendered: Promise<Uint8Array> | undefined
  const pdf = () => {
    rendered ??= renderReceiptPdf(snapshot, options)
    return rendered
  }

  it('keeps every text run inside the frames and boxes it starts in', async () => {
    const bytes = await pdf()
    const runs = await pdfJsTextRuns(bytes)
    const frames = await strokedRectangles(bytes)

    const crossing = runs.flatMap((run) =>
      frames
        .filter((frame) => overlaps(run, frame) && !inside(run, frame))
        .map((frame) => `« ${run.text} » crosses ${boxName(frame)}`),
    )
    expect(crossing).toEqual([])
    expect(runs.length).toBeGreaterThan(40)
  })

  it('never lets two text runs overlap', async () => {
    const runs = await pdfJsTextRuns(await pdf())

    const overlapping: string[] = []
    runs.forEach((a, i) => {
      for (const b of runs.slice(i + 1)) {
        if (overlaps(a, b)) overlapping.push(`« ${a.text} » / « ${b.text} »`)
      }
    })
    expect(overlapping).toEqual([])
  })

  it('leaves at least 2 pt between a label and its value', async () => {
    const words = popplerWords(await pdf())

    const glued: string[] = []
    words.forEach((word, i) => {
      const next = words[i + 1]
      // 9 pt body text only (poppler boxes it 12.3 pt high): in the 6.8 pt footnotes a colon
      // is prose, followed by a plain space of 1.8 pt.
      if (!next || !isLabelEnd(word.text) || !sameLine(word, next) || height(word) < 11) return
      if (next.left - word.right < 2) glued.push(`${word.text} ${next.text}`)
    })
    expect(glued).toEqual([])
    // A glued pair is one word for poppler: the labels must be found as words of their own.
    expect(words.filter((word) => isLabelEnd(word.text)).length).toBeGreaterThan(8)
  })

  it('embeds every font', async () => {
    const fonts = pdfFonts(await pdf())

    expect(fonts.length).toBeGreaterThan(0)
    expect(fonts.filter((font) => !font.embedded)).toEqual([])
  })
})

describe('« 238 bis »', () => {
  it.each(Object.keys(STATES))('keeps its space in poppler and pdf.js (%s)', async (state) => {
    const variant = STATES[state] ?? {}
    const snapshot = { ...RECEIPTS['16216, Unicode company'], ...variant.snapshot }
    const bytes = await renderReceiptPdf(snapshot as ReceiptSnapshot, variant.options)
    const poppler = pdfToText(bytes).replace(/\s+/g, ' ')
    const pdfJs = (await extractPdfText(bytes)).replace(/\s+/g, ' ')

    for (const text of [poppler, pdfJs]) {
      expect(text).toContain('article 238 bis du code général des impôts')
      expect(text).not.toMatch(/238bis/)
    }
  })
})

// « Nom : », « Code postal », « Commune »: the words that end a label on the receipts.
function isLabelEnd(text: string): boolean {
  return /:$/.test(text) || text === 'postal' || text === 'Commune'
}

function height(box: Box): number {
  return box.top - box.bottom
}

function sameLine(a: Box, b: Box): boolean {
  return a.page === b.page && Math.abs(a.bottom - b.bottom) < 1
}

function overlaps(a: Box, b: Box): boolean {
  return (
    a.page === b.page &&
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > TOLERANCE &&
    Math.min(a.top, b.top) - Math.max(a.bottom, b.bottom) > TOLERANCE
  )
}

function inside(run: TextRunBox, frame: Box): boolean {
  return (
    run.left >= frame.left - TOLERANCE &&
    run.right <= frame.right + TOLERANCE &&
    run.bottom >= frame.bottom - TOLERANCE &&
    run.top <= frame.top + TOLERANCE
  )
}

function boxName(box: Box): string {
  const f = (n: number) => n.toFixed(1)
  return `the box [${f(box.left)}, ${f(box.bottom)}]–[${f(box.right)}, ${f(box.top)}] of page ${box.page}`
}
