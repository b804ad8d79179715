import type { EligiblePayment } from '../../domain/eligible-payment.js'
import type { ProcessDeps } from '../../process/process-deps.js'
import { openReview } from '../../store/review-store.js'
import { donorLabel } from './donor-label.js'

/**
 * A donor whose payments cannot all be claimed in one transaction (DynamoDB's 100 items) gets
 * no automatic receipt: staff decide (e.g. one receipt per period). The id is per donor and
 * year, so re-running the job does not queue the same question twice.
 */
export async function reviewTooManyPayments(
  deps: ProcessDeps,
  year: number,
  donorKey: string,
  payments: EligiblePayment[],
): Promise<void> {
  const latest = payments[payments.length - 1] as EligiblePayment
  const ids = payments.map((p) => p.paymentId).join(', ')
  await openReview(deps.table, {
    orgId: deps.table.orgId,
    id: `annual-${year}-${donorKey}`,
    reasons: ['annual-too-many-payments'],
    message: `${donorLabel(latest.donor)} (${latest.payerEmail}) a ${payments.length} versements éligibles en ${year} : trop pour un seul reçu annuel. Aucun reçu n’a été émis pour ce donateur ; il faut le traiter à part (par exemple un reçu par période). Paiements HelloAsso n° ${ids}.`,
    status: 'open',
    createdAt: deps.now().toISOString(),
    refs: {},
  })
  deps.log.warn('annual.too-many-payments', { year, payments: payments.length })
}
