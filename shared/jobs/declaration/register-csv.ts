import { CSV_BOM, csvEuros, csvRow } from '../../csv/csv-format.js'
import { parisIsoDay } from '../../domain/paris-time.js'
import type { CancellationReason } from '../../domain/records.js'
import { eventLabel } from './receipt-checks.js'
import type { NumberGroup } from './receipts-by-number.js'
import type { RegisterReceipt } from './series-receipts.js'

const COLUMNS = [
  'numero',
  'formulaire',
  'statut',
  'date_emission',
  'date_versement',
  'montant_eur',
  'donateur',
  'siren',
  'date_annulation',
  'motif_annulation',
  'note_annulation',
  'remplace',
  'remplace_par',
  'commande_helloasso',
  'paiement_helloasso',
  'specimen',
]

export const CANCELLATION_REASONS: Record<CancellationReason, string> = {
  refund: 'remboursement',
  contest: 'contestation du paiement',
  staff: 'annulation par l’équipe',
}

export const REGISTER_HEADER = `${CSV_BOM}${csvRow(COLUMNS)}`

/**
 * One line per number of the series: the receipt as issued and what became of it. Dates are
 * Paris calendar days (YYYY-MM-DD, which spreadsheets sort). A number with no receipt record
 * still gets a line, marked absent, so a gap shows where it is.
 */
export function registerRow(group: NumberGroup<RegisterReceipt>): string {
  const receipt = group.receipt
  if (!receipt) return csvRow([group.number, '', 'absent (voir les contrôles)'])
  const { snapshot } = receipt
  const { from, to } = snapshot.paymentDates
  return csvRow([
    receipt.number,
    snapshot.cerfaNumber,
    eventLabel(receipt.status),
    parisIsoDay(receipt.issuedAt),
    from === to ? from : `${from}/${to}`,
    csvEuros(snapshot.amountCents),
    donorName(snapshot.donor),
    snapshot.donor.kind === 'company' ? snapshot.donor.siren : '',
    ...ending(receipt),
    snapshot.replaces?.number ?? '',
    receipt.replacedBy?.number ?? '',
    String(receipt.orderId),
    String(receipt.paymentId),
    snapshot.specimen ? 'oui' : 'non',
  ])
}

/** Date, reason and note of a cancellation; a replacement is a cancellation by correction. */
function ending(receipt: RegisterReceipt): [string, string, string] {
  if (receipt.cancellation) {
    const { at, reason, note } = receipt.cancellation
    return [parisIsoDay(at), CANCELLATION_REASONS[reason] ?? reason, note ?? '']
  }
  if (receipt.replacedBy)
    return [parisIsoDay(receipt.replacedBy.at), 'correction (annule et remplace)', '']
  return ['', '', '']
}

function donorName(donor: RegisterReceipt['snapshot']['donor']): string {
  return donor.kind === 'company' ? donor.name : `${donor.firstNames} ${donor.lastName}`
}
