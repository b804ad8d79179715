import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { z } from 'zod'
import type { ReceiptRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { auditPut } from '../store/audit-store.js'
import { cancellationCodes, storeUnavailable } from '../store/dynamo-errors.js'
import { pendingDeliveryItem, type TransactItem } from '../store/receipt-items.js'
import { liveReceiptPut } from '../store/receipt-store.js'
import { loadReceipt, requireLive } from './load-receipt.js'
import type { Actor, StaffDeps } from './staff-deps.js'

export const ResendSchema = z.object({
  /** A corrected address; the receipt then goes there, and the change is recorded. */
  email: z.email('adresse e-mail invalide').optional(),
})

/**
 * Sends the same receipt again (same number, same PDF bytes), optionally to a corrected address.
 * The receipt record, the pending-delivery marker and the audit entry change together.
 */
export async function resendReceipt(
  deps: StaffDeps,
  actor: Actor,
  number: string,
  input: z.infer<typeof ResendSchema>,
): Promise<ReceiptRecord> {
  const receipt = await loadReceipt(deps.table, number)
  requireLive(receipt)
  if (receipt.delivery.status === 'sending')
    throw new AppError(
      'receipt.conflict',
      `Le reçu n° ${number} est en cours d’envoi : réessayez dans un instant.`,
    )
  const at = deps.now().toISOString()
  const email = input.email?.trim().toLowerCase() ?? receipt.payerEmail
  const updated: ReceiptRecord = {
    ...receipt,
    payerEmail: email,
    delivery: { status: 'pending', attempts: 0, resend: true },
    history: [
      ...receipt.history,
      {
        at,
        event: 'resend-requested',
        ...(email !== receipt.payerEmail ? { detail: 'adresse corrigée' } : {}),
      },
    ],
  }
  const audit = auditPut(deps.table, {
    at,
    actor,
    action: 'receipt.resend',
    subject: number,
    ...(email !== receipt.payerEmail
      ? { before: { payerEmail: receipt.payerEmail }, after: { payerEmail: email } }
      : {}),
  })
  await write(
    [
      liveReceiptPut(deps.table, updated),
      {
        Put: {
          TableName: deps.table.tableName,
          Item: pendingDeliveryItem(deps.table, number, 'receipt'),
        },
      },
      audit,
    ],
    deps,
    number,
  )
  await deps.queue.send({
    type: 'deliver',
    orgId: deps.table.orgId,
    receiptNumber: number,
    kind: 'receipt',
  })
  return updated
}

async function write(items: TransactItem[], deps: StaffDeps, number: string): Promise<void> {
  try {
    await deps.table.doc.send(new TransactWriteCommand({ TransactItems: items }))
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed')
      throw new AppError(
        'receipt.conflict',
        `Le reçu n° ${number} a changé entre-temps : rechargez la page.`,
      )
    throw storeUnavailable('resend receipt', error)
  }
}
