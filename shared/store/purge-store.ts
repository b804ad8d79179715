import {
  BatchWriteCommand,
  DeleteCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { EligiblePayment } from '../domain/eligible-payment.js'
import type { MembershipRecord, ReceiptRecord, ReviewItem } from '../domain/records.js'
import { storeUnavailable } from './dynamo-errors.js'
import { type Key, keys } from './keys.js'
import { queryAll } from './query-all.js'
import { receiptItem } from './receipt-items.js'
import { receiptSearchTokens, searchTokens, tokenPartition } from './search-tokens.js'
import type { TableContext } from './table-context.js'

/**
 * The writes of the retention purge. Each one is safe to redo: an interrupted purge is run
 * again, and whatever is already erased is erased again or skipped.
 */

/**
 * Rewrites a receipt without its personal data, after deleting its name-search entries: the
 * receipt is marked purged last, so a purge cut short finds it unmarked and finishes it.
 */
export async function eraseReceipt(
  ctx: TableContext,
  before: ReceiptRecord,
  erased: ReceiptRecord,
): Promise<void> {
  const searchKeys = receiptSearchTokens(before).map((token) =>
    keys.nameSearch(ctx.orgId, tokenPartition(token), `${token}#${before.number}`),
  )
  await deleteKeys(ctx, searchKeys, 'erase receipt search entries')
  await ctx.doc
    .send(
      new PutCommand({
        TableName: ctx.tableName,
        // Without a payer address, the item leaves the by-email index (receiptItem omits it).
        Item: receiptItem(ctx, erased),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('erase receipt', cause)
    })
}

export async function eraseMembership(
  ctx: TableContext,
  before: MembershipRecord,
  erased: MembershipRecord,
): Promise<void> {
  const searchKeys = searchTokens(before.member.lastName, before.member.firstName).map((token) =>
    keys.memberSearch(ctx.orgId, tokenPartition(token), `${token}#${before.itemId}`),
  )
  await deleteKeys(ctx, searchKeys, 'erase member search entries')
  await ctx.doc
    .send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: { ...keys.membership(ctx.orgId, erased.itemId), record: erased },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('erase membership', cause)
    })
}

/** Keeps who did what and when on a subject; drops the values before and after, and the note. */
export async function eraseAuditDetails(ctx: TableContext, subject: string): Promise<number> {
  let erased = 0
  for await (const item of queryAll(
    ctx,
    {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditPartition(ctx.orgId, subject) },
    },
    'list audit to erase',
  )) {
    const entry = item.entry as Record<string, unknown>
    if (!('before' in entry || 'after' in entry || 'detail' in entry)) continue
    const { before: _b, after: _a, detail: _d, ...kept } = entry
    await ctx.doc
      .send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: { pk: item.pk, sk: item.sk, entry: { ...kept, erased: true } },
        }),
      )
      .catch((cause) => {
        throw storeUnavailable('erase audit entry', cause)
      })
    erased++
  }
  return erased
}

/** Every review item opened before `before` (an ISO instant), open or closed: a filtered scan. */
export async function* reviewsCreatedBefore(
  ctx: TableContext,
  before: string,
): AsyncGenerator<ReviewItem> {
  let startKey: Record<string, unknown> | undefined
  do {
    const page = await ctx.doc
      .send(
        new ScanCommand({
          TableName: ctx.tableName,
          FilterExpression:
            'begins_with(pk, :prefix) AND sk = :sk AND #record.#createdAt < :before',
          ExpressionAttributeNames: { '#record': 'record', '#createdAt': 'createdAt' },
          ExpressionAttributeValues: {
            ':prefix': keys.review(ctx.orgId, '').pk,
            ':sk': 'REVIEW',
            ':before': before,
          },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      )
      .catch((cause) => {
        throw storeUnavailable('scan reviews', cause)
      })
    for (const item of page.Items ?? []) yield item.record as ReviewItem
    startKey = page.LastEvaluatedKey
  } while (startKey)
}

export async function eraseReviewMessage(ctx: TableContext, id: string, message: string) {
  await ctx.doc
    .send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.review(ctx.orgId, id),
        UpdateExpression: 'SET #record.#message = :message REMOVE #record.#decision.#note',
        ConditionExpression: 'attribute_exists(pk) AND attribute_exists(#record.#decision)',
        ExpressionAttributeNames: {
          '#record': 'record',
          '#message': 'message',
          '#decision': 'decision',
          '#note': 'note',
        },
        ExpressionAttributeValues: { ':message': message },
      }),
    )
    .catch(async (cause) => {
      if ((cause as { name?: string }).name !== 'ConditionalCheckFailedException')
        throw storeUnavailable('erase review', cause)
      // No decision recorded (still open, or dismissed without one): the message alone.
      await ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: keys.review(ctx.orgId, id),
          UpdateExpression: 'SET #record.#message = :message',
          ExpressionAttributeNames: { '#record': 'record', '#message': 'message' },
          ExpressionAttributeValues: { ':message': message },
        }),
      )
    })
}

/** Ids of the notifications received before `before`, whose raw body is still kept. */
export async function* notificationsReceivedBefore(
  ctx: TableContext,
  before: string,
): AsyncGenerator<string> {
  for await (const item of queryAll(
    ctx,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
      FilterExpression: 'attribute_exists(rawBody)',
      ExpressionAttributeValues: { ':pk': keys.notificationsIndex(ctx.orgId), ':before': before },
    },
    'list old notifications',
  ))
    yield item.id as string
}

/** The raw body HelloAsso sent (payer's name, address, email) goes; when and what it was stays. */
export async function eraseNotificationBody(ctx: TableContext, id: string): Promise<void> {
  await ctx.doc
    .send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.notification(ctx.orgId, id),
        UpdateExpression: 'REMOVE rawBody',
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('erase notification', cause)
    })
}

/** The copy of a HelloAsso order kept for its receipts (payer, members): deleted whole. */
export async function deleteStoredOrder(ctx: TableContext, orderId: number): Promise<void> {
  await ctx.doc
    .send(new DeleteCommand({ TableName: ctx.tableName, Key: keys.order(ctx.orgId, orderId) }))
    .catch((cause) => {
      throw storeUnavailable('delete order', cause)
    })
}

/** Receipts of one tax year, a page at a time. */
export async function* receiptsOfYear(
  ctx: TableContext,
  year: number,
): AsyncGenerator<ReceiptRecord> {
  for await (const item of queryAll(
    ctx,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.receiptsByYear(ctx.orgId, year) },
    },
    'list receipts of year',
  ))
    yield item.record as ReceiptRecord
}

async function deleteKeys(ctx: TableContext, all: Key[], what: string): Promise<void> {
  for (let start = 0; start < all.length; start += 25) {
    let requests: Record<string, unknown>[] = all
      .slice(start, start + 25)
      .map((Key) => ({ DeleteRequest: { Key } }))
    while (requests.length > 0) {
      const result = await ctx.doc
        .send(new BatchWriteCommand({ RequestItems: { [ctx.tableName]: requests as never } }))
        .catch((cause) => {
          throw storeUnavailable(what, cause)
        })
      requests = (result.UnprocessedItems?.[ctx.tableName] ?? []) as Record<string, unknown>[]
    }
  }
}

/** Rewrites a tax year's eligible payments (kept for yearly summaries) through `erase`. */
export async function eraseEligiblePayments(
  ctx: TableContext,
  year: number,
  erase: (record: EligiblePayment) => EligiblePayment | undefined,
): Promise<number> {
  let erased = 0
  for await (const item of queryAll(
    ctx,
    {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.eligiblePayments(ctx.orgId, year) },
    },
    'list eligible payments to erase',
  )) {
    const record = erase(item.record as EligiblePayment)
    if (!record) continue
    await ctx.doc
      .send(new PutCommand({ TableName: ctx.tableName, Item: { ...item, record } }))
      .catch((cause) => {
        throw storeUnavailable('erase eligible payment', cause)
      })
    erased++
  }
  return erased
}
