import { createHash } from 'node:crypto'
import type { Donor, ReceiptForm } from '../receipts/receipt-snapshot.js'
import { normalizeForSearch } from '../store/search-tokens.js'

/**
 * Which payments one yearly summary receipt may gather: the same form (art. 200 and 238 bis are
 * never mixed) and the same payer — a company by its SIREN, a person by email and name (two
 * people sharing a mailbox stay apart). Both are hashed: the key ends up in job findings,
 * review ids and queue messages, which carry no SIREN, email or name (invariant 9); log lines
 * leave it out altogether. ASCII, no '#': key ranges of the store rely on it.
 */
export function donorKey(donor: Donor, payerEmail: string): string {
  const form: ReceiptForm = donor.kind === 'company' ? '16216' : '11580'
  const identity =
    donor.kind === 'company'
      ? `siren\n${donor.siren.replace(/\D/g, '')}`
      : [
          payerEmail.trim().toLowerCase(),
          normalizeForSearch(donor.lastName),
          normalizeForSearch(donor.firstNames),
        ].join('\n')
  return `${form}-${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`
}
