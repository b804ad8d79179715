import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb'
import { storeUnavailable } from './dynamo-errors.js'
import type { Key } from './keys.js'
import type { TableContext } from './table-context.js'

export interface GetItemOptions {
  /** Top-level attributes to read; the whole item when absent. */
  attributes?: readonly string[]
  /** An eventually consistent read (half the price), where a slightly stale answer is harmless. */
  eventual?: boolean
}

/**
 * The store's one item read: the item under `key`, or undefined. Strongly consistent unless told
 * otherwise, since most reads decide a write; a failure is `store.unavailable` naming `what`.
 */
export async function getItem(
  ctx: TableContext,
  key: Key,
  what: string,
  options: GetItemOptions = {},
): Promise<Record<string, unknown> | undefined> {
  const result = await ctx.doc
    .send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: key,
        ...(options.eventual ? {} : { ConsistentRead: true }),
        ...(options.attributes ? projection(options.attributes) : {}),
      }),
    )
    .catch((cause) => {
      throw storeUnavailable(what, cause)
    })
  return result.Item
}

/** DynamoDB's limit on the keys of one BatchGetItem. */
const BATCH_GET_LIMIT = 100

/** A projection as DynamoDB takes it (recordProjection builds one for record paths). */
export interface Projection {
  ProjectionExpression: string
  ExpressionAttributeNames: Record<string, string>
}

export interface GetItemsOptions {
  /** Reads only these attributes. It must keep `pk` and `sk`: items are matched to keys by them. */
  projection?: Projection
  /** Eventually consistent reads, where a slightly stale answer is harmless (search results). */
  eventual?: boolean
}

/**
 * The items under several keys, in their order (undefined where there is none), read in
 * BatchGetItems of 100 keys, strongly consistent unless told otherwise, keys DynamoDB left
 * unprocessed asked again: one round trip where there would be one per key. A failure is
 * `store.unavailable` naming `what`.
 */
export async function getItems(
  ctx: TableContext,
  wanted: readonly Key[],
  what: string,
  options: GetItemsOptions = {},
): Promise<(Record<string, unknown> | undefined)[]> {
  const read = {
    ...(options.eventual ? {} : { ConsistentRead: true }),
    ...options.projection,
  }
  const found = new Map<string, Record<string, unknown>>()
  const id = (key: { pk?: unknown; sk?: unknown }) => `${String(key.pk)}\n${String(key.sk)}`
  // A key asked twice is sent once: DynamoDB refuses a request that repeats a key.
  const unique = [...new Map(wanted.map((key) => [id(key), key])).values()]
  for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
    let pending: Record<string, unknown>[] = unique
      .slice(start, start + BATCH_GET_LIMIT)
      .map((key) => ({ ...key }))
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 5) throw storeUnavailable(`${what} (keys left unprocessed)`, pending)
      const result = await ctx.doc
        .send(
          new BatchGetCommand({
            RequestItems: { [ctx.tableName]: { Keys: pending, ...read } },
          }),
        )
        .catch((cause) => {
          throw storeUnavailable(what, cause)
        })
      for (const item of result.Responses?.[ctx.tableName] ?? []) found.set(id(item), item)
      pending = result.UnprocessedKeys?.[ctx.tableName]?.Keys ?? []
    }
  }
  return wanted.map((key) => found.get(id(key)))
}

/** Names go through placeholders: many (state, status, date) are DynamoDB reserved words. */
function projection(attributes: readonly string[]) {
  return {
    ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
  }
}
