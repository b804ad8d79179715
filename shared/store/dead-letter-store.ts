import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { QueueMessage } from '../queue/queue-message.js'
import { storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

export interface DeadLetter {
  id: string
  message: QueueMessage
  attempts: number
  failedAt: string
  /** Error code and message, never personal data. */
  error: string
}

export async function putDeadLetter(ctx: TableContext, letter: DeadLetter): Promise<void> {
  await ctx.doc
    .send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: {
          ...keys.deadLetter(ctx.orgId, letter.id),
          gsi1pk: keys.deadLettersIndex(ctx.orgId),
          gsi1sk: `${letter.failedAt}#${letter.id}`,
          record: letter,
        },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('put dead letter', cause)
    })
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
  return (result.Items ?? []).map((item) => item.record as DeadLetter)
}

export async function getDeadLetter(
  ctx: TableContext,
  id: string,
): Promise<DeadLetter | undefined> {
  const item = await getItem(ctx, keys.deadLetter(ctx.orgId, id), 'get dead letter')
  return item?.record as DeadLetter | undefined
}

export async function deleteDeadLetter(ctx: TableContext, id: string): Promise<void> {
  await ctx.doc
    .send(new DeleteCommand({ TableName: ctx.tableName, Key: keys.deadLetter(ctx.orgId, id) }))
    .catch((cause) => {
      throw storeUnavailable('delete dead letter', cause)
    })
}
