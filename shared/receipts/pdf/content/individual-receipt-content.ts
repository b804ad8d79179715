import { amountInWords } from '../../amount-in-words.js'
import {
  type IndividualDonor,
  type PaymentMethod,
  paymentMethodsOf,
  type ReceiptSnapshot,
} from '../../receipt-snapshot.js'
import {
  addressElements,
  beneficiaryFrame,
  clean,
  figures,
  noteParagraphs,
  paymentDateText,
  signatureElement,
} from './common-content.js'
import {
  type CheckOption,
  type ContentElement,
  type FormContent,
  label,
  noteCall,
  value,
} from './receipt-content.js'
import { INDIVIDUAL } from './receipt-wording.js'
import { verificationElements } from './verification-content.js'

/** A Cerfa 11580 receipt (individuals), in the model's order (cerfa-wording.md §2). */
export function individualReceiptContent(
  snapshot: ReceiptSnapshot,
  donor: IndividualDonor,
): FormContent {
  return {
    title: [value(INDIVIDUAL.title, 'bold')],
    cerfaLabel: `N°${clean(snapshot.cerfaNumber)}`,
    body: [
      beneficiaryFrame(snapshot, INDIVIDUAL),
      donorFrame(donor),
      ...amountElements(snapshot),
      { kind: 'space', height: 6 },
      ...certificationElements(snapshot),
      { kind: 'space', height: 8 },
      signatureElement(snapshot.association, snapshot.issuedAt, verificationElements(snapshot)),
    ],
    notes: noteParagraphs(INDIVIDUAL.notes),
  }
}

function donorFrame(donor: IndividualDonor): ContentElement {
  return {
    kind: 'frame',
    title: INDIVIDUAL.donorTitle,
    children: [
      {
        kind: 'paragraph',
        spans: [
          label('Nom : '),
          value(clean(donor.lastName)),
          label('\u00a0\u00a0\u00a0\u00a0 Prénoms : '),
          value(clean(donor.firstNames)),
        ],
      },
      ...addressElements(donor.address, true),
    ],
  }
}

function amountElements(snapshot: ReceiptSnapshot): ContentElement[] {
  return [
    { kind: 'paragraph', spans: [label(INDIVIDUAL.received), noteCall(5), label(' :')] },
    {
      kind: 'amount',
      figures: figures(snapshot.amountCents),
      unit: INDIVIDUAL.currency,
      after: [label(INDIVIDUAL.inWords), value(amountInWords(snapshot.amountCents))],
    },
    {
      kind: 'paragraph',
      spans: [label(INDIVIDUAL.paymentDate), value(paymentDateText(snapshot, ''))],
    },
  ]
}

function certificationElements(snapshot: ReceiptSnapshot): ContentElement[] {
  const { giftForms, natures, paymentModes } = INDIVIDUAL
  const layout = snapshot.layoutVersion ?? 1
  const modes = new Set(paymentMethodsOf(snapshot).map((method) => paymentModeOf(method, layout)))
  return [
    { kind: 'paragraph', spans: [label(INDIVIDUAL.certifies), noteCall(6), label(' :')] },
    // Article 978 (IFI) is never ticked: fees and gifts here are income-tax gifts only.
    {
      kind: 'options',
      options: [option(INDIVIDUAL.article200, true), option(INDIVIDUAL.article978, false)],
    },
    { kind: 'space', height: 6 },
    {
      kind: 'options',
      label: [label(INDIVIDUAL.giftFormLabel, 'bold')],
      options: [
        option(giftForms.authentic, false),
        option(giftForms.private, false),
        option(giftForms.manual, snapshot.giftForm === 'declaration-don-manuel'),
        option(giftForms.other, snapshot.giftForm === 'autres'),
      ],
    },
    { kind: 'space', height: 3 },
    {
      kind: 'options',
      label: [label(INDIVIDUAL.natureLabel, 'bold'), noteCall(7, 'bold'), label(' :', 'bold')],
      options: [
        ...natures.map((nature, index) => option(nature, index === 0)),
        { label: [label(INDIVIDUAL.natureOther), noteCall(8), label(' :')], checked: false },
      ],
    },
    { kind: 'space', height: 3 },
    {
      kind: 'options',
      label: [label(INDIVIDUAL.paymentModeLabel, 'bold')],
      options: [
        option(paymentModes.cash, modes.has('cash')),
        option(paymentModes.cheque, modes.has('cheque')),
        option(paymentModes.electronic, modes.has('electronic')),
      ],
    },
  ]
}

/**
 * 11580 has three boxes. An 'other' payment (HelloAsso's `Other` or no means given) reached
 * the association through HelloAsso's payout, a bank transfer: layout 3 ticks the third box.
 * Layouts 1 and 2 ticked none, and keep their bytes.
 */
function paymentModeOf(
  method: PaymentMethod,
  layout: number,
): 'cash' | 'cheque' | 'electronic' | null {
  switch (method) {
    case 'card':
    case 'sepa':
    case 'transfer':
      return 'electronic'
    case 'cheque':
      return 'cheque'
    case 'cash':
      return 'cash'
    case 'other':
      return layout >= 3 ? 'electronic' : null
  }
}

function option(text: string, checked: boolean): CheckOption {
  return { label: [label(text)], checked }
}
