import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

/** The treasurer confirmed the tax rules of a year, as the product knew them then. */
export interface TaxRulesConfirmation {
  year: number
  /** The rule versions in force over that year, and the fingerprint of their figures. */
  versions: string[]
  fingerprint: string
  confirmedAt: string
  confirmedBy: string
}

/** Every confirmation is kept: a later one (after a change of the rules) never erases the first. */
export async function recordTaxRulesConfirmation(
  ctx: TableContext,
  confirmation: TaxRulesConfirmation,
): Promise<void> {
  await ctx.doc
    .send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: {
          ...keys.taxRulesConfirmation(ctx.orgId, confirmation.year, confirmation.confirmedAt),
          confirmation,
        },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('record tax rules confirmation', cause)
    })
}

/** The latest confirmation of `year`, if any. */
export async function latestTaxRulesConfirmation(
  ctx: TableContext,
  year: number,
): Promise<TaxRulesConfirmation | undefined> {
  const result = await ctx.doc
    .send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :year)',
        ExpressionAttributeValues: {
          ':pk': keys.taxRulesConfirmations(ctx.orgId),
          ':year': `YEAR#${year}#`,
        },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('read tax rules confirmation', cause)
    })
  return result.Items?.[0]?.confirmation as TaxRulesConfirmation | undefined
}
