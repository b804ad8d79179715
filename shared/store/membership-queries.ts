import { QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { MembershipRecord } from '../domain/records.js'
import { storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import { membershipListKeys } from './receipt-items.js'
import type { TableContext } from './table-context.js'

export interface MembershipPage {
  items: MembershipRecord[]
  /** Where the next page starts (`<validFrom>#<item id>`), when there is one. */
  after?: string
}

/** One page of the organisation's memberships, newest validity first. */
export async function membershipsPage(
  ctx: TableContext,
  limit: number,
  after?: string,
): Promise<MembershipPage> {
  const result = await ctx.doc
    .send(
      new QueryCommand({
        TableName: ctx.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.membershipsIndex(ctx.orgId) },
        ScanIndexForward: false,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: startKey(ctx, after) } : {}),
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('list memberships', cause)
    })
  const last = result.LastEvaluatedKey?.gsi1sk
  return {
    items: (result.Items ?? []).map((item) => item.record as MembershipRecord),
    ...(typeof last === 'string' ? { after: last } : {}),
  }
}

function startKey(ctx: TableContext, after: string) {
  const itemId = Number(after.split('#')[1])
  return {
    ...keys.membership(ctx.orgId, itemId),
    gsi1pk: keys.membershipsIndex(ctx.orgId),
    gsi1sk: after,
  }
}

/**
 * Memberships recorded before the staff list existed carry no list keys: each gets them, once.
 * A Scan of the whole table, for `npm run receipts -- index-members` after an upgrade on local
 * data. Returns how many were indexed.
 */
export async function indexUnlistedMemberships(ctx: TableContext): Promise<number> {
  let indexed = 0
  let start: Record<string, unknown> | undefined
  do {
    const page = await ctx.doc
      .send(
        new ScanCommand({
          TableName: ctx.tableName,
          FilterExpression: 'sk = :sk AND begins_with(pk, :org) AND attribute_not_exists(gsi1pk)',
          ExpressionAttributeValues: {
            ':sk': 'MEMBERSHIP',
            ':org': `ORG#${ctx.orgId}#MEMBERSHIP#`,
          },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      )
      .catch((cause) => {
        throw storeUnavailable('scan memberships', cause)
      })
    for (const item of page.Items ?? []) {
      const { gsi1pk, gsi1sk } = membershipListKeys(ctx, item.record as MembershipRecord)
      await ctx.doc
        .send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
            ExpressionAttributeValues: { ':pk': gsi1pk, ':sk': gsi1sk },
          }),
        )
        .catch((cause) => {
          throw storeUnavailable('index membership', cause)
        })
      indexed++
    }
    start = page.LastEvaluatedKey
  } while (start)
  return indexed
}
