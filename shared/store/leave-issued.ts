import type { ReceiptRecord } from '../domain/records.js'
import { keys } from './keys.js'
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
 * The items that take a live receipt out of circulation, for the caller's transaction:
 * - a targeted update of the fields that change, under the condition that it is still live;
 *   the delivery state is not rewritten from a stale read, so a worker's concurrent `sent` and
 *   message id survive (a whole-record put would erase them);
 * - its receipt email's pending-delivery marker and failed-delivery entry removed, so neither
 *   a retry nor the re-queue of pending work mails a receipt that is no longer valid;
 * - an email still waiting (pending, or failed for good) marked « not sent », in the same
 *   update, under the condition that it is still in the state read: a worker holding the lease
 *   finds the receipt not live and records it itself. An email being sent keeps its marker:
 *   if its worker died, the re-queue of pending work runs a delivery that finds the receipt not
 *   live and records « not sent » (without it, the email would stay `sending` for good).
 */
export function leaveIssuedItems(
  ctx: TableContext,
  receipt: ReceiptRecord,
  change: LeaveIssued,
): TransactItem[] {
  const names: Record<string, string> = { '#record': 'record', '#status': 'status' }
  const values: Record<string, unknown> = { ':issued': 'issued', ':status': change.status }
  const sets = ['#record.#status = :status']
  Object.entries(change.set).forEach(([field, value], index) => {
    names[`#f${index}`] = field
    values[`:f${index}`] = value
    sets.push(`#record.#f${index} = :f${index}`)
  })
  const events = [{ at: change.at, ...change.event }]
  let condition = '#record.#status = :issued'
  const waiting = receipt.delivery.status === 'pending' || receipt.delivery.status === 'failed'
  if (waiting) {
    names['#delivery'] = 'delivery'
    values[':seen'] = receipt.delivery.status
    values[':notSent'] = 'not-sent'
    sets.push('#record.#delivery.#status = :notSent')
    condition += ' AND #record.#delivery.#status = :seen'
    events.push(withheldEvent(change.at, change.status))
  }
  values[':events'] = events
  sets.push('#record.history = list_append(#record.history, :events)')
  return [
    {
      Update: {
        TableName: ctx.tableName,
        Key: keys.receipt(ctx.orgId, receipt.number),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...(receipt.delivery.status === 'sending'
      ? []
      : [
          {
            Delete: {
              TableName: ctx.tableName,
              Key: keys.pendingDelivery(ctx.orgId, receipt.number, 'receipt'),
            },
          },
        ]),
    {
      Delete: {
        TableName: ctx.tableName,
        Key: keys.failedDelivery(ctx.orgId, receipt.number, 'receipt'),
      },
    },
  ]
}

/** The history line of a receipt email that will not go: « not sent: cancelled ». */
export function withheldEvent(
  at: string,
  status: 'cancelled' | 'replaced',
): { at: string; event: string; detail: string } {
  return { at, event: 'receipt-email-withheld', detail: `not sent: ${status}` }
}
