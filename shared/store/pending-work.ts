import type { QueueMessage } from '../queue/queue-message.js'
import { keys } from './keys.js'
import { queryAll } from './query-all.js'
import type { TableContext } from './table-context.js'

/**
 * Work recorded but not finished: notifications not processed yet, receipts drafted but not
 * numbered yet, emails not sent yet.
 * The in-process queue lives in memory, so the local runtime re-queues this at start; nothing
 * acknowledged is lost across a restart or a crash.
 */
export async function listPendingWork(ctx: TableContext): Promise<QueueMessage[]> {
  const messages: QueueMessage[] = []
  const items = queryAll(
    ctx,
    {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.pendingIndex(ctx.orgId) },
    },
    'list pending work',
  )
  for await (const item of items) messages.push(toMessage(ctx.orgId, item))
  return messages
}

type PendingWork =
  | { type: 'deliver'; number: string; kind: 'receipt' | 'cancellation' }
  | { type: 'number'; paymentId: number }

function toMessage(orgId: string, item: Record<string, unknown>): QueueMessage {
  const work = item.work as PendingWork | undefined
  if (work?.type === 'number') return { type: 'number', orgId, paymentId: work.paymentId }
  if (work) return { type: 'deliver', orgId, receiptNumber: work.number, kind: work.kind }
  return { type: 'process', orgId, notificationId: item.id as string }
}
