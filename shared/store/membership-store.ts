import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { MembershipRecord } from '../domain/records.js'
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
