import type { ReceiptForm } from '../../receipts/receipt-snapshot.js'
import { donorsWithAvailablePayments } from '../../store/eligible-payment-queries.js'
import { MAX_TRANSACTION_ITEMS, summaryItemCount } from '../../store/summary-receipt-store.js'
import type { JobDeps } from '../job-deps.js'
import { ANNUAL_CHUNK_DONORS } from './annual-job.js'
import { availableByDonor, coversWholeYear, donorChunks } from './available-by-donor.js'
import { financialYearGroups, financialYearNote } from './company-financial-years.js'
import { donorLabel } from './donor-label.js'
import { summaryDraft } from './summary-draft.js'

/** One line of `receipts annual --year Y --dry-run`. */
export interface AnnualPreview {
  donorKey: string
  /** « Prénom Nom » or « Société (SIREN …) », for the treasurer's screen only. */
  donorLabel: string
  form: ReceiptForm
  paymentCount: number
  amountCents: number
  /** Paris days of the first and last payment. */
  period: { from: string; to: string }
  /** What the receipt would print as the date (« cumul 2026 », « du … au … »). */
  dateText: string
  /** False: too many payments for one receipt; the real run opens a review item instead. */
  fitsOneReceipt: boolean
  /** What the period rests on for a company (its financial year, or that it is unknown). */
  note?: string
}

/** What the annual run would issue now, donor by donor. Reads only: writes nothing. */
export async function* previewAnnualReceipts(
  deps: JobDeps,
  year: number,
): AsyncGenerator<AnnualPreview> {
  const table = deps.process.table
  const donors = await donorsWithAvailablePayments(table, year)
  // A chunk of donors at a time, as the real run reads them: memory stays flat.
  for (const chunk of donorChunks(donors, ANNUAL_CHUNK_DONORS))
    yield* previewChunk(deps, year, chunk)
}

async function* previewChunk(
  deps: JobDeps,
  year: number,
  chunk: { first: string; last: string },
): AsyncGenerator<AnnualPreview> {
  const table = deps.process.table
  for (const [donorKey, { available, claimedBy }] of await availableByDonor(table, year, chunk)) {
    const groups = financialYearGroups(deps.process.config, year, available)
    const wholeYear = groups.length === 1 && (await coversWholeYear(table, claimedBy))
    for (const group of groups) {
      const draft = summaryDraft(deps.process, year, group, { wholeYear })
      const { snapshot } = draft
      const note = financialYearNote(deps.process.config, snapshot.form)
      yield {
        donorKey,
        donorLabel: donorLabel(snapshot.donor),
        form: snapshot.form,
        paymentCount: group.length,
        amountCents: snapshot.amountCents,
        period: snapshot.paymentDates,
        dateText: dateText(snapshot.paymentDateLabel, snapshot.paymentDates),
        fitsOneReceipt: summaryItemCount(table, draft, group) <= MAX_TRANSACTION_ITEMS,
        ...(note ? { note } : {}),
      }
    }
  }
}

function dateText(label: string | undefined, { from, to }: { from: string; to: string }): string {
  if (label) return label
  return from === to ? `le ${frenchDay(from)}` : `du ${frenchDay(from)} au ${frenchDay(to)}`
}

function frenchDay(day: string): string {
  const [year, month, date] = day.split('-')
  return `${date}/${month}/${year}`
}
