import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import { storeUnavailable } from './dynamo-errors.js'
import type { TableContext } from './table-context.js'

/**
 * Every item a Query matches, one page at a time (a page is at most 1 MB): callers stream
 * through partitions of any size in constant memory. `what` names the read in errors.
 */
export async function* queryAll(
  ctx: TableContext,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  what: string,
): AsyncGenerator<Record<string, unknown>> {
  let startKey: Record<string, unknown> | undefined
  do {
    const page = await ctx.doc
      .send(
        new QueryCommand({
          TableName: ctx.tableName,
          ...input,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      )
      .catch((cause) => {
        throw storeUnavailable(what, cause)
      })
    yield* page.Items ?? []
    startKey = page.LastEvaluatedKey
  } while (startKey)
}
