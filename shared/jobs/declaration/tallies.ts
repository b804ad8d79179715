import type { Cents } from '../../domain/money.js'
import type { ReceiptForm } from '../../receipts/receipt-snapshot.js'
import { FORMS, type FormTallies, type Tally } from './declaration-report.js'

export function emptyTallies(): FormTallies {
  return { '11580': { count: 0, amountCents: 0 }, '16216': { count: 0, amountCents: 0 } }
}

export function isForm(value: unknown): value is ReceiptForm {
  return FORMS.includes(value as ReceiptForm)
}

export function addTo(tallies: FormTallies, form: ReceiptForm, amountCents: Cents): void {
  tallies[form].count += 1
  tallies[form].amountCents += amountCents
}

export function totalOf(tallies: FormTallies): Tally {
  return FORMS.reduce(
    (sum, form) => ({
      count: sum.count + tallies[form].count,
      amountCents: sum.amountCents + tallies[form].amountCents,
    }),
    { count: 0, amountCents: 0 },
  )
}

export const FORM_LABELS: Record<ReceiptForm, string> = {
  '11580': 'Cerfa 11580 (particuliers)',
  '16216': 'Cerfa 16216 (entreprises)',
}
