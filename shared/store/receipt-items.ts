import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import type { MembershipRecord, ReceiptRecord } from '../domain/records.js'
import { keys } from './keys.js'
import { memberSearchTokens, receiptSearchTokens, tokenPartition } from './search-tokens.js'
import type { TableContext } from './table-context.js'

/** The DynamoDB items a receipt is made of, shared by the transactions that write them. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number]
export type DeliveryKind = 'receipt' | 'cancellation'

export function receiptItem(ctx: TableContext, receipt: ReceiptRecord) {
  return {
    ...keys.receipt(ctx.orgId, receipt.number),
    gsi1pk: keys.receiptsByYear(ctx.orgId, receipt.year),
    gsi1sk: receipt.number,
    ...(receipt.payerEmail
      ? { gsi2pk: keys.receiptsByEmail(ctx.orgId, receipt.payerEmail), gsi2sk: receipt.number }
      : {}),
    record: receipt,
  }
}

/**
 * An email waiting to go, listed with the pending work. `since` (when it was asked for) sorts it
 * in its lane, so the pending-age metric reads the oldest one first; kept as `queuedAt` too, so
 * the re-queue knows whether it was queued recently.
 */
export function pendingDeliveryItem(
  ctx: TableContext,
  number: string,
  kind: DeliveryKind,
  since: string,
) {
  return {
    ...keys.pendingDelivery(ctx.orgId, number, kind),
    gsi2pk: keys.pendingIndex(ctx.orgId),
    gsi2sk: keys.pendingSortKey('delivery', since, `${number}#${kind}`),
    work: { type: 'deliver', number, kind },
    queuedAt: since,
  }
}

/** One line of the per-year register: what was issued, cancelled or replaced, when, for how much. */
export function ledgerPut(
  ctx: TableContext,
  receipt: ReceiptRecord,
  event: 'issued' | 'cancelled' | 'replaced',
  at: string,
  extra: Record<string, unknown> = {},
): TransactItem {
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...keys.ledgerEntry(ctx.orgId, receipt.year, `${receipt.number}#${event}`),
        event,
        number: receipt.number,
        at,
        amountCents: receipt.snapshot.amountCents,
        form: receipt.form,
        paymentId: receipt.paymentId,
        ...(receipt.coveredPayments
          ? { paymentIds: receipt.coveredPayments.map((p) => p.paymentId) }
          : {}),
        ...extra,
      },
    },
  }
}

/** Sets the year's counter from `last` to `next`, failing if another writer moved it first. */
export function counterUpdate(
  ctx: TableContext,
  year: number,
  last: number,
  next: number,
): TransactItem {
  return {
    Update: {
      TableName: ctx.tableName,
      Key: keys.counter(ctx.orgId, year),
      UpdateExpression: 'SET #last = :next',
      ConditionExpression: last === 0 ? 'attribute_not_exists(pk)' : '#last = :last',
      ExpressionAttributeNames: { '#last': 'last' },
      ExpressionAttributeValues: last === 0 ? { ':next': next } : { ':next': next, ':last': last },
    },
  }
}

export function membershipPut(ctx: TableContext, membership: MembershipRecord): TransactItem {
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...keys.membership(ctx.orgId, membership.itemId),
        ...membershipListKeys(ctx, membership),
        record: membership,
      },
    },
  }
}

/** Where the membership sorts in the staff list (gsi1): newest validity first. */
export function membershipListKeys(ctx: TableContext, membership: MembershipRecord) {
  return {
    gsi1pk: keys.membershipsIndex(ctx.orgId),
    gsi1sk: `${membership.validFrom}#${membership.itemId.toString().padStart(12, '0')}`,
  }
}

/**
 * Name-search entries of a member: `word#<item id>`, one per word of the member's name (bounded).
 * They name the membership item, not a receipt number, so they need not be written with the
 * number: the numbering transaction leaves them out (see putMemberSearchEntries).
 */
export function membershipSearchPuts(
  ctx: TableContext,
  membership: MembershipRecord,
): TransactItem[] {
  return memberSearchTokens(membership.member).map((token) => ({
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...keys.memberSearch(ctx.orgId, tokenPartition(token), `${token}#${membership.itemId}`),
        itemId: membership.itemId,
      },
    },
  }))
}

/** Name-search entries (one per word) and the order-id entry of a receipt. */
export function searchIndexPuts(ctx: TableContext, receipt: ReceiptRecord): TransactItem[] {
  const names = receiptSearchTokens(receipt).map((token) => ({
    ...keys.nameSearch(ctx.orgId, tokenPartition(token), `${token}#${receipt.number}`),
    number: receipt.number,
  }))
  // A yearly summary is found from any of the orders it covers.
  const orderIds = new Set([
    receipt.orderId,
    ...(receipt.coveredPayments ?? []).map((p) => p.orderId),
  ])
  const orders = [...orderIds].map((orderId) => ({
    ...keys.orderReceipt(ctx.orgId, orderId, receipt.number),
    number: receipt.number,
  }))
  return [...names, ...orders].map((Item) => ({ Put: { TableName: ctx.tableName, Item } }))
}

/**
 * The claim that puts a payment on a receipt: it must not exist yet, so a payment is never on
 * two live receipts (invariant 2), whichever path or runner writes first.
 */
export function claimPut(ctx: TableContext, paymentId: number, number: string): TransactItem {
  return {
    Put: {
      TableName: ctx.tableName,
      Item: { ...keys.paymentReceipt(ctx.orgId, paymentId), number },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }
}

/**
 * Frees a payment of a cancelled yearly summary for the next one. Only a claim held by that
 * receipt (any number of its correction chain) is removed; an absent claim is fine.
 */
export function claimRelease(
  ctx: TableContext,
  paymentId: number,
  numbers: string[],
): TransactItem {
  const placeholders = numbers.map((_, i) => `:n${i}`)
  return {
    Delete: {
      TableName: ctx.tableName,
      Key: keys.paymentReceipt(ctx.orgId, paymentId),
      ConditionExpression: `attribute_not_exists(pk) OR #number IN (${placeholders.join(', ')})`,
      ExpressionAttributeNames: { '#number': 'number' },
      ExpressionAttributeValues: Object.fromEntries(numbers.map((n, i) => [`:n${i}`, n])),
    },
  }
}

/**
 * Moves receipts in or out of their year's running totals, per form and payment month, in one
 * update (a transaction may touch an item once): the home page reads one item, not the year.
 */
export function statsUpdate(
  ctx: TableContext,
  changes: { receipt: ReceiptRecord; sign: 1 | -1 }[],
): TransactItem {
  const deltas = new Map<string, number>()
  for (const { receipt, sign } of changes) {
    const suffix = `${receipt.form}_${receipt.snapshot.paymentDates.from.slice(5, 7)}`
    deltas.set(`count_${suffix}`, (deltas.get(`count_${suffix}`) ?? 0) + sign)
    deltas.set(
      `amount_${suffix}`,
      (deltas.get(`amount_${suffix}`) ?? 0) + sign * receipt.snapshot.amountCents,
    )
  }
  const entries = [...deltas]
  const [first] = changes
  if (!first) throw new RangeError('statsUpdate needs at least one change')
  return {
    Update: {
      TableName: ctx.tableName,
      Key: keys.yearStats(ctx.orgId, first.receipt.year),
      UpdateExpression: `ADD ${entries.map((_, i) => `#a${i} :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#a${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(
        entries.map(([, value], i) => [`:v${i}`, value]),
      ),
    },
  }
}
