import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { storeUnavailable } from './dynamo-errors.js'
import type { Key } from './keys.js'
import type { TableContext } from './table-context.js'

export interface GetItemOptions {
  /** Top-level attributes to read; the whole item when absent. */
  attributes?: readonly string[]
  /** An eventually consistent read (half the price), where a slightly stale answer is harmless. */
  eventual?: boolean
}

/**
 * The store's one item read: the item under `key`, or undefined. Strongly consistent unless told
 * otherwise, since most reads decide a write; a failure is `store.unavailable` naming `what`.
 */
export async function getItem(
  ctx: TableContext,
  key: Key,
  what: string,
  options: GetItemOptions = {},
): Promise<Record<string, unknown> | undefined> {
  const result = await ctx.doc
    .send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: key,
        ...(options.eventual ? {} : { ConsistentRead: true }),
        ...(options.attributes ? projection(options.attributes) : {}),
      }),
    )
    .catch((cause) => {
      throw storeUnavailable(what, cause)
    })
  return result.Item
}

/** Names go through placeholders: many (state, status, date) are DynamoDB reserved words. */
function projection(attributes: readonly string[]) {
  return {
    ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
  }
}
