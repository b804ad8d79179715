import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { EmailTags } from '../mail/ses-mailer.js'
import { isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { noteDeliveryOutcome } from './failed-deliveries-store.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

type DeliveryKind = EmailTags['kind']

const deliveryField = (kind: DeliveryKind) =>
  kind === 'receipt' ? 'delivery' : 'cancellationDelivery'

/**
 * Marks a sent email as undelivered, only while the delivery still records that very SES
 * message as sent: a bounce of an older send must not overwrite a resend. Returns false when
 * the condition does not hold (the caller reads the receipt to tell why).
 */
export async function markDeliveryUndelivered(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  sesMessageId: string,
  reason: string,
  at: string,
): Promise<boolean> {
  const marked = await conditionalUpdate(ctx, number, 'mark delivery undelivered', {
    UpdateExpression:
      'SET #record.#d.#status = :failed, #record.#d.lastError = :reason, #record.history = list_append(#record.history, :event)',
    ConditionExpression: '#record.#d.messageId = :messageId AND #record.#d.#status = :sent',
    ExpressionAttributeNames: {
      '#record': 'record',
      '#d': deliveryField(kind),
      '#status': 'status',
    },
    ExpressionAttributeValues: {
      ':failed': 'failed',
      ':sent': 'sent',
      ':messageId': sesMessageId,
      ':reason': reason,
      ':event': [{ at, event: `${kind}-email-undelivered`, detail: reason }],
    },
  })
  if (marked) await noteDeliveryOutcome(ctx, number, kind, { failed: true, reason, at })
  return marked
}

/** Notes a complaint in the receipt's history; the delivery itself stays `sent`. */
export async function noteDeliveryComplaint(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  sesMessageId: string,
  reason: string,
  at: string,
): Promise<boolean> {
  return conditionalUpdate(ctx, number, 'note delivery complaint', {
    UpdateExpression: 'SET #record.history = list_append(#record.history, :event)',
    ConditionExpression: '#record.#d.messageId = :messageId',
    ExpressionAttributeNames: { '#record': 'record', '#d': deliveryField(kind) },
    ExpressionAttributeValues: {
      ':messageId': sesMessageId,
      ':event': [{ at, event: `${kind}-email-complaint`, detail: reason }],
    },
  })
}

async function conditionalUpdate(
  ctx: TableContext,
  number: string,
  what: string,
  update: Pick<
    ConstructorParameters<typeof UpdateCommand>[0],
    | 'UpdateExpression'
    | 'ConditionExpression'
    | 'ExpressionAttributeNames'
    | 'ExpressionAttributeValues'
  >,
): Promise<boolean> {
  try {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.receipt(ctx.orgId, number),
        ...update,
      }),
    )
    return true
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false
    throw storeUnavailable(what, error)
  }
}
