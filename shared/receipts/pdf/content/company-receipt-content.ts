import { amountInWords } from '../../amount-in-words.js'
import {
  type CompanyDonor,
  type PaymentMethod,
  paymentMethodsOf,
  type ReceiptSnapshot,
} from '../../receipt-snapshot.js'
import {
  addressElements,
  beneficiaryFrame,
  clean,
  field,
  figures,
  noteParagraphs,
  paymentDateText,
  signatureElement,
} from './common-content.js'
import {
  type ContentElement,
  type FormContent,
  label,
  noteCall,
  type Span,
  type SpanStyle,
  value,
} from './receipt-content.js'
import { COMPANY } from './receipt-wording.js'
import { verificationElements } from './verification-content.js'

/**
 * A Cerfa 16216 receipt (companies, article 238 bis), in the model's order (cerfa-wording.md
 * §3). Our receipts carry money only, so the in-kind section is printed with 0,00 / néant
 * (§3.7: the safer reading of "every mention").
 */
export function companyReceiptContent(snapshot: ReceiptSnapshot, donor: CompanyDonor): FormContent {
  const title = article238bis(COMPANY.titleBefore, COMPANY.titleAfter, 'bold')
  return {
    title: title.map((span) => ({ ...span, tone: 'value' })),
    cerfaLabel: `N° Cerfa : ${clean(snapshot.cerfaNumber)}`,
    body: [
      beneficiaryFrame(snapshot, COMPANY),
      donorFrame(donor, (snapshot.layoutVersion ?? 1) >= 2),
      giftsFrame(snapshot),
      ...signatureRow(snapshot),
    ],
    notes: noteParagraphs(COMPANY.notes),
  }
}

/** « … l’article 238 bis … » with « bis » in italics, as on the model. */
export function article238bis(before: string, after: string, style: SpanStyle = 'regular'): Span[] {
  const italic: SpanStyle = style === 'bold' ? 'boldItalic' : 'italic'
  return [label(before, style), label('bis', italic), label(after, style)]
}

/** Layout 1 receipts keep their first bytes (regeneration checks them): no country line. */
function donorFrame(donor: CompanyDonor, withCountry: boolean): ContentElement {
  return {
    kind: 'frame',
    title: COMPANY.donorTitle,
    children: [
      field(COMPANY.donorNameLabel, donor.name),
      field(COMPANY.legalFormLabel, donor.legalForm),
      field(COMPANY.sirenLabel, donor.siren),
      // The model has no « Pays » line here, but a company abroad must be told apart: an
      // addition to the model's mentions, as the signatory's name is.
      ...addressElements(donor.address, withCountry),
    ],
  }
}

function giftsFrame(snapshot: ReceiptSnapshot): ContentElement {
  const amount = snapshot.amountCents
  const words = amountInWords(amount)
  return {
    kind: 'frame',
    title: COMPANY.giftsTitle,
    children: [
      sentence([
        ...article238bis(COMPANY.receivedBefore, COMPANY.inKindAfter, 'bold'),
        noteCall(5, 'bold'),
        label(' :', 'bold'),
      ]),
      amountRow(0, COMPANY.inKindInWords, COMPANY.inKindNone),
      sentence([
        label(COMPANY.descriptionBefore),
        noteCall(6),
        label(COMPANY.descriptionMiddle),
        noteCall(7),
        label(COMPANY.descriptionAfter),
        value(COMPANY.descriptionNone),
      ]),
      { kind: 'space', height: 5 },
      sentence(article238bis(COMPANY.receivedBefore, COMPANY.paymentsAfter, 'bold')),
      amountRow(amount, COMPANY.paymentsInWords, words),
      paymentFormsElement(paymentMethodsOf(snapshot)),
      { kind: 'space', height: 5 },
      sentence([label(COMPANY.totalLabel, 'bold')]),
      amountRow(amount, COMPANY.totalInWords, words),
    ],
  }
}

/** « ***50,00*** euros » with its « Indiquez … en toutes lettres » on the same row. */
function amountRow(cents: number, inWordsLabel: string, words: string): ContentElement {
  return {
    kind: 'amount',
    figures: figures(cents),
    unit: COMPANY.currency,
    after: [label(inWordsLabel), value(words)],
  }
}

/** Note 8: « L’organisme bénéficiaire des versements peut cocher une ou plusieurs cases. » */
function paymentFormsElement(methods: PaymentMethod[]): ContentElement {
  const forms = COMPANY.paymentForms
  const used = (...kinds: PaymentMethod[]) => methods.some((m) => kinds.includes(m))
  return {
    kind: 'options',
    label: [label(COMPANY.paymentFormsLabel), noteCall(8), label(' :')],
    options: [
      { label: [label(forms.cash)], checked: used('cash') },
      { label: [label(forms.cheque)], checked: used('cheque') },
      { label: [label(forms.electronic)], checked: used('card', 'sepa', 'transfer') },
      { label: [label(forms.other)], checked: used('other') },
    ],
  }
}

/**
 * The date or period left of the signature box (layouts 1 and 2). Layout 3 puts the
 * verification code there, as on 11580, and the period on one full-width row above: the
 * page has no room for both in that column.
 */
function signatureRow(snapshot: ReceiptSnapshot): ContentElement[] {
  const { association, issuedAt } = snapshot
  const periodLabel = [label(COMPANY.periodLabel, 'bold'), noteCall(9, 'bold'), label(' :', 'bold')]
  const date = value(paymentDateText(snapshot, 'le '))
  if ((snapshot.layoutVersion ?? 1) < 3)
    return [signatureElement(association, issuedAt, [sentence(periodLabel), sentence([date])])]
  return [
    sentence([...periodLabel, label(' '), date]),
    signatureElement(association, issuedAt, verificationElements(snapshot)),
  ]
}

function sentence(spans: Span[]): ContentElement {
  return { kind: 'paragraph', spans }
}
