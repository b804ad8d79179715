import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import type { MembershipRecord, ReceiptRecord } from '../domain/records.js'
import { keys } from './keys.js'
import { receiptSearchTokens, searchTokens, tokenPartition } from './search-tokens.js'
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

export function pendingDeliveryItem(ctx: TableContext, number: string, kind: DeliveryKind) {
  return {
    ...keys.pendingDelivery(ctx.orgId, number, kind),
    gsi2pk: keys.pendingIndex(ctx.orgId),
    gsi2sk: `delivery#${number}#${kind}`,
    work: { type: 'deliver', number, kind },
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
      Item: { ...keys.membership(ctx.orgId, membership.itemId), record: membership },
    },
  }
}

/** Name-search entries of a member: `word#M<item id>`, beside the receipts' `word#<number>`. */
export function membershipSearchPuts(
  ctx: TableContext,
  membership: MembershipRecord,
): TransactItem[] {
  return searchTokens(membership.member.lastName, membership.member.firstName).map((token) => ({
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...keys.nameSearch(ctx.orgId, tokenPartition(token), `${token}#M${membership.itemId}`),
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
  const order = {
    ...keys.orderReceipt(ctx.orgId, receipt.orderId, receipt.number),
    number: receipt.number,
  }
  return [...names, order].map((Item) => ({ Put: { TableName: ctx.tableName, Item } }))
}
