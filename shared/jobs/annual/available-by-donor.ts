import type { EligiblePayment } from '../../domain/eligible-payment.js'
import type { ChunkRef } from '../../domain/job-run.js'
import {
  listDonorEligiblePayments,
  listEligiblePayments,
  paymentClaims,
} from '../../store/eligible-payment-queries.js'
import { receiptsByNumbers } from '../../store/receipt-queries.js'
import type { TableContext } from '../../store/table-context.js'

/** One donor's payments of a tax year, as the summary sees them. */
export interface DonorPayments {
  /** Recorded eligible, not refunded, not withheld, on no receipt: what a summary covers. */
  available: EligiblePayment[]
  /** Receipts (any status) holding the donor's other payments of the year, refunds excepted. */
  claimedBy: string[]
}

/**
 * The donors of tax year `year` with payments no receipt covers yet, in donor-key order;
 * optionally only the donors from `first` to `last`.
 */
export async function availableByDonor(
  table: TableContext,
  year: number,
  donors?: { first: string; last: string },
): Promise<Map<string, DonorPayments>> {
  const groups = await byDonor(table, await listEligiblePayments(table, year, donors))
  return new Map(
    [...groups]
      .filter(([, group]) => group.available.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  )
}

/** One donor's payments of the year, read again (after losing a race). */
export async function donorPayments(
  table: TableContext,
  year: number,
  donorKey: string,
): Promise<DonorPayments> {
  const groups = await byDonor(table, await listDonorEligiblePayments(table, year, donorKey))
  return groups.get(donorKey) ?? { available: [], claimedBy: [] }
}

/**
 * « cumul AAAA » says "all my gifts of the year": true only if no live receipt already covers
 * part of the donor's year (a per-payment receipt before a switch of policy, an earlier run).
 * Otherwise the summary prints its period, which stays exact.
 */
export async function coversWholeYear(table: TableContext, claimedBy: string[]): Promise<boolean> {
  if (claimedBy.length === 0) return true
  const receipts = await receiptsByNumbers(table, claimedBy, 'summary')
  return receipts.every((receipt) => receipt.status === 'cancelled')
}

/** Donor keys (sorted) cut into chunks of `size` donors: first/last are donor keys. */
export function donorChunks(donorKeys: string[], size: number): ChunkRef[] {
  const chunks: ChunkRef[] = []
  for (let start = 0; start < donorKeys.length; start += size) {
    const slice = donorKeys.slice(start, start + size)
    chunks.push({
      id: String(start / size + 1),
      size: slice.length,
      first: slice[0] as string,
      last: slice[slice.length - 1] as string,
    })
  }
  return chunks
}

async function byDonor(
  table: TableContext,
  records: EligiblePayment[],
): Promise<Map<string, DonorPayments>> {
  const kept = records.filter((record) => !record.refunded)
  const claims = await paymentClaims(
    table,
    kept.map((record) => record.paymentId),
  )
  const groups = new Map<string, DonorPayments>()
  for (const record of kept) {
    const group = groups.get(record.donorKey) ?? { available: [], claimedBy: [] }
    groups.set(record.donorKey, group)
    const claim = claims.get(record.paymentId)
    if (claim) {
      if (!group.claimedBy.includes(claim)) group.claimedBy.push(claim)
    } else if (!record.withheld) group.available.push(record)
  }
  return groups
}
