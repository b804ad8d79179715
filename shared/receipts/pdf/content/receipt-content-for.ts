import { assertCents } from '../../../domain/money.js'
import { parseInstant } from '../../../domain/paris-time.js'
import { AppError } from '../../../errors.js'
import type { ReceiptSnapshot, RenderOptions } from '../../receipt-snapshot.js'
import { clean, markElements, withoutInvisibles } from './common-content.js'
import { companyReceiptContent } from './company-receipt-content.js'
import { individualReceiptContent } from './individual-receipt-content.js'
import { lifecycleStamp } from './lifecycle-stamp.js'
import type { FormContent, ReceiptContent } from './receipt-content.js'
import { MARKS } from './receipt-wording.js'

/** Everything the receipt prints, for its form. */
export function receiptContentFor(
  snapshot: ReceiptSnapshot,
  options: RenderOptions = {},
): ReceiptContent {
  // Layout 3 never prints an invisible character; earlier layouts keep their bytes.
  return (snapshot.layoutVersion ?? 1) >= 3
    ? contentFor(withoutInvisibles(snapshot), withoutInvisibles(options))
    : contentFor(snapshot, options)
}

function contentFor(snapshot: ReceiptSnapshot, options: RenderOptions): ReceiptContent {
  assertCents(snapshot.amountCents, 'receipt amount')
  const issuedAt = parseIssuedAt(snapshot.issuedAt)
  const number = clean(snapshot.number)
  const form = formContent(snapshot)
  const lifecycle = options.lifecycle ? lifecycleStamp(options.lifecycle) : undefined
  const marks = markElements(snapshot, options)
  const layoutThree = (snapshot.layoutVersion ?? 1) >= 3
  return {
    header: {
      title: form.title,
      formCode: clean(snapshot.formCode),
      cerfaLabel: form.cerfaLabel,
      number,
    },
    body: [...marks, ...form.body],
    notes: form.notes,
    // A cancelled or replaced receipt says so across the page, SPECIMEN or not.
    ...(lifecycle ? lifecycle : snapshot.specimen ? { watermark: MARKS.specimen } : {}),
    number,
    // Layout 3 repeats DUPLICATA, SPECIMEN and « annule et remplace » on every page.
    ...(layoutThree && marks[0]?.kind === 'marks' ? { pageMarks: marks[0] } : {}),
    metadata: {
      title: layoutThree ? titleOf(number, snapshot, options) : `Reçu fiscal n° ${number}`,
      author: clean(snapshot.association.name),
      subject: `${clean(snapshot.formCode)} – Cerfa n° ${clean(snapshot.cerfaNumber)}`,
      issuedAt,
    },
  }
}

/** Layout 3: a stamped copy says so in its title too (viewers show it, search finds it). */
function titleOf(number: string, snapshot: ReceiptSnapshot, options: RenderOptions): string {
  const stamps = [
    options.duplicateOf ? MARKS.duplicate : undefined,
    options.lifecycle?.status === 'cancelled' ? MARKS.cancelled : undefined,
    options.lifecycle?.status === 'replaced' ? MARKS.replaced : undefined,
    snapshot.specimen ? MARKS.specimen : undefined,
  ].filter((stamp) => stamp !== undefined)
  return [`Reçu fiscal n° ${number}`, ...stamps].join(' – ')
}

function formContent(snapshot: ReceiptSnapshot): FormContent {
  const { donor, form } = snapshot
  if (form === '11580' && donor.kind === 'individual')
    return individualReceiptContent(snapshot, donor)
  if (form === '16216' && donor.kind === 'company') return companyReceiptContent(snapshot, donor)
  throw new AppError(
    'input.invalid',
    `form ${form} cannot be issued to a donor of kind ${donor.kind}`,
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
