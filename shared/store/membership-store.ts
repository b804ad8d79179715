import { BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { MembershipRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import { membershipPut, membershipSearchPuts } from './receipt-items.js'
import type { TableContext } from './table-context.js'

export async function getMembership(
  ctx: TableContext,
  itemId: number,
): Promise<MembershipRecord | undefined> {
  const item = await getItem(ctx, keys.membership(ctx.orgId, itemId), 'get membership')
  return item?.record as MembershipRecord | undefined
}

/** Writes the membership with its name-search entries (a member is found by name). */
export async function putMembership(
  ctx: TableContext,
  membership: MembershipRecord,
): Promise<void> {
  await ctx.doc
    .send(
      new TransactWriteCommand({
        TransactItems: [membershipPut(ctx, membership), ...membershipSearchPuts(ctx, membership)],
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('put membership', cause)
    })
}

/** DynamoDB's limit on the requests of one BatchWriteItem. */
const BATCH_WRITE_LIMIT = 25

/**
 * The name-search entries of memberships the numbering step will write: they name the membership
 * item, not the receipt, so they go first, outside the numbering transaction, whatever their
 * number. Written again by a replay, harmlessly; an entry whose membership never comes (the
 * payment refunded before its number) finds nothing when searched (findMembers reads the
 * membership).
 */
export async function putMemberSearchEntries(
  ctx: TableContext,
  memberships: MembershipRecord[],
): Promise<void> {
  const puts = memberships.flatMap((membership) =>
    membershipSearchPuts(ctx, membership).flatMap((item) =>
      item.Put ? [{ PutRequest: { Item: item.Put.Item } }] : [],
    ),
  )
  for (let start = 0; start < puts.length; start += BATCH_WRITE_LIMIT) {
    let requests = puts.slice(start, start + BATCH_WRITE_LIMIT)
    // DynamoDB may leave some unprocessed under load: sent again, a few times.
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > 5)
        throw new AppError('store.unavailable', 'DynamoDB left member search entries unprocessed')
      const result = await ctx.doc
        .send(new BatchWriteCommand({ RequestItems: { [ctx.tableName]: requests } }))
        .catch((cause) => {
          throw storeUnavailable('put member search entries', cause)
        })
      requests = (result.UnprocessedItems?.[ctx.tableName] ?? []) as typeof requests
    }
  }
}
