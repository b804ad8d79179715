import type { Cents } from '../domain/money.js'

/**
 * Everything printed on a receipt, frozen at issue time. The PDF is a pure function of this
 * snapshot (and of the template version), so a receipt can be re-rendered byte for byte years
 * later, whatever happened to the configuration since.
 */
export type ReceiptForm = '11580' | '16216'

export interface PostalAddress {
  /** Street line(s) as given, e.g. "12 rue des Mûriers". */
  street: string
  postalCode: string
  city: string
  /** Country name in French, e.g. "France". */
  country: string
}

export interface AssociationSnapshot {
  name: string
  /** "SIREN 123456789" or "RNA W123456789": printed after « Numéro SIREN ou RNA : ». */
  registrationNumber: string
  address: PostalAddress
  /** The association's object, as explicit as possible. */
  object: string
  /** The organisme type ticked on the Cerfa; only this line is printed. */
  organismeType: 'association-loi-1901' | 'association-rup' | 'fondation' | 'autre'
  /** Printed text when organismeType is 'autre' or extra detail is needed (RUP decree date…). */
  organismeTypeDetail?: string
  signatory: { name: string; capacity: string }
  /** PNG, base64, applied as the printed signature (a griffe is accepted). */
  signatureImagePngBase64?: string
}

export interface IndividualDonor {
  kind: 'individual'
  lastName: string
  firstNames: string
  address: PostalAddress
}

export interface CompanyDonor {
  kind: 'company'
  /** « Dénomination de l’entreprise ». */
  name: string
  legalForm: string
  siren: string
  address: PostalAddress
  /**
   * The person who paid for the company on HelloAsso (« Prénom Nom »), when given: emails
   * greet them by name. Not printed on the receipt.
   */
  contactName?: string
}

export type Donor = IndividualDonor | CompanyDonor

/** How the money came in; drives the « mode de versement » box. */
export type PaymentMethod = 'card' | 'sepa' | 'transfer' | 'cheque' | 'cash' | 'other'

export interface ReceiptSnapshot {
  /** "2026-00042". */
  number: string
  form: ReceiptForm
  /** Dated settings, printed as is: "11580*05" / "16216*02". */
  cerfaNumber: string
  /** "2041-RD" / "2041-MEC-SD". */
  formCode: string
  /** ISO instant of issue; its Paris date is printed in « Date et signature ». */
  issuedAt: string
  amountCents: Cents
  /** Date(s) the money was received (Paris dates, YYYY-MM-DD). One date, or a period. */
  paymentDates: { from: string; to: string }
  /** Overrides the printed date, e.g. "cumul 2026" on a yearly summary receipt. */
  paymentDateLabel?: string
  paymentMethod: PaymentMethod
  /**
   * Every method used, when a yearly summary covers payments made in several ways: each one's
   * box is ticked. Absent on older snapshots and single payments (then `paymentMethod` alone).
   */
  paymentMethods?: PaymentMethod[]
  /** « Forme du don » on 11580 (no such row on 16216). */
  giftForm: 'declaration-don-manuel' | 'autres'
  association: AssociationSnapshot
  donor: Donor
  /** Set when this receipt cancels and replaces an earlier one (« Annule et remplace »). */
  replaces?: { number: string; issuedOn: string }
  /** Unverified local mode: every page says SPECIMEN; never a valid receipt. */
  specimen: boolean
  /**
   * Where anyone can check the receipt (`${PUBLIC_BASE_URL}/verifier/<signed token>`): layout 3
   * prints this URL as a QR code and as text. Set when the receipt is numbered; the token signs a
   * hash of every other field of this snapshot, so any hash of the frozen data leaves it out.
   * Absent on receipts numbered before verification existed: no QR is printed.
   */
  verification?: { url: string }
  /**
   * The layout the receipt was first rendered with, so that it renders the same bytes years
   * later (their SHA-256 is recorded when it is emailed). Absent: layout 1, the standard
   * Helvetica of the first receipts. 2: every font embedded, PDF/A-2b metadata. 3: the
   * verification QR code, right-to-left text in Unicode bidi order, invisible characters
   * dropped, marks on every page, and bytes that no longer depend on the platform's zlib nor
   * on the snapshot's key order.
   */
  layoutVersion?: ReceiptLayoutVersion
}

export type ReceiptLayoutVersion = 1 | 2 | 3

/** The layout new receipts are rendered with. */
export const CURRENT_LAYOUT_VERSION: ReceiptLayoutVersion = 3

/** The methods whose boxes a receipt ticks. */
export function paymentMethodsOf(snapshot: ReceiptSnapshot): PaymentMethod[] {
  return snapshot.paymentMethods ?? [snapshot.paymentMethod]
}

export interface RenderOptions {
  /** A reprint: same number, visibly marked DUPLICATA with the reprint date (YYYY-MM-DD). */
  duplicateOf?: { reprintedOn: string }
  /**
   * A receipt no longer valid, stamped on every page: « ANNULÉ le JJ/MM/AAAA — motif » (the
   * motif in the treasurer's words: remboursement, contestation, annulation par l’équipe…) or
   * « REMPLACÉ par le reçu n° … ». Dates are Paris days (YYYY-MM-DD). Absent: the receipt as
   * issued, byte for byte what was emailed.
   */
  lifecycle?: ReceiptLifecycle
}

export type ReceiptLifecycle =
  | { status: 'cancelled'; cancelledOn: string; reason: string }
  | { status: 'replaced'; replacedBy: string; replacedOn: string }
