import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { PublicKeyInfo } from '../verification/signing-key.js'
import { isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

export interface StoredPublicKey extends PublicKeyInfo {
  /** When a signer first used it. */
  since: string
}

/**
 * Records the public half of the signing key, once: the public pages read it from the table and
 * never see the private key. Every signer calls it when it starts (one write, at cold start).
 */
export async function publishVerificationKey(
  ctx: TableContext,
  key: PublicKeyInfo,
  at: string,
): Promise<void> {
  await ctx.doc
    .send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: { ...keys.verificationKey(ctx.orgId, key.keyId), key: { ...key, since: at } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .catch((cause) => {
      if (isConditionalCheckFailed(cause)) return
      throw storeUnavailable('publish verification key', cause)
    })
}

export async function getVerificationKey(
  ctx: TableContext,
  keyId: string,
): Promise<StoredPublicKey | undefined> {
  const result = await ctx.doc
    .send(new GetCommand({ TableName: ctx.tableName, Key: keys.verificationKey(ctx.orgId, keyId) }))
    .catch((cause) => {
      throw storeUnavailable('get verification key', cause)
    })
  return result.Item?.key as StoredPublicKey | undefined
}

export async function listVerificationKeys(ctx: TableContext): Promise<StoredPublicKey[]> {
  const result = await ctx.doc
    .send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.verificationKeysPartition(ctx.orgId) },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('list verification keys', cause)
    })
  return (result.Items ?? []).map((item) => item.key as StoredPublicKey)
}
