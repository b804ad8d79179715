import { assertCents } from '../../domain/money.js'
import { parseInstant } from '../../domain/paris-time.js'
import { AppError } from '../../errors.js'
import type { ReceiptSnapshot, RenderOptions } from '../receipt-snapshot.js'
import { clean, markElements } from './common-content.js'
import {
  article238bis,
  companyReceiptBody,
  companyReceiptNotes,
} from './company-receipt-content.js'
import { individualReceiptBody, individualReceiptNotes } from './individual-receipt-content.js'
import { label, type ReceiptContent, type ReceiptHeader, type Span } from './receipt-content.js'
import { COMPANY, INDIVIDUAL, MARKS } from './receipt-wording.js'

/** Everything the receipt prints, for its form. */
export function receiptContentFor(
  snapshot: ReceiptSnapshot,
  options: RenderOptions = {},
): ReceiptContent {
  assertCents(snapshot.amountCents, 'receipt amount')
  const issuedAt = parseIssuedAt(snapshot.issuedAt)
  const number = clean(snapshot.number)
  const { donor, form } = snapshot
  const body =
    form === '11580' && donor.kind === 'individual'
      ? individualReceiptBody(snapshot, donor)
      : form === '16216' && donor.kind === 'company'
        ? companyReceiptBody(snapshot, donor)
        : mismatch(form, donor.kind)
  return {
    header: headerFor(snapshot, number),
    body: [...markElements(snapshot, options), ...body],
    notes: form === '11580' ? individualReceiptNotes() : companyReceiptNotes(),
    ...(snapshot.specimen ? { watermark: MARKS.specimen } : {}),
    number,
    metadata: {
      title: `Reçu fiscal n° ${number}`,
      author: clean(snapshot.association.name),
      subject: `${clean(snapshot.formCode)} – Cerfa n° ${clean(snapshot.cerfaNumber)}`,
      issuedAt,
    },
  }
}

function headerFor(snapshot: ReceiptSnapshot, number: string): ReceiptHeader {
  const cerfa = clean(snapshot.cerfaNumber)
  const black = (spans: Span[]): Span[] => spans.map((span) => ({ ...span, tone: 'value' }))
  return snapshot.form === '11580'
    ? {
        title: black([label(INDIVIDUAL.title, 'bold')]),
        formCode: clean(snapshot.formCode),
        cerfaLabel: `N°${cerfa}`,
        number,
      }
    : {
        title: black(article238bis(COMPANY.titleBefore, COMPANY.titleAfter, 'bold')),
        formCode: clean(snapshot.formCode),
        cerfaLabel: `N° Cerfa : ${cerfa}`,
        number,
      }
}

function mismatch(form: string, donorKind: string): never {
  throw new AppError(
    'input.invalid',
    `form ${form} cannot be issued to a donor of kind ${donorKind}`,
  )
}

function parseIssuedAt(issuedAt: string): Date {
  try {
    return parseInstant(issuedAt)
  } catch (cause) {
    throw new AppError('input.invalid', `receipt issuedAt "${issuedAt}" is not an instant`, {
      cause,
    })
  }
}
