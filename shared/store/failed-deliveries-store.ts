import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import type { DeliveryKind, TransactItem } from './receipt-items.js'
import type { TableContext } from './table-context.js'

export interface FailedDelivery {
  number: string
  kind: DeliveryKind
  reason: string
  at: string
}

/**
 * A small list of the emails that failed for good, kept beside the receipts: the staff home page
 * reads it with one Query instead of filtering a whole year. A later successful send removes it.
 */
export async function noteDeliveryOutcome(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  outcome: { failed: false } | { failed: true; reason: string; at: string },
): Promise<void> {
  const item = deliveryOutcomeItem(ctx, number, kind, outcome)
  await ctx.doc.send(new TransactWriteCommand({ TransactItems: [item] })).catch((cause) => {
    throw storeUnavailable('note delivery outcome', cause)
  })
}

/** The same, as an item of a caller's transaction. */
export function deliveryOutcomeItem(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  outcome: { failed: false } | { failed: true; reason: string; at: string },
): TransactItem {
  const Key = keys.failedDelivery(ctx.orgId, number, kind)
  return outcome.failed
    ? {
        Put: {
          TableName: ctx.tableName,
          Item: { ...Key, number, kind, reason: outcome.reason, at: outcome.at },
        },
      }
    : { Delete: { TableName: ctx.tableName, Key } }
}

/** The failed emails of a tax year (receipt numbers start with the year). */
export async function listFailedDeliveries(
  ctx: TableContext,
  year: number,
): Promise<FailedDelivery[]> {
  const result = await ctx.doc
    .send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :year)',
        ExpressionAttributeValues: {
          ':pk': keys.failedDeliveriesPartition(ctx.orgId),
          ':year': `${year}-`,
        },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('list failed deliveries', cause)
    })
  return (result.Items ?? []).map(
    ({ number, kind, reason, at }) => ({ number, kind, reason, at }) as FailedDelivery,
  )
}
