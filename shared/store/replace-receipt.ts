import type { AppliedTaxRules, ReceiptRecord } from '../domain/records.js'
import { keys } from './keys.js'
import { leaveIssuedItems } from './leave-issued.js'
import {
  ledgerPut,
  pendingDeliveryItem,
  receiptItem,
  searchIndexPuts,
  statsUpdate,
  type TransactItem,
} from './receipt-items.js'
import { closeReceiptEmailReviews } from './review-updates.js'
import { sealedSnapshot, type TableContext } from './table-context.js'
import { withNextNumber } from './with-next-number.js'

export interface Replacement {
  at: string
  snapshot: Omit<ReceiptRecord['snapshot'], 'number'>
  /** The tax rules the new receipt is issued under (those known today, for its payment days). */
  taxRules?: AppliedTaxRules
  /** The audit entry, which needs the new number. */
  audit: (newNumber: string) => TransactItem
}

/**
 * One transaction: the next number of the old receipt's tax year, the new receipt, the old one
 * marked replaced (it must still be live; its unsent email withdrawn), the payment's claim moved
 * to the new number, both ledger lines, the new delivery marker, the search entries and the audit entry.
 * Returns undefined when the old receipt changed in the meantime.
 */
export async function replaceReceipt(
  ctx: TableContext,
  old: ReceiptRecord,
  replacement: Replacement,
): Promise<ReceiptRecord | undefined> {
  const written = await withNextNumber(ctx, old.year, (number, sequence) => {
    const fresh: ReceiptRecord = {
      ...old,
      number,
      sequence,
      form: replacement.snapshot.form,
      status: 'issued',
      snapshot: sealedSnapshot(ctx, { ...replacement.snapshot, number }),
      ...(replacement.taxRules ? { taxRules: replacement.taxRules } : {}),
      issuedAt: replacement.at,
      delivery: { status: 'pending', attempts: 0 },
      history: [
        { at: replacement.at, event: 'issued', detail: `annule et remplace le n° ${old.number}` },
      ],
    }
    delete fresh.cancellation
    delete fresh.cancellationDelivery
    delete fresh.replacedBy
    const items: TransactItem[] = [
      ...leaveIssuedItems(ctx, old, {
        status: 'replaced',
        at: replacement.at,
        set: { replacedBy: { number, at: replacement.at } },
        event: { event: 'replaced', detail: `remplacé par le n° ${number}` },
      }),
      {
        Put: {
          TableName: ctx.tableName,
          Item: receiptItem(ctx, fresh),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: ctx.tableName,
          Item: { ...keys.paymentReceipt(ctx.orgId, old.paymentId), number },
          ConditionExpression: '#number = :old',
          ExpressionAttributeNames: { '#number': 'number' },
          ExpressionAttributeValues: { ':old': old.number },
        },
      },
      ledgerPut(ctx, old, 'replaced', replacement.at, { replacedBy: number }),
      ledgerPut(ctx, fresh, 'issued', replacement.at, { replaces: old.number }),
      {
        Put: {
          TableName: ctx.tableName,
          Item: pendingDeliveryItem(ctx, number, 'receipt', replacement.at),
        },
      },
      ...searchIndexPuts(ctx, fresh),
      statsUpdate(ctx, [
        { receipt: old, sign: -1 },
        { receipt: fresh, sign: 1 },
      ]),
      replacement.audit(number),
    ]
    return { items, result: fresh }
  })
  if (!('done' in written)) return undefined
  await closeReceiptEmailReviews(
    ctx,
    old,
    replacement.at,
    `Reçu remplacé par le n° ${written.done.number}, envoyé à son tour.`,
  )
  return written.done
}
