import type { Donor } from '../../receipts/receipt-snapshot.js'

/** How staff and the treasurer recognise a donor: « Prénom Nom », or the company and SIREN. */
export function donorLabel(donor: Donor): string {
  return donor.kind === 'company'
    ? `${donor.name} (SIREN ${donor.siren})`
    : `${donor.firstNames} ${donor.lastName}`
}
