import { CSV_BOM, csvEuros, csvRow } from '../csv/csv-format.js'
import { parisIsoDay } from '../domain/paris-time.js'
import type { ReceiptRecord } from '../domain/records.js'
import { eventLabel } from '../jobs/declaration/receipt-checks.js'
import { CANCELLATION_REASONS } from '../jobs/declaration/register-csv.js'
import { receiptsByYear } from '../store/receipt-queries.js'
import { donorName } from './receipt-summary.js'
import type { StaffDeps } from './staff-deps.js'

const COLUMNS = [
  'numero',
  'date_emission',
  'date_versement',
  'formulaire',
  'statut',
  'montant_eur',
  'donateur',
  'siren',
  'adresse',
  'code_postal',
  'commune',
  'pays',
  'email',
  'commande_helloasso',
  'paiement_helloasso',
  'remplace',
  'remplace_par',
  'motif_annulation',
  'specimen',
]

/**
 * The year's receipts as CSV for the accountant: `;`-separated with a UTF-8 BOM (what French
 * spreadsheet software opens cleanly), decimal comma, one page of DynamoDB at a time so memory
 * stays flat whatever the year's size.
 */
export function exportReceiptsCsv(deps: StaffDeps, year: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let cursor: string | undefined
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(`${CSV_BOM}${COLUMNS.join(';')}\r\n`))
        return
      }
      const page = await receiptsByYear(deps.table, year, 200, cursor)
      const rows = [...page.items].sort((a, b) => a.number.localeCompare(b.number)).map(row)
      if (rows.length > 0) controller.enqueue(encoder.encode(rows.join('')))
      cursor = page.cursor
      if (!cursor) controller.close()
    },
  })
}

function row(receipt: ReceiptRecord): string {
  const { snapshot } = receipt
  const donor = snapshot.donor
  const values = [
    receipt.number,
    // The issue day as the receipt prints it: Paris, not UTC (just after midnight in Paris is
    // still the day before in UTC).
    parisIsoDay(receipt.issuedAt),
    snapshot.paymentDates.from === snapshot.paymentDates.to
      ? snapshot.paymentDates.from
      : `${snapshot.paymentDates.from}/${snapshot.paymentDates.to}`,
    snapshot.cerfaNumber,
    // The register's words (« émis », « annulé », « remplacé »), not the stored codes.
    eventLabel(receipt.status),
    csvEuros(snapshot.amountCents),
    donorName(receipt),
    donor.kind === 'company' ? donor.siren : '',
    donor.address.street,
    donor.address.postalCode,
    donor.address.city,
    donor.address.country,
    receipt.payerEmail,
    String(receipt.orderId),
    String(receipt.paymentId),
    snapshot.replaces?.number ?? '',
    receipt.replacedBy?.number ?? '',
    receipt.cancellation?.note ??
      (receipt.cancellation ? CANCELLATION_REASONS[receipt.cancellation.reason] : ''),
    snapshot.specimen ? 'oui' : 'non',
  ]
  return csvRow(values)
}
