import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

/** HelloAsso slugs this organisation is known by (current first); the config slug is the seed. */
export async function getKnownSlugs(ctx: TableContext, configSlug: string): Promise<string[]> {
  const result = await ctx.doc
    .send(new GetCommand({ TableName: ctx.tableName, Key: keys.helloAssoSlug(ctx.orgId) }))
    .catch((cause) => {
      throw storeUnavailable('get slugs', cause)
    })
  const stored = (result.Item?.slugs as string[] | undefined) ?? []
  return [...new Set([...stored, configSlug])]
}

export async function recordSlugChange(
  ctx: TableContext,
  configSlug: string,
  oldSlug: string,
  newSlug: string,
  at: string,
): Promise<boolean> {
  const known = await getKnownSlugs(ctx, configSlug)
  if (!known.includes(oldSlug)) return false
  const slugs = [newSlug, ...known.filter((slug) => slug !== newSlug)]
  await ctx.doc
    .send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: { ...keys.helloAssoSlug(ctx.orgId), slugs, currentSlug: newSlug, updatedAt: at },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('record slug change', cause)
    })
  return true
}
