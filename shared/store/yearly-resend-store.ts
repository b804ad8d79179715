import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

/**
 * Marks a donor's yearly email as sent by resend run `run`: true for the one caller allowed to
 * send it, false when the marker already exists (a resumed run, a chunk delivered twice).
 */
export async function markYearlyResend(
  ctx: TableContext,
  year: number,
  run: number,
  donorRef: string,
): Promise<boolean> {
  try {
    await ctx.doc.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: keys.yearlyResendMarker(ctx.orgId, year, run, donorRef),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    return true
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false
    throw storeUnavailable('mark yearly resend', error)
  }
}
