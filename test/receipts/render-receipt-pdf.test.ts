import fontkit from '@pdf-lib/fontkit'
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
import type {
  CheckOption,
  ContentElement,
} from '../../shared/receipts/pdf/content/receipt-content.js'
import { receiptContentFor } from '../../shared/receipts/pdf/content/receipt-content-for.js'
import type { ReceiptSnapshot } from '../../shared/receipts/receipt-snapshot.js'
import {
  RECEIPT_TEMPLATE_VERSION,
  renderReceiptPdf,
} from '../../shared/receipts/render-receipt-pdf.js'
import {
  aCompanyDonor,
  aCompanyReceiptSnapshot,
  anAssociationSnapshot,
  anIndividualDonor,
  aReceiptSnapshot,
  aSignaturePngBase64,
} from '../support/builders/a-receipt-snapshot.js'
import { extractPdfText, extractPdfTextItems } from '../support/pdf-text.js'

// pdf.js wraps right-to-left runs in bidi embedding marks; they are not part of the name.
const BIDI_MARKS = /[\u200e\u200f\u202a-\u202e]/g

async function textOf(snapshot: ReceiptSnapshot, options = {}): Promise<string> {
  const text = await extractPdfText(await renderReceiptPdf(snapshot, options))
  return text.replace(BIDI_MARKS, '').replace(/\s+/g, ' ')
}

async function pageCount(bytes: Uint8Array): Promise<number> {
  return (await PDFDocument.load(bytes)).getPageCount()
}

/** The FontFile2 streams of the CJK fonts (every glyph of a CJK-only name has an outline). */
async function embeddedFontFiles(bytes: Uint8Array): Promise<Uint8Array[]> {
  const doc = await PDFDocument.load(bytes)
  const files: Uint8Array[] = []
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue
    const name = object.get(PDFName.of('FontName'))?.toString() ?? ''
    const file = object.lookup(PDFName.of('FontFile2'))
    // Layout 1 names them after the font file, layout 2 after the font.
    if (/noto-sans-(sc|kr)|NotoSans(SC|KR)/.test(name) && file instanceof PDFRawStream) {
      files.push(decodePDFRawStream(file).decode())
    }
  }
  return files
}

const withSignature = anAssociationSnapshot({ signatureImagePngBase64: aSignaturePngBase64() })

describe('renderReceiptPdf, form 11580 (individuals)', () => {
  it('prints the title, the form, the number, the donor and the amount', async () => {
    const text = await textOf(aReceiptSnapshot())

    expect(text).toContain(
      'Reçu des dons et versements effectués par les particuliers au titre des articles 200 et 978 du code général des impôts',
    )
    expect(text).toContain('2041-RD')
    expect(text).toContain('N°11580*05')
    expect(text).toContain('Numéro d’ordre du reçu 2026-00042')
    expect(text).toContain('Organisme bénéficiaire des dons et versements')
    expect(text).toContain('Nom ou dénomination : Les Amis du Jardin Partagé')
    expect(text).toContain('Nom : Exemple')
    expect(text).toContain('Prénoms : Jeanne Marie')
    expect(text).toContain('Code postal 69003 Commune Lyon')
    expect(text).toContain('***50,00*** Euros Somme en toutes lettres : cinquante euros')
    expect(text).toContain('Date du versement ou du don : 14/03/2026')
    expect(text).toContain('200 du CGI')
    expect(text).toContain('978 du CGI')
    expect(text).not.toContain('238 bis')
  })

  it('prints the organisme type, the certification and the footnotes of the model', async () => {
    const text = await textOf(aReceiptSnapshot())

    expect(text).toContain(
      'Œuvre ou organisme d’intérêt général ayant un caractère philanthropique',
    )
    expect(text).toContain('Précisez si vous êtes : Association loi 1901')
    expect(text).toContain(
      'Le bénéficiaire reconnaît avoir reçu des dons et versements ouvrant droit à réduction d’impôt d’un montant de5 :',
    )
    expect(text).toContain(
      'Le bénéficiaire certifie sur l’honneur que les dons et versements qu’il reçoit ouvrent droit à la réduction d’impôt prévue à l’article6 :',
    )
    expect(text).toContain(
      'Forme du don : Acte authentique Acte sous seing privé Déclaration de don manuel Autres',
    )
    expect(text).toContain('Nature du don7 : Numéraire')
    expect(text).toContain('Virement, prélèvement, carte bancaire')
    expect(text).toContain(
      '5 Pour les dons de titres de sociétés cotées et les dons en nature, mentionnez la valeur du don.',
    )
    expect(text).toContain(
      'l’application de l’amende prévue à l’article 1740 A du code général des impôts.',
    )
    expect(text).toContain('8 Exemple : dons en nature.')
    // The outdated wording of 11580*04 must not come back.
    expect(text).not.toContain('la somme de')
    expect(text).not.toContain('25 %')
  })

  it.each([
    [
      'association-rup',
      'par décret en date du 12/03/1990',
      'Association ou fondation reconnue d’utilité publique par décret en date du 12/03/1990',
    ],
    ['autre', 'Collectivité locale', 'Autres (précisez) : Collectivité locale'],
    ['fondation', undefined, 'Fondation d’entreprise'],
  ] as const)(
    'prints only the %s line under « Précisez si vous êtes »',
    async (organismeType, organismeTypeDetail, expected) => {
      const association = anAssociationSnapshot({ organismeType, organismeTypeDetail })
      const text = await textOf(aReceiptSnapshot({ association }))

      expect(text).toContain(`Précisez si vous êtes : ${expected}`)
      expect(text).not.toContain('Association loi 1901')
    },
  )

  it('signs with the issue date in Paris and the signatory', async () => {
    // 23:30 UTC on 15 March is already 16 March in Paris.
    const snapshot = aReceiptSnapshot({
      issuedAt: '2026-03-15T23:30:00Z',
      association: withSignature,
    })
    const text = await textOf(snapshot)

    expect(text).toContain('Date et signature Le 16/03/2026')
    expect(text).toContain('Camille Fictive, Trésorière')
  })

  it('prints a period, or the given label, instead of a single payment date', async () => {
    const period = aReceiptSnapshot({ paymentDates: { from: '2026-01-01', to: '2026-12-31' } })
    const yearly = aReceiptSnapshot({ ...period, paymentDateLabel: 'cumul 2026' })

    expect(await textOf(period)).toContain(
      'Date du versement ou du don : du 01/01/2026 au 31/12/2026',
    )
    expect(await textOf(yearly)).toContain('Date du versement ou du don : cumul 2026')
  })

  it('writes larger amounts in figures and in words', async () => {
    const text = await textOf(aReceiptSnapshot({ amountCents: 123_450 }))

    expect(text).toContain('***1 234,50***')
    expect(text).toContain('mille deux cent trente-quatre euros et cinquante centimes')
  })

  it('fits on one A4 page', async () => {
    const bytes = await renderReceiptPdf(aReceiptSnapshot({ association: withSignature }))
    const page = (await PDFDocument.load(bytes)).getPage(0)

    expect(await pageCount(bytes)).toBe(1)
    expect(page.getSize()).toEqual({ width: 595.28, height: 841.89 })
  })
})

describe('renderReceiptPdf, form 16216 (companies)', () => {
  it('prints the company model: title, Cerfa number, organisme and company blocks', async () => {
    const text = await textOf(aCompanyReceiptSnapshot())

    expect(text).toContain(
      'Reçu des dons et versements effectués par les entreprises au titre de l’article 238 bis du code général des impôts',
    )
    expect(text).toContain('2041-MEC-SD')
    expect(text).toContain('N° Cerfa : 16216*02')
    expect(text).toContain('Dénomination de l’organisme : Les Amis du Jardin Partagé')
    expect(text).toContain('concourant à l’égalité entre les femmes et les hommes')
    expect(text).toContain('Entreprise donatrice')
    expect(text).toContain('Dénomination de l’entreprise : Boulangerie Imaginaire')
    expect(text).toContain('Forme juridique : SARL')
    expect(text).toContain('Numéro SIREN : 123456789')
    expect(text).toContain('Code postal 33000 Commune Bordeaux')
    // The company block prints its country too (an addition to the model, issue 11 §7).
    expect(text.match(/Pays :/g)).toHaveLength(2)
    expect(text).not.toContain('200 du CGI')
    expect(text).not.toContain('Forme du don')
  })

  it('prints the country of a company abroad, as given', async () => {
    const donor = aCompanyDonor({
      address: {
        street: '12 rue Neuve',
        postalCode: '1000',
        city: 'Bruxelles',
        country: 'Belgique',
      },
    })
    const text = await textOf(aCompanyReceiptSnapshot({ donor }))

    expect(text).toContain('Code postal 1000 Commune Bruxelles')
    expect(text).toContain('Pays : Belgique')
  })

  it('prints the three amount sections, in kind at zero', async () => {
    const text = await textOf(aCompanyReceiptSnapshot({ amountCents: 15_000 }))

    expect(text).toContain('des dons en nature pour une valeur en euros égale à5 :')
    expect(text).toContain(
      '***0,00*** euros Indiquez la valeur totale des dons en nature en toutes lettres : néant',
    )
    expect(text).toContain('et détail des salariés mis à disposition : Néant')
    expect(text).toContain('des versements pour une valeur totale égale à :')
    expect(text).toContain(
      '***150,00*** euros Indiquez le total des versements en toutes lettres : cent cinquante euros',
    )
    expect(text).toContain(
      'Forme des versements8 : Remise d’espèces Chèque Virement, prélèvement ou carte bancaire Autre',
    )
    expect(text).toContain(
      'Montant total des dons et versements reçus par l’organisme : ***150,00*** euros Indiquez le montant total des dons et versements en toutes lettres : cent cinquante euros',
    )
  })

  it('prints the date with « le », the period with « du … au … », and notes 5 to 9', async () => {
    const single = await textOf(aCompanyReceiptSnapshot())
    const period = await textOf(
      aCompanyReceiptSnapshot({ paymentDates: { from: '2026-01-01', to: '2026-03-31' } }),
    )

    expect(single).toContain('ont été effectués9 : le 14/03/2026')
    expect(period).toContain('du 01/01/2026 au 31/03/2026')
    expect(single).toContain(
      '5 L’organisme bénéficiaire des dons en nature reporte sur le reçu fiscal le montant indiqué par l’entreprise donatrice.',
    )
    expect(single).toContain(
      '9 L’organisme bénéficiaire peut établir un reçu unique pour plusieurs dons',
    )
    expect(single).toContain('ne coïncide pas avec l’année civile.')
  })

  it('fits on one page, even as a duplicate of a replacing receipt', async () => {
    const snapshot = aCompanyReceiptSnapshot({
      association: withSignature,
      replaces: { number: '2026-00041', issuedOn: '2026-03-10' },
    })
    const bytes = await renderReceiptPdf(snapshot, { duplicateOf: { reprintedOn: '2026-04-02' } })

    expect(await pageCount(bytes)).toBe(1)
  })
})

describe('renderReceiptPdf, boxes ticked', () => {
  function optionsAfter(elements: ContentElement[], labelStart: string): CheckOption[] {
    const all = elements.flatMap((element) =>
      element.kind === 'frame' ? element.children : [element],
    )
    const found = all.find(
      (element) =>
        element.kind === 'options' &&
        (element.label?.[0]?.text.startsWith(labelStart) ||
          element.options[0]?.label[0]?.text.startsWith(labelStart)),
    )
    return found?.kind === 'options' ? found.options : []
  }

  function ticked(options: CheckOption[]): string[] {
    return options.filter((option) => option.checked).map((option) => option.label[0]?.text ?? '')
  }

  it.each([
    ['card', ['Virement, prélèvement, carte bancaire']],
    ['sepa', ['Virement, prélèvement, carte bancaire']],
    ['transfer', ['Virement, prélèvement, carte bancaire']],
    ['cheque', ['Chèque']],
    ['cash', ['Remise d’espèces']],
    // HelloAsso's `Other` (or no means): the money came through HelloAsso's bank payout.
    ['other', ['Virement, prélèvement, carte bancaire']],
  ] as const)('11580: a %s payment ticks %j', (paymentMethod, expected) => {
    const { body } = receiptContentFor(aReceiptSnapshot({ paymentMethod }))

    expect(ticked(optionsAfter(body, 'En cas de don en numéraire'))).toEqual(expected)
  })

  it('11580, layouts 1 and 2: an other payment ticked no box, and still does (pinned bytes)', () => {
    for (const layoutVersion of [1, 2] as const) {
      const { body } = receiptContentFor(
        aReceiptSnapshot({ paymentMethod: 'other', layoutVersion }),
      )
      expect(ticked(optionsAfter(body, 'En cas de don en numéraire'))).toEqual([])
    }
  })

  it.each([
    ['card', ['Virement, prélèvement ou carte bancaire']],
    ['cheque', ['Chèque']],
    ['cash', ['Remise d’espèces']],
    ['other', ['Autre']],
  ] as const)('16216: a %s payment ticks %j', (paymentMethod, expected) => {
    const { body } = receiptContentFor(aCompanyReceiptSnapshot({ paymentMethod }))

    expect(ticked(optionsAfter(body, 'Forme des versements'))).toEqual(expected)
  })

  it('a yearly summary paid by card and by cheque ticks both boxes, on both models', () => {
    const mixed: Partial<ReceiptSnapshot> = {
      paymentMethod: 'cheque',
      paymentMethods: ['card', 'cheque'],
    }
    const individual = receiptContentFor(aReceiptSnapshot(mixed))
    const company = receiptContentFor(aCompanyReceiptSnapshot(mixed))

    expect(ticked(optionsAfter(individual.body, 'En cas de don en numéraire'))).toEqual([
      'Chèque',
      'Virement, prélèvement, carte bancaire',
    ])
    expect(ticked(optionsAfter(company.body, 'Forme des versements'))).toEqual([
      'Chèque',
      'Virement, prélèvement ou carte bancaire',
    ])
  })

  it('ticks article 200 only, Numéraire, and the chosen forme du don', () => {
    const { body } = receiptContentFor(aReceiptSnapshot({ giftForm: 'autres' }))

    expect(ticked(optionsAfter(body, '200 du CGI'))).toEqual(['200 du CGI'])
    expect(ticked(optionsAfter(body, 'Nature du don'))).toEqual(['Numéraire'])
    expect(ticked(optionsAfter(body, 'Forme du don'))).toEqual(['Autres'])
  })
})

describe('renderReceiptPdf, names in any script', () => {
  it.each([
    ['Latin with diacritics', 'Nguyễn-Ødegård', 'Łucja'],
    ['Cyrillic', 'Иванова', 'Анна'],
    ['Arabic', 'الخطيب', 'ليلى'],
    ['Greek', 'Παπαδοπούλου', 'Ελένη'],
    ['Chinese', '王', '小明'],
    ['Japanese', 'コバヤシ', 'さくら'],
    ['Korean', '김', '민준'],
  ])('prints a %s name so that it can be copied back', async (_script, lastName, firstNames) => {
    const snapshot = aReceiptSnapshot({ donor: anIndividualDonor({ lastName, firstNames }) })
    const text = await textOf(snapshot)

    expect(text).toContain(lastName)
    expect(text).toContain(firstNames)
  })

  it('layout 1 embedded fonts only when a string needed them, subset and under 60 KB', async () => {
    const latin = await renderReceiptPdf(
      aReceiptSnapshot({ association: withSignature, layoutVersion: 1 }),
    )
    const world = await renderReceiptPdf(
      aReceiptSnapshot({
        association: withSignature,
        donor: anIndividualDonor({ lastName: 'Nguyễn 王 김', firstNames: 'Анна سعيد さくら' }),
        layoutVersion: 1,
      }),
    )

    expect(Buffer.from(latin).includes('/FontFile2')).toBe(false)
    expect(Buffer.from(world).includes('/FontFile2')).toBe(true)
    expect(world.length).toBeLessThan(60_000)
  })

  it('layouts 2 and 3 embed subset fonts in every receipt, under 60 KB', async () => {
    const latin = await renderReceiptPdf(aReceiptSnapshot({ association: withSignature }))
    const world = await renderReceiptPdf(
      aReceiptSnapshot({
        association: withSignature,
        donor: anIndividualDonor({ lastName: 'Nguyễn 王 김', firstNames: 'Анна سعيد さくら' }),
      }),
    )

    for (const bytes of [latin, world]) {
      expect(Buffer.from(bytes).includes('/FontFile2')).toBe(true)
      expect(Buffer.from(bytes).includes('/Helvetica')).toBe(false)
      expect(bytes.length).toBeLessThan(60_000)
    }
  })

  it.each([1, 2, 3] as const)(
    'keeps the outline of every embedded CJK glyph (layout %s)',
    async (layoutVersion) => {
      // Noto's glyphs have odd byte lengths, which fontkit's subsetter used to shift (see
      // pad-odd-glyphs.ts): the text still extracted, but most characters printed blank.
      const donor = anIndividualDonor({
        lastName: '王张刘陈杨黄赵',
        firstNames: '小明伟芳静洋磊丽',
      })
      const bytes = await renderReceiptPdf(aReceiptSnapshot({ donor, layoutVersion }))
      const subsets = await embeddedFontFiles(bytes)

      expect(subsets.length).toBeGreaterThan(0)
      for (const file of subsets) {
        const font = fontkit.create(Buffer.from(file))
        for (let gid = 1; gid < font.numGlyphs; gid++) {
          expect(font.getGlyph(gid).path.toSVG().length, `glyph ${gid}`).toBeGreaterThan(40)
        }
      }
    },
  )

  it('handles scripts mixed within a name, a number and the page footer', async () => {
    const snapshot = aReceiptSnapshot({
      number: '2026-Ω42',
      donor: anIndividualDonor({ lastName: 'Jean Łucja', firstNames: '王 1号 Анна 2' }),
      association: anAssociationSnapshot({ object: 'Objet très détaillé. '.repeat(300) }),
    })
    const bytes = await renderReceiptPdf(snapshot)
    const text = (await extractPdfText(bytes)).replace(/\s+/g, ' ')

    expect(text).toContain('Nom : Jean Łucja')
    expect(text).toContain('王 1号 Анна 2')
    expect(text).toContain('Reçu n° 2026-Ω42 – page 1/2')
  })

  it('prints characters no font has as their code points instead of dropping them', async () => {
    const text = await textOf(aReceiptSnapshot({ donor: anIndividualDonor({ firstNames: 'สม' }) }))

    expect(text).toContain('Prénoms : [U+0E2A U+0E21]')
  })

  it('keeps decomposed accents and narrow no-break spaces printable', async () => {
    const lastName = 'Lefe\u0300vre'
    const text = await textOf(
      aReceiptSnapshot({ donor: anIndividualDonor({ lastName, firstNames: 'Zoé\u202fAnaïs' }) }),
    )

    expect(text).toContain('Nom : Lefèvre')
    expect(text).toContain('Zoé Anaïs')
  })
})

describe('renderReceiptPdf, long text', () => {
  it('wraps long names, addresses and objects inside the page', async () => {
    const long = 'Association des Habitants et Amis du Très Long Nom de Quartier Historique '
    const snapshot = aCompanyReceiptSnapshot({
      association: anAssociationSnapshot({ name: long.repeat(3), object: long.repeat(6) }),
      donor: aCompanyDonor({
        name: `Société ${'X'.repeat(200)}`,
        address: {
          street: '1 boulevard du Général-de-Gaulle, bâtiment B, escalier 3, porte gauche, '.repeat(
            3,
          ),
          postalCode: '13001',
          city: 'Marseille',
          country: 'France',
        },
      }),
    })
    const bytes = await renderReceiptPdf(snapshot)
    const items = await extractPdfTextItems(bytes)
    const text = (await extractPdfText(bytes)).replace(/\s+/g, '')

    for (const item of items.filter((i) => !i.rotated)) {
      expect(item.x, item.text).toBeGreaterThanOrEqual(39)
      expect(item.x + item.width, item.text).toBeLessThanOrEqual(item.pageWidth - 39)
    }
    expect(text).toContain(`Société${'X'.repeat(200)}`)
    expect(text).toContain('Marseille')
  })

  it('continues on a second page rather than off the first, numbering the pages', async () => {
    const object = 'Un objet social décrit avec beaucoup trop de détails. '.repeat(120)
    const bytes = await renderReceiptPdf(
      aReceiptSnapshot({ association: anAssociationSnapshot({ object }) }),
    )
    const text = await extractPdfText(bytes)

    expect(await pageCount(bytes)).toBe(2)
    expect(text).toContain('Reçu n° 2026-00042 – page 1/2')
    expect(text).toContain('Reçu n° 2026-00042 – page 2/2')
    expect(text).toContain('8 Exemple : dons en nature.')
  })
})

describe('renderReceiptPdf, marks', () => {
  it('marks a specimen with a watermark and says it is not a valid receipt', async () => {
    const specimen = await textOf(aReceiptSnapshot({ specimen: true }))
    const real = await textOf(aReceiptSnapshot({ specimen: false }))

    expect(specimen.match(/SPECIMEN/g)?.length).toBeGreaterThanOrEqual(2)
    expect(specimen).toContain('Ce document n’est pas un reçu fiscal valable.')
    expect(real).not.toContain('SPECIMEN')
    expect(real).not.toContain('pas un reçu fiscal valable')
  })

  it('marks a reprint as DUPLICATA with its date, under the same number', async () => {
    const text = await textOf(aReceiptSnapshot(), { duplicateOf: { reprintedOn: '2026-04-02' } })
    const original = await textOf(aReceiptSnapshot())

    expect(text).toContain('DUPLICATA')
    expect(text).toContain('Duplicata édité le 02/04/2026')
    expect(text).toContain('2026-00042')
    expect(original).not.toContain('DUPLICATA')
  })

  it('says which receipt a corrected one cancels and replaces', async () => {
    const text = await textOf(
      aReceiptSnapshot({ replaces: { number: '2026-00041', issuedOn: '2026-03-10' } }),
    )

    expect(text).toContain('Annule et remplace le reçu n° 2026-00041 du 10/03/2026')
  })
})

describe('renderReceiptPdf, determinism', () => {
  it.each([
    ['a plain receipt', aReceiptSnapshot(), {}],
    [
      'a company duplicate with a signature and CJK',
      aCompanyReceiptSnapshot({
        association: withSignature,
        donor: aCompanyDonor({ name: '王小明 Консалтинг' }),
        specimen: true,
      }),
      { duplicateOf: { reprintedOn: '2026-04-02' } },
    ],
  ])('gives the same bytes for the same input: %s', async (_label, snapshot, options) => {
    const first = await renderReceiptPdf(snapshot, options)
    const second = await renderReceiptPdf(structuredClone(snapshot), options)

    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true)
  })

  it.each([
    [1, `template ${RECEIPT_TEMPLATE_VERSION}`],
    [2, 'receipt layout 2'],
    [3, 'receipt layout 3'],
  ] as const)(
    'dates the file from the snapshot, not from the clock (layout %s)',
    async (layoutVersion, creator) => {
      const snapshot = aReceiptSnapshot({ issuedAt: '2026-03-15T09:30:00Z', layoutVersion })
      const doc = await PDFDocument.load(await renderReceiptPdf(snapshot), {
        updateMetadata: false,
      })

      expect(doc.getCreationDate()?.toISOString()).toBe('2026-03-15T09:30:00.000Z')
      expect(doc.getModificationDate()?.toISOString()).toBe('2026-03-15T09:30:00.000Z')
      expect(doc.getProducer()).toBe('helloasso-recus-fiscaux')
      expect(doc.getCreator()).toContain(creator)
      expect(doc.getTitle()).toBe('Reçu fiscal n° 2026-00042')
    },
  )

  it('changes when the printed data changes', async () => {
    const a = await renderReceiptPdf(aReceiptSnapshot())
    const b = await renderReceiptPdf(aReceiptSnapshot({ number: '2026-00043' }))

    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false)
  })
})

describe('renderReceiptPdf, invalid input', () => {
  it('refuses a company donor on the individuals form, and the reverse', async () => {
    const wrongDonor = aReceiptSnapshot({ donor: aCompanyDonor() })
    const wrongForm = aCompanyReceiptSnapshot({ donor: anIndividualDonor() })

    await expect(renderReceiptPdf(wrongDonor)).rejects.toMatchObject({ code: 'input.invalid' })
    await expect(renderReceiptPdf(wrongForm)).rejects.toBeInstanceOf(AppError)
  })

  it('refuses an amount that is not whole cents', async () => {
    await expect(renderReceiptPdf(aReceiptSnapshot({ amountCents: 50.5 }))).rejects.toThrow(
      RangeError,
    )
    await expect(renderReceiptPdf(aReceiptSnapshot({ amountCents: -100 }))).rejects.toThrow(
      RangeError,
    )
  })

  it('refuses a signature that is not a PNG', async () => {
    const association = anAssociationSnapshot({
      signatureImagePngBase64: Buffer.from('GIF89a not a png').toString('base64'),
    })
    const truncated = anAssociationSnapshot({
      signatureImagePngBase64: aSignaturePngBase64().slice(0, 40),
    })

    await expect(renderReceiptPdf(aReceiptSnapshot({ association }))).rejects.toMatchObject({
      code: 'input.invalid',
    })
    await expect(
      renderReceiptPdf(aReceiptSnapshot({ association: truncated })),
    ).rejects.toMatchObject({ code: 'input.invalid' })
  })

  it('refuses dates that are not dates', async () => {
    const badIssue = aReceiptSnapshot({ issuedAt: 'yesterday' })
    const badPayment = aReceiptSnapshot({ paymentDates: { from: '14/03/2026', to: '2026-03-14' } })

    await expect(renderReceiptPdf(badIssue)).rejects.toMatchObject({ code: 'input.invalid' })
    await expect(renderReceiptPdf(badPayment)).rejects.toMatchObject({ code: 'input.invalid' })
  })
})
