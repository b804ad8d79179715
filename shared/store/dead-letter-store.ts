import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { QueueMessage } from '../queue/queue-message.js'
import { storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import type { TransactItem } from './receipt-items.js'
import type { TableContext } from './table-context.js'

export interface DeadLetter {
  id: string
  /** Absent for a queue message that could not be read: `rawBody` keeps what came. */
  message?: QueueMessage
  rawBody?: string
  attempts: number
  failedAt: string
  /** Error code and message, never personal data. */
  error: string
  /** How many times this work was dead-lettered (replays that failed for good again). */
  failures?: number
}

/**
 * Records (or records again) a dead letter, as an item of the caller's transaction: the count of
 * failures goes up by one, the rest is the latest failure.
 */
export function deadLetterItem(
  ctx: TableContext,
  letter: Omit<DeadLetter, 'failures'>,
): TransactItem {
  return {
    Update: {
      TableName: ctx.tableName,
      Key: keys.deadLetter(ctx.orgId, letter.id),
      UpdateExpression: 'SET #record = :record, gsi1pk = :pk, gsi1sk = :sk ADD failures :one',
      ExpressionAttributeNames: { '#record': 'record' },
      ExpressionAttributeValues: {
        ':record': letter,
        ':pk': keys.deadLettersIndex(ctx.orgId),
        ':sk': `${letter.failedAt}#${letter.id}`,
        ':one': 1,
      },
    },
  }
}

function toDeadLetter(item: Record<string, unknown>): DeadLetter {
  const record = item.record as DeadLetter
  return { ...record, failures: Number(item.failures ?? 1) }
}

export async function listDeadLetters(ctx: TableContext): Promise<DeadLetter[]> {
  const result = await ctx.doc
    .send(
      new QueryCommand({
        TableName: ctx.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.deadLettersIndex(ctx.orgId) },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('list dead letters', cause)
    })
  return (result.Items ?? []).map(toDeadLetter)
}

export async function getDeadLetter(
  ctx: TableContext,
  id: string,
): Promise<DeadLetter | undefined> {
  const item = await getItem(ctx, keys.deadLetter(ctx.orgId, id), 'get dead letter')
  return item ? toDeadLetter(item) : undefined
}

export async function deleteDeadLetter(ctx: TableContext, id: string): Promise<void> {
  await ctx.doc
    .send(new DeleteCommand({ TableName: ctx.tableName, Key: keys.deadLetter(ctx.orgId, id) }))
    .catch((cause) => {
      throw storeUnavailable('delete dead letter', cause)
    })
}
