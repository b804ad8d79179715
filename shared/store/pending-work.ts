import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { QueueMessage } from '../queue/queue-message.js'
import { storeUnavailable } from './dynamo-errors.js'
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

/**
 * When the oldest notification still waiting to be processed was received, if any: one item
 * read (pending notifications sort by `notification#<receivedAt>`).
 */
export async function oldestPendingNotificationAt(ctx: TableContext): Promise<string | undefined> {
  const result = await ctx.doc
    .send(
      new QueryCommand({
        TableName: ctx.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :notification)',
        ExpressionAttributeValues: {
          ':pk': keys.pendingIndex(ctx.orgId),
          ':notification': 'notification#',
        },
        Limit: 1,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('oldest pending notification', cause)
    })
  const sortKey = result.Items?.[0]?.gsi2sk as string | undefined
  return sortKey?.split('#')[1]
}
