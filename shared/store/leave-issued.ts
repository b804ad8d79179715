import type { ReceiptRecord } from '../domain/records.js'
import { keys } from './keys.js'
import { withdrawReceiptEmail } from './receipt-delivery-store.js'
import type { TransactItem } from './receipt-items.js'
import type { TableContext } from './table-context.js'

export interface LeaveIssued {
  status: 'cancelled' | 'replaced'
  at: string
  /** Record fields set beside the status (`cancellation`, `replacedBy`…). */
  set: Partial<Pick<ReceiptRecord, 'cancellation' | 'cancellationDelivery' | 'replacedBy'>>
  event: { event: string; detail?: string }
}

/**
 * The items that take a live receipt out of circulation, for the caller's transaction: a
 * targeted update of the fields that change, under the condition that it is still live, and
 * its receipt email withdrawn (withdrawReceiptEmail). The delivery state is not rewritten from
 * a stale read, so a worker's concurrent `sent` and message id survive (a whole-record put would
 * erase them).
 */
export function leaveIssuedItems(
  ctx: TableContext,
  receipt: ReceiptRecord,
  change: LeaveIssued,
): TransactItem[] {
  const email = withdrawReceiptEmail(ctx, receipt, change.at, change.status)
  const names: Record<string, string> = {
    '#record': 'record',
    '#status': 'status',
    ...email.update.names,
  }
  const values: Record<string, unknown> = {
    ':issued': 'issued',
    ':status': change.status,
    ...email.update.values,
  }
  const sets = ['#record.#status = :status']
  Object.entries(change.set).forEach(([field, value], index) => {
    names[`#f${index}`] = field
    values[`:f${index}`] = value
    sets.push(`#record.#f${index} = :f${index}`)
  })
  sets.push(...email.update.sets)
  values[':events'] = [{ at: change.at, ...change.event }, ...email.update.events]
  sets.push('#record.history = list_append(#record.history, :events)')
  const condition = ['#record.#status = :issued', email.update.condition].filter(Boolean)
  return [
    {
      Update: {
        TableName: ctx.tableName,
        Key: keys.receipt(ctx.orgId, receipt.number),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: condition.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...email.items,
  ]
}
