import type { MembershipRecord, ReceiptRecord, ReviewItem } from '../domain/records.js'
import { paymentReviewId } from '../process/close-settled-review.js'
import { listAudit } from '../store/audit-store.js'
import { getMembership } from '../store/membership-store.js'
import { getReview } from '../store/review-updates.js'
import type { DonorDeps } from './donor-deps.js'
import { donorReceipts } from './donor-receipts.js'

/**
 * « Mes données » (RGPD art. 15): everything held about the address, as JSON — its receipts with
 * their frozen data and how each amount was computed, the memberships they paid for, the review
 * items about its payments and the changes recorded on its receipts (who made them left out:
 * that is the staff's personal data, not the donor's).
 */
export async function donorDataExport(
  deps: Pick<DonorDeps, 'table' | 'now' | 'config'>,
  email: string,
) {
  const receipts = await donorReceipts(deps, email)
  const itemIds = new Set(receipts.flatMap(itemIdsOf))
  const paymentIds = new Set(receipts.flatMap(paymentIdsOf))
  const memberships = (
    await Promise.all([...itemIds].map((id) => getMembership(deps.table, id)))
  ).filter((m): m is MembershipRecord => m !== undefined)
  const reviews = (
    await Promise.all([...paymentIds].map((id) => getReview(deps.table, paymentReviewId(id))))
  ).filter((r): r is ReviewItem => r !== undefined)
  const changes = await Promise.all(
    receipts.map(async (receipt) =>
      (await listAudit(deps.table, receipt.number)).map(({ actor: _who, ...entry }) => entry),
    ),
  )
  return {
    objet: `Données détenues par ${deps.config.association.name} pour l’adresse ${email} (RGPD, article 15)`,
    genereLe: deps.now().toISOString(),
    adresse: email,
    recus: receipts.map(({ delivery, cancellationDelivery: _notice, ...receipt }) => ({
      ...receipt,
      envoi: { statut: delivery.status, envoyeLe: delivery.sentAt, pdfSha256: delivery.pdfSha256 },
    })),
    adhesions: memberships,
    elementsDeVerification: reviews,
    modifications: changes.flat(),
  }
}

function itemIdsOf(receipt: ReceiptRecord): number[] {
  const provenances = [
    receipt.provenance,
    ...(receipt.coveredPayments ?? []).map((p) => p.provenance),
  ]
  return provenances.flatMap((provenance) => provenance.lines.map((line) => line.itemId))
}

function paymentIdsOf(receipt: ReceiptRecord): number[] {
  return [receipt.paymentId, ...(receipt.coveredPayments ?? []).map((p) => p.paymentId)]
}
