import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { storeUnavailable } from './dynamo-errors.js'
import { keys, type PendingLaneKey } from './keys.js'

export type { PendingLaneKey }

import type { TableContext } from './table-context.js'

/**
 * When the oldest piece of pending work of a lane became pending, if any: one item read, since
 * the pending index sorts each lane by that time (`<lane>#<since>#<id>`, keys.pendingSortKey).
 */
export async function oldestPendingSince(
  ctx: TableContext,
  lane: PendingLaneKey,
): Promise<string | undefined> {
  const result = await ctx.doc
    .send(
      new QueryCommand({
        TableName: ctx.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :lane)',
        ExpressionAttributeValues: { ':pk': keys.pendingIndex(ctx.orgId), ':lane': `${lane}#` },
        ProjectionExpression: 'gsi2sk',
        Limit: 1,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable(`oldest pending ${lane}`, cause)
    })
  const sortKey = result.Items?.[0]?.gsi2sk as string | undefined
  return sortKey?.split('#')[1]
}
