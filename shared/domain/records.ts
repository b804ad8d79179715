import type { ReceiptSnapshot } from '../receipts/receipt-snapshot.js'
import type { Cents } from './money.js'

/** How a receipt's amount was computed from the HelloAsso order (invariant 6). */
export interface AmountProvenance {
  paymentId: number
  /** What the payer's card was charged for this payment, tip excluded, as HelloAsso reports it. */
  paymentAmountCents: Cents
  /** The voluntary contribution to HelloAsso: never on a receipt. */
  tipCents: Cents
  lines: ProvenanceLine[]
  eligibleCents: Cents
  /** A staff decision on the amount (a discount, a free price), recorded with its reason. */
  staffDecision?: { amountCents: Cents; reason: string; by: string; at: string }
}

export interface ProvenanceLine {
  itemId: number
  type: string
  label: string
  tierKey?: string
  /** This payment's share of the item, options excluded. */
  shareCents: Cents
  /** Options bought with the item: never eligible. */
  optionsCents: Cents
  eligible: boolean
  why: string
  /**
   * Under a tier's documented deductible share (a fee that bundles services): the part of
   * `shareCents` on the receipt; `why` says why. Absent: the whole share, when eligible.
   */
  deductibleCents?: Cents
}

/** `not-sent`: withheld for good because the receipt was cancelled or replaced before it went. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'not-sent'

export interface DeliveryState {
  status: DeliveryStatus
  attempts: number
  leaseUntil?: string
  /**
   * Set by the claim that starts a sending; kept by its retries (a claim taking over an expired
   * lease, a transient failure), dropped once the outcome is final (sent, failed, not sent) or a
   * new sending is asked (a resend). The Message-ID carries it, so the retry of a sending cut
   * short after the message left sends the same message, not a second one.
   */
  sendId?: string
  lastError?: string
  sentAt?: string
  messageId?: string
  pdfSha256?: string
  /** A copy sent again at a staff member's request. */
  resend?: boolean
  /**
   * Set when that copy is a duplicata the donor asked for: the PDF is marked DUPLICATA with
   * this reprint day (Paris, YYYY-MM-DD) and the email says so. Absent: the same original.
   */
  duplicata?: { reprintedOn: string; sha256?: string }
}

export type ReceiptStatus = 'issued' | 'cancelled' | 'replaced'
export type CancellationReason = 'refund' | 'contest' | 'staff'

export interface ReceiptRecord {
  orgId: string
  number: string
  year: number
  sequence: number
  form: ReceiptSnapshot['form']
  status: ReceiptStatus
  snapshot: ReceiptSnapshot
  provenance: AmountProvenance
  orderId: number
  paymentId: number
  payerEmail: string
  issuedAt: string
  delivery: DeliveryState
  cancellation?: { at: string; reason: CancellationReason; note?: string }
  cancellationDelivery?: DeliveryState
  /**
   * The dated tax rules it was issued under (shared/tax) and the rate it claims; what its emails
   * say about the reduction follows them. Absent on receipts issued before the rules were dated.
   */
  taxRules?: AppliedTaxRules
  /** The members the payment paid for (items[].user), for staff search and detail. */
  members?: { firstName: string; lastName: string }[]
  /** Set on a receipt cancelled and replaced by a correction (« annule et remplace »). */
  replacedBy?: { number: string; at: string }
  /**
   * Set on a yearly summary receipt only: every payment it covers, oldest first. `paymentId`,
   * `orderId` and `provenance` then describe the first payment and the summed amount.
   */
  coveredPayments?: CoveredPayment[]
  history: { at: string; event: string; detail?: string }[]
  /**
   * Set once the retention period is over and the personal data were erased: the snapshot keeps
   * the number, dates, amount, model and state, the donor's identity and address are gone.
   */
  purged?: { at: string }
}

/** Which version(s) of the dated tax rules a receipt was issued under, and its rate. */
export interface AppliedTaxRules {
  /** Versions in force on the days of the payments it covers, oldest first ("2025-10-14"). */
  versions: string[]
  /** The reduction rate it claims: 66 or 75 (art. 200, « Coluche »), 60 (art. 238 bis). */
  ratePercent: number
}

/** One payment of a yearly summary receipt, with how its share of the amount was computed. */
export interface CoveredPayment {
  paymentId: number
  orderId: number
  /** Paris calendar day (YYYY-MM-DD) the payment was received. */
  paidOn: string
  amountCents: Cents
  provenance: AmountProvenance
}

export interface MembershipRecord {
  orgId: string
  itemId: number
  orderId: number
  tierKey: string
  member: { firstName: string; lastName: string }
  payerKind: 'individual' | 'organisation'
  validFrom: string
  validTo: string
  status: 'active' | 'ended'
  endedReason?: string
  firstPaymentId: number
  updatedAt: string
}

export type ReviewReason =
  | 'malformed-notification'
  | 'oversized-notification'
  | 'foreign-organisation'
  | 'organisation-slug-changed'
  | 'tier-unknown'
  | 'amount-mismatch'
  | 'budget-mismatch'
  | 'mixed-payer-kinds'
  | 'address-missing'
  | 'email-missing'
  | 'company-data-missing'
  | 'helloasso-receipt-exists'
  | 'partial-refund'
  | 'receipt-cancelled'
  | 'order-not-found'
  | 'delivery-failed'
  | 'dead-letter'
  | 'helloasso-amount-changed'
  | 'helloasso-payment-unpaid'
  | 'helloasso-payment-missing'
  | 'annual-too-many-payments'
  | 'payer-model-unclear'
  | 'payer-not-subject-to-tax'
  | 'legal-form-unknown'
  | 'counterparts-exceed-limits'
  | 'helloasso-forms-changed'
  /** A donor asked, from their own page, to correct a receipt (the message says what). */
  | 'donor-correction-request'

export interface ReviewItem {
  orgId: string
  id: string
  reasons: ReviewReason[]
  /** French, for the staff member reading the queue. */
  message: string
  status: 'open' | 'resolved' | 'dismissed'
  createdAt: string
  refs: { notificationId?: string; orderId?: number; paymentId?: number; receiptNumber?: string }
  /** How staff closed it. */
  decision?: { at: string; by: string; note: string; receiptNumber?: string }
  /**
   * Work that failed for good, again and again, keeps this one item: how many times, the last
   * time and error (`message` says it in words).
   */
  failures?: { count: number; lastAt: string; lastError: string }
}
