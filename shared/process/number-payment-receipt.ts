import { issueDraftedReceipt } from '../store/receipt-draft-store.js'
import { closeSettledReview } from './close-settled-review.js'
import type { ProcessDeps } from './process-deps.js'

/**
 * The number step runs one message at a time per organisation: the last number it took is
 * almost always the counter's value, so it saves reading the counter (a third of the step's
 * round trips). Another writer (staff, the yearly jobs) makes it stale: one conflict, a re-read.
 */
const counterHints = new Map<string, number>()

/** The numbering step needs no HelloAsso client and no secret: the draft holds everything. */
export type NumberDeps = Pick<ProcessDeps, 'table' | 'queue' | 'now' | 'log'>

export type NumberResult = 'issued' | 'duplicate' | 'not-paid' | 'no-draft'

/**
 * The numbering step, the only serialized one (a FIFO group per organisation on AWS, a serial
 * lane locally): numbers the receipt the process step drafted for a payment, then queues its
 * email. Short on purpose: one read (the draft) and one transaction, no HelloAsso call, no PDF.
 */
export async function numberPaymentReceipt(
  deps: NumberDeps,
  paymentId: number,
): Promise<NumberResult> {
  const result = await issueDraftedReceipt(
    deps.table,
    paymentId,
    deps.now().toISOString(),
    counterHints,
  )
  if (result.outcome === 'not-paid')
    deps.log.info('receipt.draft-dropped', { paymentId, reason: 'payment not paid any more' })
  if (result.outcome === 'duplicate') await closeSettledReview(deps, paymentId)
  if (result.outcome !== 'issued') return result.outcome
  const { receipt } = result
  deps.log.info('receipt.issued', {
    number: receipt.number,
    orderId: receipt.orderId,
    paymentId,
  })
  await deps.queue.send({
    type: 'deliver',
    orgId: deps.table.orgId,
    receiptNumber: receipt.number,
    kind: 'receipt',
  })
  // A payment analysed again after a configuration change: its review item is settled. Killed
  // before this line, the item stays open until « Réexaminer » (or the start-up's re-examination)
  // runs the payment again: the process step finds the receipt and settles it then.
  if (result.reviewToSettle) await closeSettledReview(deps, paymentId)
  return 'issued'
}
