import { taxYearOf } from '../domain/paris-time.js'
import type { MembershipRecord, ReceiptRecord } from '../domain/records.js'
import { archivePath } from '../jobs/archive/write-archive.js'
import { registerPath } from '../jobs/declaration/build-declaration.js'
import type { JobFiles, PurgeMail } from '../jobs/job-deps.js'
import type { Logger } from '../log.js'
import type { Donor, PostalAddress } from '../receipts/receipt-snapshot.js'
import { getMembership } from '../store/membership-store.js'
import {
  deleteStoredOrder,
  eraseAuditDetails,
  eraseEligiblePayments,
  eraseMembership,
  eraseNotificationBody,
  eraseReceipt,
  eraseReviewMessage,
  notificationsReceivedBefore,
  receiptsOfYear,
  reviewsCreatedBefore,
} from '../store/purge-store.js'
import type { TableContext } from '../store/table-context.js'

/** What replaces an erased name or address: says what happened, holds nothing. */
export const ERASED = '(effacé)'
/** The first tax year the series can hold: nothing older to look for. */
const FIRST_YEAR = 2000

export interface PurgeDeps {
  table: TableContext
  now: () => Date
  log: Logger
  /** Job output (PDFs, registers, archives); only a store that can remove files is cleaned. */
  files?: JobFiles
  /** Copies of sent emails (the local outbox): removes those past retention, returns their names. */
  purgeMail?: PurgeMail
}

export interface PurgeReport {
  beforeYear: number
  dryRun: boolean
  /** Receipt numbers erased (or to erase), by tax year. */
  receipts: Record<number, string[]>
  alreadyErased: number
  memberships: number
  /** Payments kept for yearly summaries, with the payer's identity. */
  eligiblePayments: number
  reviews: number
  auditEntries: number
  notifications: number
  orders: number
  mailFiles: string[]
  jobFiles: string[]
}

/**
 * The last `--before-year` allowed: a receipt of year N is kept until the end of year N +
 * `retentionYears` (LPF art. L102 E: six years from the date it was drawn up), so in year C
 * the years before C − retentionYears are past it.
 */
export function latestBeforeYear(now: Date, retentionYears: number): number {
  return taxYearOf(now) - retentionYears
}

/**
 * Erases the personal data of every receipt of a tax year before `beforeYear` — donor name and
 * address, payer email, members, staff notes — and of what refers to them: memberships, review
 * items, audit details, the raw notifications and orders, the outbox and the job files. Number,
 * dates, amount, model, state and ledger stay: the series keeps no gap and past declarations add
 * up the same. `dryRun` lists what would go and writes nothing.
 */
export async function purgePersonalData(
  deps: PurgeDeps,
  input: { beforeYear: number; dryRun: boolean },
): Promise<PurgeReport> {
  const { table } = deps
  const { beforeYear, dryRun } = input
  const at = deps.now().toISOString()
  const cutoff = new Date(Date.UTC(beforeYear - 1, 11, 31, 23, 0, 0)) // midnight in Paris, winter
  const report: PurgeReport = {
    beforeYear,
    dryRun,
    receipts: {},
    alreadyErased: 0,
    memberships: 0,
    eligiblePayments: 0,
    reviews: 0,
    auditEntries: 0,
    notifications: 0,
    orders: 0,
    mailFiles: [],
    jobFiles: [],
  }
  const numbers = new Set<string>()
  for (let year = FIRST_YEAR; year < beforeYear; year++) {
    for await (const receipt of receiptsOfYear(table, year)) {
      if (receipt.purged) {
        report.alreadyErased++
        continue
      }
      numbers.add(receipt.number)
      report.receipts[year] = [...(report.receipts[year] ?? []), receipt.number]
      if (dryRun) continue
      report.memberships += await eraseMembershipsOf(table, receipt, at)
      report.auditEntries += await eraseAuditDetails(table, receipt.number)
      await deleteStoredOrder(table, receipt.orderId)
      report.orders++
      await eraseReceipt(table, receipt, erasedReceipt(receipt, at))
    }
    if (!dryRun)
      report.eligiblePayments += await eraseEligiblePayments(table, year, (payment) =>
        payment.payerEmail === '' &&
        payment.donor.kind === 'individual' &&
        payment.donor.lastName === ERASED
          ? undefined
          : { ...payment, payerEmail: '', donor: erasedDonor(payment.donor) },
      )
  }
  for await (const review of reviewsCreatedBefore(table, cutoff.toISOString())) {
    report.reviews++
    if (dryRun) continue
    await eraseReviewMessage(table, review.id, ERASED_REVIEW)
    report.auditEntries += await eraseAuditDetails(table, review.id)
  }
  for await (const id of notificationsReceivedBefore(table, cutoff.toISOString())) {
    report.notifications++
    if (!dryRun) await eraseNotificationBody(table, id)
  }
  if (deps.purgeMail) report.mailFiles = await deps.purgeMail({ before: cutoff, numbers, dryRun })
  report.jobFiles = await purgeJobFiles(
    deps.files,
    Object.keys(report.receipts).map(Number),
    dryRun,
  )
  deps.log.info('retention.purged', {
    beforeYear,
    dryRun,
    receipts: numbers.size,
    reviews: report.reviews,
    notifications: report.notifications,
  })
  return report
}

const ERASED_REVIEW = `${ERASED} Données personnelles effacées à la fin de la durée de conservation.`

function erasedAddress(address: PostalAddress): PostalAddress {
  // The country alone says nothing of a person, and a foreign donor's receipt stays readable.
  return { street: ERASED, postalCode: '', city: ERASED, country: address.country }
}

function erasedDonor(donor: Donor): Donor {
  if (donor.kind === 'individual')
    return {
      kind: 'individual',
      lastName: ERASED,
      firstNames: ERASED,
      address: erasedAddress(donor.address),
    }
  return {
    kind: 'company',
    name: ERASED,
    legalForm: donor.legalForm,
    siren: ERASED,
    address: erasedAddress(donor.address),
  }
}

/** The receipt as kept after the period: everything but who it was for. */
export function erasedReceipt(receipt: ReceiptRecord, at: string): ReceiptRecord {
  const { members: _members, ...rest } = receipt
  const erased: ReceiptRecord = {
    ...rest,
    payerEmail: '',
    snapshot: { ...receipt.snapshot, donor: erasedDonor(receipt.snapshot.donor) },
    purged: { at },
  }
  if (receipt.cancellation) {
    const { note: _note, ...cancellation } = receipt.cancellation
    erased.cancellation = cancellation
  }
  return erased
}

async function eraseMembershipsOf(
  table: TableContext,
  receipt: ReceiptRecord,
  at: string,
): Promise<number> {
  const provenances = [
    receipt.provenance,
    ...(receipt.coveredPayments ?? []).map((payment) => payment.provenance),
  ]
  const itemIds = new Set(provenances.flatMap((p) => p.lines.map((line) => line.itemId)))
  let erased = 0
  for (const itemId of itemIds) {
    const membership = await getMembership(table, itemId)
    if (!membership || membership.member.lastName === ERASED) continue
    const kept: MembershipRecord = {
      ...membership,
      member: { firstName: ERASED, lastName: ERASED },
      updatedAt: at,
    }
    await eraseMembership(table, membership, kept)
    erased++
  }
  return erased
}

/** A year's PDFs, its register (names) and its archive; the declaration figures stay. */
async function purgeJobFiles(
  files: JobFiles | undefined,
  years: number[],
  dryRun: boolean,
): Promise<string[]> {
  if (!files?.remove) return []
  const gone: string[] = []
  for (const year of years) {
    for (const path of [`receipts/${year}`, registerPath(year), archivePath(year)]) {
      if (dryRun) {
        gone.push(files.locate(path))
        continue
      }
      if (await files.remove(path)) gone.push(files.locate(path))
    }
  }
  return gone
}
