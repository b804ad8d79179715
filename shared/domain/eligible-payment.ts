import type { Donor, PaymentMethod, ReceiptForm } from '../receipts/receipt-snapshot.js'
import type { Cents } from './money.js'
import type { AmountProvenance, ReviewReason } from './records.js'

/**
 * A payment that may appear on a receipt: paid, with an eligible amount, and nothing left for a
 * person to decide. Recorded under both receipt policies; the yearly summary receipt is built
 * from these alone, so it never has to re-read HelloAsso orders.
 */
export interface EligiblePayment {
  orgId: string
  /** Tax year: the Paris calendar year of the payment (invariant 5). */
  year: number
  /** Groups one payer's payments, form included (see donorKey()). Holds no personal data. */
  donorKey: string
  form: ReceiptForm
  paymentId: number
  orderId: number
  /** The payment instant as HelloAsso gave it. */
  paidAt: string
  /** Its Paris calendar day, YYYY-MM-DD. */
  paidOn: string
  amountCents: Cents
  paymentMethod: PaymentMethod
  donor: Donor
  payerEmail: string
  members: { firstName: string; lastName: string }[]
  provenance: AmountProvenance
  /** False in unverified local mode: a receipt made from it is a SPECIMEN. */
  verified: boolean
  recordedAt: string
  /** Refunded or contested: never on a receipt again. */
  refunded?: { at: string; reason: 'refund' | 'contest' }
  /** Paid again but now doubtful (a partial refund…): waits for a person, off summaries. */
  withheld?: { at: string; reasons: ReviewReason[] }
}
