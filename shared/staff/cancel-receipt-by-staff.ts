import * as z from 'zod'
import type { ReceiptRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { auditPut } from '../store/audit-store.js'
import { cancelReceipt } from '../store/receipt-store.js'
import { loadReceipt, requireLive } from './load-receipt.js'
import type { Actor, StaffDeps } from './staff-deps.js'

export const CancelSchema = z.object({
  reason: z
    .string({ error: 'le motif est obligatoire' })
    .trim()
    .min(3, 'le motif est obligatoire (3 caractères au moins)')
    .max(500),
  /** The payer is told by email unless staff say not to (e.g. they already phoned). */
  notify: z.boolean().default(true),
})

/** Cancels a receipt: the number stays in the series, the ledger and audit trail record why. */
export async function cancelReceiptByStaff(
  deps: StaffDeps,
  actor: Actor,
  number: string,
  input: z.infer<typeof CancelSchema>,
): Promise<ReceiptRecord> {
  const receipt = await loadReceipt(deps.table, number)
  requireLive(receipt)
  const at = deps.now().toISOString()
  const audit = auditPut(deps.table, {
    at,
    actor,
    action: 'receipt.cancel',
    subject: number,
    detail: input.reason,
    before: { status: receipt.status },
    after: { status: 'cancelled', notify: input.notify },
  })
  const cancelled = await cancelReceipt(
    deps.table,
    receipt,
    { at, reason: 'staff', note: input.reason },
    { notify: input.notify, extraItems: [audit] },
  )
  if (!cancelled)
    throw new AppError(
      'receipt.conflict',
      `Le reçu n° ${number} a changé entre-temps : rechargez la page.`,
    )
  if (input.notify)
    await deps.queue.send({
      type: 'deliver',
      orgId: deps.table.orgId,
      receiptNumber: number,
      kind: 'cancellation',
    })
  return loadReceipt(deps.table, number)
}
