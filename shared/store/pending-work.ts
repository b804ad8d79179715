import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { QueueMessage } from '../queue/queue-message.js'
import { isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { type Key, keys } from './keys.js'
import { queryAll } from './query-all.js'
import type { TableContext } from './table-context.js'

/** One piece of work recorded but not finished, with what the table knows of its times. */
export interface PendingEntry {
  message: QueueMessage
  /** When it became pending (received, drafted, asked for); absent on older records. */
  since?: string
  /** The latest of `since` and the last time a queue tried it and failed transiently. */
  lastActiveAt?: string
}

/**
 * Work recorded but not finished: notifications not processed yet, receipts drafted but not
 * numbered yet, emails not sent yet.
 * The in-process queue lives in memory, so the local runtime re-queues this at start; nothing
 * acknowledged is lost across a restart or a crash.
 */
export async function listPendingWork(ctx: TableContext): Promise<QueueMessage[]> {
  return (await listPendingEntries(ctx)).map((entry) => entry.message)
}

export async function listPendingEntries(ctx: TableContext): Promise<PendingEntry[]> {
  const entries: PendingEntry[] = []
  const items = queryAll(
    ctx,
    {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.pendingIndex(ctx.orgId) },
    },
    'list pending work',
  )
  for await (const item of items) entries.push(toEntry(ctx.orgId, item))
  return entries
}

type PendingWork =
  | { type: 'deliver'; number: string; kind: 'receipt' | 'cancellation' }
  | { type: 'number'; paymentId: number }

function toEntry(orgId: string, item: Record<string, unknown>): PendingEntry {
  const work = item.work as PendingWork | undefined
  const message: QueueMessage =
    work?.type === 'number'
      ? { type: 'number', orgId, paymentId: work.paymentId }
      : work
        ? { type: 'deliver', orgId, receiptNumber: work.number, kind: work.kind }
        : { type: 'process', orgId, notificationId: item.id as string }
  const since = (work ? item.queuedAt : item.receivedAt) as string | undefined
  const tried = item.lastTriedAt as string | undefined
  const lastActiveAt = [since, tried]
    .filter((at) => at !== undefined)
    .sort()
    .at(-1)
  return {
    message,
    ...(since ? { since } : {}),
    ...(lastActiveAt ? { lastActiveAt } : {}),
  }
}

/** The item that keeps a message's work pending (notification, draft or delivery marker). */
function pendingKey(ctx: TableContext, message: QueueMessage): Key {
  switch (message.type) {
    case 'process':
      return keys.notification(ctx.orgId, message.notificationId)
    case 'number':
      return keys.receiptDraft(ctx.orgId, message.paymentId)
    case 'deliver':
      return keys.pendingDelivery(ctx.orgId, message.receiptNumber, message.kind)
  }
}

/**
 * Notes that a queue just tried this work and will try again (a transient failure): the
 * scheduled re-queue leaves work tried recently to its queue instead of sending a second copy.
 * Only work still pending is touched; work that ended meanwhile is left alone.
 */
export async function notePendingAttempt(
  ctx: TableContext,
  message: QueueMessage,
  at: string,
): Promise<void> {
  try {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: pendingKey(ctx, message),
        UpdateExpression: 'SET lastTriedAt = :at',
        ConditionExpression: 'attribute_exists(gsi2pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    )
  } catch (error) {
    if (isConditionalCheckFailed(error)) return
    throw storeUnavailable('note pending attempt', error)
  }
}
