import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { cancellationCodes, storeUnavailable } from './dynamo-errors.js'
import type { TransactItem } from './receipt-items.js'
import type { TableContext } from './table-context.js'

/**
 * Writes `items` in one DynamoDB transaction, for a use case that assembles items from several
 * stores (a dead letter and its markers, a review closed with its audit entries). Undefined when
 * written; when DynamoDB cancelled it, the reason of each item (ConditionalCheckFailed,
 * TransactionConflict…), in their order, for the caller to decide. Any other failure is
 * `store.unavailable` (or its kin) naming `what`.
 */
export async function writeTogether(
  ctx: TableContext,
  items: TransactItem[],
  what: string,
): Promise<(string | undefined)[] | undefined> {
  try {
    await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }))
    return undefined
  } catch (error) {
    const codes = cancellationCodes(error)
    if (codes) return codes
    throw storeUnavailable(what, error)
  }
}
