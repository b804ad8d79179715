import { randomBytes } from 'node:crypto'
import { takeRateLimit } from '../store/donor-access-store.js'
import { openReview } from '../store/review-store.js'
import type { DonorSession } from './donor-access.js'
import type { DonorDeps } from './donor-deps.js'
import { donorReceipts } from './donor-receipts.js'

export const CORRECTION_MAX_CHARS = 2000
/** Per link and day: room for a second thought, not a flood of the staff's queue. */
const CORRECTION_LIMIT = { limit: 5, windowSeconds: 86_400 }

export type CorrectionOutcome = 'opened' | 'rate-limited' | 'invalid'

/**
 * « Demander une correction »: the donor's message becomes a review item for staff, naming the
 * receipt it is about (one of theirs, or none). Staff correct through the usual « Corriger ».
 */
export async function requestCorrection(
  deps: DonorDeps,
  session: DonorSession,
  input: { number?: string; message: string },
): Promise<CorrectionOutcome> {
  const message = input.message.trim()
  if (!message || message.length > CORRECTION_MAX_CHARS) return 'invalid'
  const receipts = await donorReceipts(deps, session.email)
  const receipt = input.number ? receipts.find((r) => r.number === input.number) : undefined
  if (input.number && !receipt) return 'invalid'
  const allowed = await takeRateLimit(deps.table, `correction#${session.secretHash}`, {
    ...CORRECTION_LIMIT,
    now: deps.now(),
  })
  if (!allowed) return 'rate-limited'
  const at = deps.now().toISOString()
  const about = receipt ? `le reçu n° ${receipt.number}` : 'ses reçus'
  await openReview(deps.table, {
    orgId: deps.table.orgId,
    id: `donor-correction-${at.replace(/[^0-9]/g, '')}-${randomBytes(4).toString('hex')}`,
    reasons: ['donor-correction-request'],
    message: `Le donateur (${session.email}) demande une correction sur ${about}, depuis sa page « Mes reçus » : « ${message} ». Vérifiez la demande puis corrigez le reçu (« Corriger ») ou répondez-lui.`,
    status: 'open',
    createdAt: at,
    refs: receipt
      ? { receiptNumber: receipt.number, paymentId: receipt.paymentId, orderId: receipt.orderId }
      : {},
  })
  deps.log.info('donor.correction-requested', { receiptNumber: receipt?.number })
  return 'opened'
}
