import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'
import { TTL_ATTRIBUTE } from './table-definition.js'

export interface DonorAccess {
  /** Lower-cased, as the receipts are indexed. */
  email: string
  createdAt: string
  expiresAt: string
}

/** Keeps a donor's link until it expires; DynamoDB's TTL removes it a day after. */
export async function saveDonorAccess(
  ctx: TableContext,
  secretHash: string,
  access: DonorAccess,
): Promise<void> {
  await ctx.doc
    .send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: {
          ...keys.donorAccess(ctx.orgId, secretHash),
          access,
          [TTL_ATTRIBUTE]: epochSeconds(access.expiresAt) + 86_400,
        },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('save donor access', cause)
    })
}

export async function getDonorAccess(
  ctx: TableContext,
  secretHash: string,
): Promise<DonorAccess | undefined> {
  const result = await ctx.doc
    .send(
      new GetCommand({ TableName: ctx.tableName, Key: keys.donorAccess(ctx.orgId, secretHash) }),
    )
    .catch((cause) => {
      throw storeUnavailable('get donor access', cause)
    })
  return result.Item?.access as DonorAccess | undefined
}

/**
 * Counts one request in the bucket's current window, unless it already holds `limit`: one
 * conditional update, so concurrent requests never slip past the threshold. The item expires
 * (TTL) once its window is over.
 */
export async function takeRateLimit(
  ctx: TableContext,
  bucket: string,
  options: { limit: number; windowSeconds: number; now: Date },
): Promise<boolean> {
  const nowSeconds = Math.floor(options.now.getTime() / 1000)
  const windowStart = nowSeconds - (nowSeconds % options.windowSeconds)
  try {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.rateLimit(ctx.orgId, bucket, windowStart),
        UpdateExpression: 'ADD #hits :one SET #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#hits) OR #hits < :limit',
        ExpressionAttributeNames: { '#hits': 'hits', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': options.limit,
          ':ttl': windowStart + 2 * options.windowSeconds,
        },
      }),
    )
    return true
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false
    throw storeUnavailable('rate limit', error)
  }
}

function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000)
}
