import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { ReceiptRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { storeUnavailable } from './dynamo-errors.js'
import { getItem, getItems } from './get-item.js'
import { keys } from './keys.js'
import { recordProjection } from './record-projection.js'
import { tokenPartition } from './search-tokens.js'
import type { TableContext } from './table-context.js'

/**
 * Read paths of the staff search, each a GetItem or a Query on a key: never a Scan, so a search
 * costs the same with 500 or 500 000 receipts.
 */
export interface Page<T> {
  items: T[]
  /** The receipt number the next page starts after; absent on the last page. */
  cursor?: string
}

/**
 * One page of a year's receipts, newest first. The start key is rebuilt here from our own
 * organisation, the year and a receipt number, so no caller can make it address another
 * partition; callers that hand the cursor to a browser sign it (staff/page-cursor.ts).
 */
export async function receiptsByYear(
  ctx: TableContext,
  year: number,
  limit: number,
  after?: string,
): Promise<Page<ReceiptRecord>> {
  const result = await query(ctx, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.receiptsByYear(ctx.orgId, year) },
    Limit: limit,
    ScanIndexForward: false,
    ...(after ? { ExclusiveStartKey: yearStartKey(ctx, year, after) } : {}),
  })
  const last = result.LastEvaluatedKey?.gsi1sk
  return {
    items: (result.Items ?? []).map((item) => item.record as ReceiptRecord),
    ...(typeof last === 'string' ? { cursor: last } : {}),
  }
}

export async function receiptNumbersByEmail(
  ctx: TableContext,
  email: string,
  limit: number,
): Promise<string[]> {
  const result = await query(ctx, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.receiptsByEmail(ctx.orgId, email) },
    Limit: limit,
  })
  return (result.Items ?? []).map((item) => item.gsi2sk as string)
}

/** Receipt numbers whose payer, company or member has a word starting with `prefix` (normalised). */
export async function receiptNumbersByNamePrefix(
  ctx: TableContext,
  prefix: string,
  limit: number,
): Promise<string[]> {
  const items = await prefixQuery(
    ctx,
    keys.nameSearchPartition(ctx.orgId, tokenPartition(prefix)),
    prefix,
    limit,
  )
  return [...new Set(items.map((item) => item.number as string))]
}

/** HelloAsso item ids of the memberships whose member has a word starting with `prefix`. */
export async function membershipIdsByNamePrefix(
  ctx: TableContext,
  prefix: string,
  limit: number,
): Promise<number[]> {
  const items = await prefixQuery(
    ctx,
    keys.memberSearchPartition(ctx.orgId, tokenPartition(prefix)),
    prefix,
    limit,
  )
  return [...new Set(items.map((item) => item.itemId as number))]
}

async function prefixQuery(ctx: TableContext, partition: string, prefix: string, limit: number) {
  const result = await query(ctx, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
    Limit: limit,
  })
  return result.Items ?? []
}

export async function receiptNumbersByOrder(ctx: TableContext, orderId: number): Promise<string[]> {
  const result = await query(ctx, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.orderReceiptsPartition(ctx.orgId, orderId) },
  })
  return (result.Items ?? []).map((item) => item.number as string)
}

export async function receiptNumberByPayment(
  ctx: TableContext,
  paymentId: number,
): Promise<string | undefined> {
  const item = await getItem(
    ctx,
    keys.paymentReceipt(ctx.orgId, paymentId),
    'get payment receipt',
    { eventual: true },
  )
  return item?.number as string | undefined
}

/**
 * The attributes a search result shows (ReceiptSummary and name matching): reading only these
 * keeps a 100-receipt BatchGet small whatever the snapshots weigh.
 */
const SUMMARY_PATHS = [
  'number',
  'year',
  'form',
  'status',
  'payerEmail',
  'issuedAt',
  'delivery.status',
  'orderId',
  'paymentId',
  'members',
  'snapshot.amountCents',
  'snapshot.paymentDates',
  'snapshot.donor',
  'snapshot.specimen',
]

/**
 * Receipts by number, in the order asked, missing ones left out. Eventually consistent: these
 * are search results and lists, where a write of the last second may show at the next look.
 */
export async function receiptsByNumbers(
  ctx: TableContext,
  numbers: string[],
  fields: 'all' | 'summary' = 'all',
): Promise<ReceiptRecord[]> {
  const items = await getItems(
    ctx,
    numbers.map((number) => keys.receipt(ctx.orgId, number)),
    'batch get receipts',
    {
      eventual: true,
      ...(fields === 'summary'
        ? { projection: recordProjection(SUMMARY_PATHS, ['pk', 'sk']) }
        : {}),
    },
  )
  return items.flatMap((item) => (item?.record as ReceiptRecord | undefined) ?? [])
}

async function query(
  ctx: TableContext,
  input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
) {
  return ctx.doc.send(new QueryCommand({ TableName: ctx.tableName, ...input })).catch((cause) => {
    throw storeUnavailable('query', cause)
  })
}

function yearStartKey(ctx: TableContext, year: number, number: string): Record<string, string> {
  if (!new RegExp(`^${year}-\\d{5,}$`).test(number))
    throw new AppError('input.invalid', 'curseur de pagination invalide')
  return {
    ...keys.receipt(ctx.orgId, number),
    gsi1pk: keys.receiptsByYear(ctx.orgId, year),
    gsi1sk: number,
  }
}
