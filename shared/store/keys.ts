/**
 * Every DynamoDB key of the project, in one place. Keys start with the organisation's stable id
 * (config `id`, not the HelloAsso slug, which can change) so one table serves several
 * associations and no query can cross organisations.
 */
export interface Key {
  pk: string
  sk: string
}

const org = (orgId: string) => `ORG#${orgId}`

/** The lanes of pending work, as their sort keys begin (notifications, drafts, deliveries). */
export type PendingLaneKey = 'notification' | 'number' | 'delivery'

export const keys = {
  notification: (orgId: string, id: string): Key => ({
    pk: `${org(orgId)}#NOTIFICATION#${id}`,
    sk: 'NOTIFICATION',
  }),
  notificationsIndex: (orgId: string) => `${org(orgId)}#NOTIFICATIONS`,
  order: (orgId: string, orderId: number): Key => ({
    pk: `${org(orgId)}#ORDER#${orderId}`,
    sk: 'ORDER',
  }),
  payment: (orgId: string, paymentId: number): Key => ({
    pk: `${org(orgId)}#PAYMENT#${paymentId}`,
    sk: 'PAYMENT',
  }),
  /** At most one live receipt per payment: this item exists once the payment is receipted. */
  paymentReceipt: (orgId: string, paymentId: number): Key => ({
    pk: `${org(orgId)}#PAYMENT#${paymentId}`,
    sk: 'RECEIPT',
  }),
  /**
   * A payment's receipt as the process step drafted it, waiting for the numbering step (which
   * deletes it in the transaction that numbers it). Listed with the pending work.
   */
  receiptDraft: (orgId: string, paymentId: number): Key => ({
    pk: `${org(orgId)}#PAYMENT#${paymentId}`,
    sk: 'DRAFT',
  }),
  /**
   * A paid, eligible, unblocked payment waiting for (or covered by) a receipt, grouped by tax
   * year and donor so the yearly summary reads one donor's payments as one key range.
   */
  eligiblePayment: (orgId: string, year: number, donorKey: string, paymentId: number): Key => ({
    pk: `${org(orgId)}#ELIGIBLE#${year}`,
    sk: `${donorKey}#${paymentId}`,
  }),
  eligiblePayments: (orgId: string, year: number) => `${org(orgId)}#ELIGIBLE#${year}`,
  /** Where a payment's eligible item is (year, donor): a refund knows only the payment id. */
  paymentEligible: (orgId: string, paymentId: number): Key => ({
    pk: `${org(orgId)}#PAYMENT#${paymentId}`,
    sk: 'ELIGIBLE',
  }),
  membership: (orgId: string, itemId: number): Key => ({
    pk: `${org(orgId)}#MEMBERSHIP#${itemId}`,
    sk: 'MEMBERSHIP',
  }),
  /**
   * Every membership on gsi1, newest validity first (`<validFrom>#<item id>`): the staff list and
   * its CSV export. No name in the key, so a page cursor carries no personal data.
   */
  membershipsIndex: (orgId: string) => `${org(orgId)}#MEMBERSHIPS`,
  receipt: (orgId: string, number: string): Key => ({
    pk: `${org(orgId)}#RECEIPT#${number}`,
    sk: 'RECEIPT',
  }),
  receiptsByYear: (orgId: string, year: number) => `${org(orgId)}#RECEIPTS#${year}`,
  receiptsByEmail: (orgId: string, email: string) =>
    `${org(orgId)}#RECEIPTS#EMAIL#${email.toLowerCase()}`,
  counter: (orgId: string, year: number): Key => ({
    pk: `${org(orgId)}#COUNTER#${year}`,
    sk: 'COUNTER',
  }),
  ledgerEntry: (orgId: string, year: number, entry: string): Key => ({
    pk: `${org(orgId)}#LEDGER#${year}`,
    sk: entry,
  }),
  review: (orgId: string, id: string): Key => ({ pk: `${org(orgId)}#REVIEW#${id}`, sk: 'REVIEW' }),
  openReviewsIndex: (orgId: string) => `${org(orgId)}#REVIEWS#open`,
  /** How many review items are open, kept with every open and close (the page's badge). */
  openReviewCount: (orgId: string): Key => ({ pk: `${org(orgId)}#REVIEWS#count`, sk: 'COUNT' }),
  deadLetter: (orgId: string, id: string): Key => ({
    pk: `${org(orgId)}#DEADLETTER#${id}`,
    sk: 'DEADLETTER',
  }),
  deadLettersIndex: (orgId: string) => `${org(orgId)}#DEADLETTERS`,
  /** Name search: words grouped by their first two characters, sorted as `word#receipt`. */
  nameSearch: (orgId: string, partition: string, sortKey: string): Key => ({
    pk: `${org(orgId)}#SEARCH#NAME#${partition}`,
    sk: sortKey,
  }),
  nameSearchPartition: (orgId: string, partition: string) =>
    `${org(orgId)}#SEARCH#NAME#${partition}`,
  /** Member search, apart from receipts so a page of one kind is never eaten by the other. */
  memberSearch: (orgId: string, partition: string, sortKey: string): Key => ({
    pk: `${org(orgId)}#SEARCH#MEMBER#${partition}`,
    sk: sortKey,
  }),
  memberSearchPartition: (orgId: string, partition: string) =>
    `${org(orgId)}#SEARCH#MEMBER#${partition}`,
  orderReceipt: (orgId: string, orderId: number, number: string): Key => ({
    pk: `${org(orgId)}#SEARCH#ORDER#${orderId}`,
    sk: number,
  }),
  orderReceiptsPartition: (orgId: string, orderId: number) =>
    `${org(orgId)}#SEARCH#ORDER#${orderId}`,
  audit: (orgId: string, subject: string, sortKey: string): Key => ({
    pk: `${org(orgId)}#AUDIT#${subject}`,
    sk: sortKey,
  }),
  auditPartition: (orgId: string, subject: string) => `${org(orgId)}#AUDIT#${subject}`,
  /** Running totals of a tax year for the staff home page (per form and month). */
  yearStats: (orgId: string, year: number): Key => ({
    pk: `${org(orgId)}#STATS#${year}`,
    sk: 'STATS',
  }),
  /** Emails that could not be delivered, for the staff home page (`<number>#<kind>`). */
  failedDelivery: (orgId: string, number: string, kind: string): Key => ({
    pk: `${org(orgId)}#FAILED-DELIVERIES`,
    sk: `${number}#${kind}`,
  }),
  failedDeliveriesPartition: (orgId: string) => `${org(orgId)}#FAILED-DELIVERIES`,
  /** Sparse index of work not finished yet, re-queued when the local runtime starts. */
  pendingIndex: (orgId: string) => `${org(orgId)}#PENDING`,
  /**
   * Sort key in the pending index: the lane, then when the work became pending, so the oldest
   * of a lane is the first (shared/store/oldest-pending.ts).
   */
  pendingSortKey: (lane: PendingLaneKey, since: string, id: string) => `${lane}#${since}#${id}`,
  pendingDelivery: (orgId: string, number: string, kind: string): Key => ({
    pk: `${org(orgId)}#PENDING#DELIVERY#${number}#${kind}`,
    sk: 'PENDING',
  }),
  /**
   * SES's word that it took the message of a sending (`sendId`), kept only while that sending
   * is unfinished: a retry after a crash finds it and records « sent » instead of sending again.
   */
  sesSend: (orgId: string, sendId: string): Key => ({
    pk: `${org(orgId)}#SES-SEND#${sendId}`,
    sk: 'SES-SEND',
  }),
  /**
   * HelloAsso tiers attached to a configured tier from the staff page: one item, one attribute
   * per HelloAsso tier id, so the processing step reads them all with one GetItem per order.
   */
  tierMappings: (orgId: string): Key => ({ pk: `${org(orgId)}#TIER-MAPPINGS`, sk: 'MAPPINGS' }),
  /**
   * The treasurer's confirmations of a tax year's rules before its summary receipts, newest
   * last (`YEAR#2025#<instant>`).
   */
  taxRulesConfirmation: (orgId: string, year: number, at: string): Key => ({
    pk: `${org(orgId)}#TAX-RULES`,
    sk: `YEAR#${year}#${at}`,
  }),
  taxRulesConfirmations: (orgId: string) => `${org(orgId)}#TAX-RULES`,
  helloAssoSlug: (orgId: string): Key => ({ pk: `${org(orgId)}#HELLOASSO`, sk: 'SLUG' }),
  /**
   * Which data set the table belongs to (its id, and the folder that serves it), for the local
   * runtime. About the database, not an organisation: the one key without an organisation.
   */
  dataSetIdentity: (): Key => ({ pk: 'DATASET#META', sk: 'IDENTITY' }),
  /** The public keys that sign receipt verification tokens, by key id (published, never removed). */
  verificationKey: (orgId: string, keyId: string): Key => ({
    pk: `${org(orgId)}#VERIFICATION-KEYS`,
    sk: keyId,
  }),
  verificationKeysPartition: (orgId: string) => `${org(orgId)}#VERIFICATION-KEYS`,
  /** A donor's emailed link to their receipts, by the SHA-256 of its secret (never the secret). */
  donorAccess: (orgId: string, secretHash: string): Key => ({
    pk: `${org(orgId)}#DONOR-ACCESS#${secretHash}`,
    sk: 'ACCESS',
  }),
  /** Requests counted in one window, per hashed address or IP (`email#…`, `ip#…`); TTL-deleted. */
  rateLimit: (orgId: string, bucket: string, windowStart: number): Key => ({
    pk: `${org(orgId)}#RATE#${bucket}`,
    sk: String(windowStart),
  }),
  /** Whether the data set was made verified or unverified: written once, never changed. */
  dataSetMode: (orgId: string): Key => ({ pk: `${org(orgId)}#META`, sk: 'MODE' }),
  /** The runs of one job (kind + parameters), newest last: `RUN#000001`. */
  jobRunsPartition: (orgId: string, kind: string, paramsKey: string) =>
    `${org(orgId)}#JOB#${kind}#${paramsKey}`,
  jobRun: (orgId: string, kind: string, paramsKey: string, run: number): Key => ({
    pk: `${org(orgId)}#JOB#${kind}#${paramsKey}`,
    sk: `RUN#${run.toString().padStart(6, '0')}`,
  }),
  /** A donor already sent their year's receipts by resend run `run` (at most once per run). */
  yearlyResendMarker: (orgId: string, year: number, run: number, donorRef: string): Key => ({
    pk: `${org(orgId)}#JOB#resend#${year}#SENT#${run}`,
    sk: donorRef,
  }),
  /** A run's completed chunks (`CHUNK#<id>`) and findings (`FINDING#<key>#<kind>`). */
  jobRunItemsPartition: (orgId: string, kind: string, paramsKey: string, run: number) =>
    `${org(orgId)}#JOB#${kind}#${paramsKey}#RUN#${run.toString().padStart(6, '0')}`,
}

// A receipt's number is part of its key: the store's own modules take it from here.
export { receiptNumber } from '../domain/receipt-number.js'
