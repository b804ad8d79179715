import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

/** The last number taken in a tax year (0 before the first), read consistently. */
export async function readCounter(ctx: TableContext, year: number): Promise<number> {
  const result = await ctx.doc
    .send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: keys.counter(ctx.orgId, year),
        ConsistentRead: true,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('read counter', cause)
    })
  return (result.Item?.last as number | undefined) ?? 0
}
