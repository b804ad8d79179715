import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { EligiblePayment } from '../domain/eligible-payment.js'
import { AppError } from '../errors.js'
import { cancellationCodes, isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import type { TransactItem } from './receipt-items.js'
import type { TableContext } from './table-context.js'

interface EligiblePointer {
  year: number
  donorKey: string
}

/**
 * Records (or refreshes) a payment's eligible item and the pointer a refund will follow.
 * A refunded payment stays refunded: a late replay of its paid state changes nothing.
 * The pointer is written first, so any item that exists can be found by a refund; plain puts
 * (no transaction) let concurrent replays of one order write without conflicting.
 */
export async function recordEligiblePayment(
  ctx: TableContext,
  record: EligiblePayment,
): Promise<'recorded' | 'refunded'> {
  // The pointer is put on condition that it is new or unchanged (the usual case: one request,
  // no read); only a payer whose identity changed since is read and moved.
  const placed = await put(ctx, pointerItem(ctx, record), {
    ConditionExpression: 'attribute_not_exists(pk) OR (#year = :year AND #donorKey = :donorKey)',
    ExpressionAttributeNames: { '#year': 'year', '#donorKey': 'donorKey' },
    ExpressionAttributeValues: { ':year': record.year, ':donorKey': record.donorKey },
  }).then(
    () => true,
    (error) => {
      if (isConditionalCheckFailed(error)) return false
      throw error
    },
  )
  if (!placed) {
    const pointer = await getPointer(ctx, record.paymentId)
    if (pointer) return moveEligible(ctx, pointer, record)
    throw new AppError(
      'store.conflict',
      `eligible pointer of ${record.paymentId} moved; will retry`,
    )
  }
  try {
    await put(ctx, eligibleItem(ctx, record), {
      ConditionExpression: 'attribute_not_exists(#record.#refunded)',
      ExpressionAttributeNames: { '#record': 'record', '#refunded': 'refunded' },
    })
    return 'recorded'
  } catch (error) {
    if (isConditionalCheckFailed(error)) return 'refunded'
    throw storeUnavailable('record eligible payment', error)
  }
}

/** The payer's identity changed since (another donor key): the item moves, all at once. */
async function moveEligible(
  ctx: TableContext,
  from: EligiblePointer,
  record: EligiblePayment,
): Promise<'recorded' | 'refunded'> {
  const items: TransactItem[] = [
    eligibleDelete(ctx, from, record.paymentId),
    { Put: { TableName: ctx.tableName, Item: eligibleItem(ctx, record) } },
    { Put: { TableName: ctx.tableName, Item: pointerItem(ctx, record) } },
  ]
  try {
    await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }))
    return 'recorded'
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return 'refunded'
    throw storeUnavailable('move eligible payment', error)
  }
}

/** Refunded or contested: off every future summary, for good. False when nothing was recorded. */
export function markEligibleRefunded(
  ctx: TableContext,
  paymentId: number,
  refunded: NonNullable<EligiblePayment['refunded']>,
): Promise<boolean> {
  return setFlag(ctx, paymentId, 'refunded', refunded, 'attribute_exists(pk)', {})
}

/** Doubtful again (e.g. a partial refund): off summaries until a person decides. */
export function withholdEligiblePayment(
  ctx: TableContext,
  paymentId: number,
  withheld: NonNullable<EligiblePayment['withheld']>,
): Promise<boolean> {
  return setFlag(
    ctx,
    paymentId,
    'withheld',
    withheld,
    'attribute_exists(pk) AND attribute_not_exists(#record.#refunded)',
    { '#refunded': 'refunded' },
  )
}

/**
 * For a summary's transaction: the payment is still recorded and neither refunded nor withheld.
 * A refund that lands first makes the summary fail instead of covering refunded money.
 */
export function eligibleStillAvailable(ctx: TableContext, record: EligiblePayment): TransactItem {
  return {
    ConditionCheck: {
      TableName: ctx.tableName,
      Key: eligibleKey(ctx, record, record.paymentId),
      ConditionExpression:
        'attribute_exists(pk) AND attribute_not_exists(#record.#refunded) AND attribute_not_exists(#record.#withheld)',
      ExpressionAttributeNames: {
        '#record': 'record',
        '#refunded': 'refunded',
        '#withheld': 'withheld',
      },
    },
  }
}

async function setFlag(
  ctx: TableContext,
  paymentId: number,
  flag: 'refunded' | 'withheld',
  value: unknown,
  condition: string,
  names: Record<string, string>,
): Promise<boolean> {
  const pointer = await getPointer(ctx, paymentId)
  if (!pointer) return false
  try {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: eligibleKey(ctx, pointer, paymentId),
        UpdateExpression: 'SET #record.#flag = :value',
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#record': 'record', '#flag': flag, ...names },
        ExpressionAttributeValues: { ':value': value },
      }),
    )
    return true
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false
    throw storeUnavailable(`mark eligible payment ${flag}`, error)
  }
}

async function getPointer(
  ctx: TableContext,
  paymentId: number,
): Promise<EligiblePointer | undefined> {
  const item = await getItem(
    ctx,
    keys.paymentEligible(ctx.orgId, paymentId),
    'get eligible pointer',
  )
  return item ? { year: Number(item.year), donorKey: String(item.donorKey) } : undefined
}

function eligibleItem(ctx: TableContext, record: EligiblePayment) {
  return { ...eligibleKey(ctx, record, record.paymentId), record }
}

function pointerItem(ctx: TableContext, record: EligiblePayment) {
  return {
    ...keys.paymentEligible(ctx.orgId, record.paymentId),
    year: record.year,
    donorKey: record.donorKey,
  }
}

async function put(
  ctx: TableContext,
  Item: Record<string, unknown>,
  condition: Pick<
    ConstructorParameters<typeof PutCommand>[0],
    'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
  > = {},
): Promise<void> {
  try {
    await ctx.doc.send(new PutCommand({ TableName: ctx.tableName, Item, ...condition }))
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw error
    throw storeUnavailable('put eligible payment', error)
  }
}

function eligibleKey(ctx: TableContext, at: EligiblePointer, paymentId: number) {
  return keys.eligiblePayment(ctx.orgId, at.year, at.donorKey, paymentId)
}

function eligibleDelete(ctx: TableContext, at: EligiblePointer, paymentId: number): TransactItem {
  return {
    Delete: {
      TableName: ctx.tableName,
      Key: eligibleKey(ctx, at, paymentId),
      ConditionExpression: 'attribute_not_exists(#record.#refunded)',
      ExpressionAttributeNames: { '#record': 'record', '#refunded': 'refunded' },
    },
  }
}
