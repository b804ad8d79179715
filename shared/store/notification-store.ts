import {
  PutCommand,
  type PutCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { ReviewItem } from '../domain/records.js'
import { storeUnavailable } from './dynamo-errors.js'
import { getItem, getItems } from './get-item.js'
import { keys } from './keys.js'
import type { TransactItem } from './receipt-items.js'
import { reviewOpenItems } from './review-store.js'
import type { TableContext } from './table-context.js'
import { type TierMapping, tierMappingsIn } from './tier-mapping-store.js'

export type NotificationStatus = 'received' | 'processed' | 'ignored' | 'malformed' | 'failed'

export interface StoredNotification {
  id: string
  receivedAt: string
  /** The body exactly as received (UTF-8), kept for review and replay. */
  rawBody: string
  contentType: string
  eventType?: string
  status: NotificationStatus
  outcome?: string
}

/**
 * Durable before the 2xx: a notification acknowledged is never lost (DESIGN, ingest). A review
 * item opened for it at ingest is written in the same transaction, so a failure leaves neither
 * and HelloAsso's replay (after our 503) opens exactly one.
 */
export async function saveNotification(
  ctx: TableContext,
  notification: StoredNotification,
  review?: ReviewItem,
): Promise<void> {
  const put = notificationPut(ctx, notification)
  const written = review
    ? ctx.doc.send(
        new TransactWriteCommand({ TransactItems: [put, ...reviewOpenItems(ctx, review)] }),
      )
    : ctx.doc.send(new PutCommand(put.Put))
  await written.catch((cause) => {
    throw storeUnavailable('save notification', cause)
  })
}

function notificationPut(
  ctx: TableContext,
  notification: StoredNotification,
): { Put: PutCommandInput } {
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...keys.notification(ctx.orgId, notification.id),
        gsi1pk: keys.notificationsIndex(ctx.orgId),
        gsi1sk: `${notification.receivedAt}#${notification.id}`,
        ...(notification.status === 'received'
          ? {
              gsi2pk: keys.pendingIndex(ctx.orgId),
              gsi2sk: keys.pendingSortKey('notification', notification.receivedAt, notification.id),
            }
          : {}),
        ...notification,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }
}

export async function getNotification(
  ctx: TableContext,
  id: string,
): Promise<StoredNotification | undefined> {
  return notificationIn(await getItem(ctx, keys.notification(ctx.orgId, id), 'get notification'))
}

/**
 * The process step's first read: the notification and the organisation's tier mappings, in one
 * consistent BatchGetItem instead of two reads. The mappings are still read for each
 * notification, after its message arrived (current-tier-mappings.ts says why).
 */
export async function getNotificationWithTierMappings(
  ctx: TableContext,
  id: string,
): Promise<{ notification: StoredNotification | undefined; tierMappings: TierMapping[] }> {
  const [notification, mappings] = await getItems(
    ctx,
    [keys.notification(ctx.orgId, id), keys.tierMappings(ctx.orgId)],
    'get notification and tier mappings',
  )
  return { notification: notificationIn(notification), tierMappings: tierMappingsIn(mappings) }
}

function notificationIn(item: Record<string, unknown> | undefined): StoredNotification | undefined {
  if (!item) return undefined
  const {
    id: storedId,
    receivedAt,
    rawBody,
    contentType,
    eventType,
    status,
    outcome,
  } = item as unknown as StoredNotification
  return { id: storedId, receivedAt, rawBody, contentType, eventType, status, outcome }
}

export async function setNotificationStatus(
  ctx: TableContext,
  id: string,
  status: NotificationStatus,
  outcome: string,
): Promise<void> {
  await ctx.doc
    .send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.notification(ctx.orgId, id),
        UpdateExpression: 'SET #status = :status, outcome = :outcome REMOVE gsi2pk, gsi2sk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':outcome': outcome },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('set notification status', cause)
    })
}

/**
 * A notification whose processing failed for good, as an item of the dead letter's transaction:
 * marked failed and off the pending work. It must exist (a dead letter never creates one).
 */
export function notificationFailedItem(
  ctx: TableContext,
  id: string,
  outcome: string,
): TransactItem {
  return {
    Update: {
      TableName: ctx.tableName,
      Key: keys.notification(ctx.orgId, id),
      UpdateExpression: 'SET #status = :status, outcome = :outcome REMOVE gsi2pk, gsi2sk',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': 'failed', ':outcome': outcome },
    },
  }
}
