import { type Cents, formatEuros } from '../../../domain/money.js'
import { formatParisDate } from '../../../domain/paris-time.js'
import { AppError } from '../../../errors.js'
import type {
  AssociationSnapshot,
  PostalAddress,
  ReceiptSnapshot,
  RenderOptions,
} from '../../receipt-snapshot.js'
import { type ContentElement, label, mark, noteCall, type Span, value } from './receipt-content.js'
import { BENEFICIARY_TITLE, COMMON, MARKS } from './receipt-wording.js'

/** Free text from settings or payers: one line, no control characters. */
export function clean(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(', ')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
}

// Default-ignorable code points (soft hyphen, zero-width space and joiner, word joiner, bidi
// embeddings, overrides and isolates, byte order mark, variation selectors…) are meant never
// to show; fonts draw some of them (a soft hyphen as « - », a word joiner as a gap). The
// zero-width non-joiner stays: it changes how Persian letters join, and draws nothing.
const INVISIBLE = /(?!\u200c)\p{Default_Ignorable_Code_Point}/gu

/**
 * Layout 3: the same value with every invisible formatting character taken out of every
 * string, at any depth. Bidi overrides go too: the bidi algorithm orders the text itself.
 */
export function withoutInvisibles<T>(value: T): T {
  if (typeof value === 'string') return value.replace(INVISIBLE, '') as T
  if (Array.isArray(value)) return value.map((item) => withoutInvisibles(item)) as T
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [key, withoutInvisibles(item)])
    return Object.fromEntries(entries) as T
  }
  return value
}

export function field(labelText: string, valueText: string): ContentElement {
  return { kind: 'paragraph', spans: [label(labelText), value(clean(valueText))] }
}

export function addressElements(address: PostalAddress, withCountry: boolean): ContentElement[] {
  const elements: ContentElement[] = [
    field(COMMON.addressLabel, address.street),
    {
      kind: 'paragraph',
      spans: [
        label(COMMON.postalCodeLabel),
        value(clean(address.postalCode)),
        // No-break spaces: the layout collapses ordinary ones.
        label('\u00a0\u00a0\u00a0\u00a0 '),
        label(COMMON.cityLabel),
        value(clean(address.city)),
      ],
    },
  ]
  if (withCountry) elements.push(field(COMMON.countryLabel, address.country))
  return elements
}

/** The organisme type: line 1 ticked, then only the sub-type that applies (cerfa-wording.md §2.3). */
export function organismeTypeElements(
  association: AssociationSnapshot,
  generalInterest: string,
  specify?: string,
): ContentElement[] {
  const elements: ContentElement[] = [
    { kind: 'check', shape: 'box', checked: true, label: [label(generalInterest)] },
  ]
  if (specify) elements.push({ kind: 'paragraph', spans: [label(specify)], indent: 11 })
  elements.push({
    kind: 'check',
    shape: 'radio',
    checked: true,
    label: organismeTypeLabel(association),
    indent: 11,
  })
  return elements
}

function organismeTypeLabel(association: AssociationSnapshot): Span[] {
  const detail = association.organismeTypeDetail ? clean(association.organismeTypeDetail) : ''
  switch (association.organismeType) {
    case 'association-loi-1901':
      return [label(COMMON.organismeTypes['association-loi-1901'])]
    case 'association-rup':
      return [label(COMMON.organismeTypes['association-rup']), value(detail ? ` ${detail}` : '')]
    case 'fondation':
      return detail ? [value(detail)] : [label(COMMON.organismeTypes.fondation)]
    case 'autre':
      return [label(COMMON.organismeTypes.autre), value(detail)]
  }
}

/** Annule et remplace, DUPLICATA, SPECIMEN: one row under the header, outside the model. */
export function markElements(snapshot: ReceiptSnapshot, options: RenderOptions): ContentElement[] {
  const stamps: string[] = []
  const lines: Span[][] = []
  if (options.duplicateOf) {
    stamps.push(MARKS.duplicate)
    lines.push([mark(MARKS.duplicateText(formatDay(options.duplicateOf.reprintedOn)))])
  }
  if (snapshot.specimen) {
    stamps.push(MARKS.specimen)
    lines.push([mark(MARKS.specimenText)])
  }
  if (snapshot.replaces) {
    const { number, issuedOn } = snapshot.replaces
    lines.push([mark(MARKS.replaces(clean(number), formatDay(issuedOn)))])
  }
  return lines.length > 0 ? [{ kind: 'marks', stamps, lines }] : []
}

export function signatureElement(
  association: AssociationSnapshot,
  issuedAt: string,
  left: ContentElement[],
): Extract<ContentElement, { kind: 'signature' }> {
  const { name, capacity } = association.signatory
  const element: Extract<ContentElement, { kind: 'signature' }> = {
    kind: 'signature',
    label: COMMON.signatureLabel,
    left,
    date: `Le ${formatParisDate(issuedAt)}`,
    signatory: [value(clean(name)), label(`, ${clean(capacity)}`)],
  }
  const base64 = association.signatureImagePngBase64
  if (base64) element.image = { png: decodeSignature(base64), key: base64 }
  return element
}

export function noteParagraphs(notes: Record<number, readonly string[]>): Span[][] {
  return Object.entries(notes).flatMap(([number, paragraphs]) =>
    paragraphs.map((text, index) =>
      index === 0
        ? [noteCall(Number(number)), label(` ${text}`)]
        : [label(`\u00a0\u00a0\u00a0${text}`)],
    ),
  )
}

/** Figures framed by asterisks, the computer-made receipt's guard against tampering. */
export function figures(cents: Cents): string {
  return `***${formatEuros(cents)}***`
}

/** The printed payment date: a label as given, one day, or « du … au … ». */
export function paymentDateText(snapshot: ReceiptSnapshot, singlePrefix: string): string {
  if (snapshot.paymentDateLabel) return clean(snapshot.paymentDateLabel)
  const { from, to } = snapshot.paymentDates
  if (from === to) return `${singlePrefix}${formatDay(from)}`
  return `du ${formatDay(from)} au ${formatDay(to)}`
}

/** JJ/MM/AAAA from a Paris calendar day (YYYY-MM-DD) or, failing that, an ISO instant. */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (match) return `${match[3]}/${match[2]}/${match[1]}`
  try {
    return formatParisDate(day)
  } catch (cause) {
    throw new AppError('input.invalid', `receipt date "${day}" is not a date`, { cause })
  }
}

function decodeSignature(base64: string): Uint8Array {
  const bytes = Buffer.from(base64, 'base64')
  const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47]
  if (!PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) {
    throw new AppError('input.invalid', 'the signature image is not a base64 PNG')
  }
  return new Uint8Array(bytes)
}

/** The beneficiary block: same fields on both models, with each model's own labels. */
export function beneficiaryFrame(
  snapshot: ReceiptSnapshot,
  wording: { nameLabel: string; tickLabel: string; generalInterest: string; specify?: string },
): ContentElement {
  const { association } = snapshot
  return {
    kind: 'frame',
    title: BENEFICIARY_TITLE,
    children: [
      field(wording.nameLabel, association.name),
      field(COMMON.registrationLabel, association.registrationNumber),
      ...addressElements(association.address, true),
      field(COMMON.objectLabel, association.object),
      { kind: 'space', height: 3 },
      { kind: 'paragraph', spans: [label(wording.tickLabel)] },
      ...organismeTypeElements(association, wording.generalInterest, wording.specify),
    ],
  }
}
