import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

const CACHE_MS = 30_000
const cache = new Map<string, { slugs: string[]; until: number }>()
const cacheKey = (ctx: TableContext) => `${ctx.tableName}#${ctx.orgId}`

/**
 * HelloAsso slugs this organisation is known by (current first); the config slug is the seed.
 * Read on every notification, so kept in memory for 30 s: a slug changes once in years, and
 * this process forgets its copy as soon as it records a change.
 */
export async function getKnownSlugs(ctx: TableContext, configSlug: string): Promise<string[]> {
  const cached = cache.get(cacheKey(ctx))
  if (cached && cached.until > Date.now()) return cached.slugs
  const slugs = await readKnownSlugs(ctx, configSlug)
  cache.set(cacheKey(ctx), { slugs, until: Date.now() + CACHE_MS })
  return slugs
}

async function readKnownSlugs(ctx: TableContext, configSlug: string): Promise<string[]> {
  const item = await getItem(ctx, keys.helloAssoSlug(ctx.orgId), 'get slugs', { eventual: true })
  const stored = (item?.slugs as string[] | undefined) ?? []
  return [...new Set([...stored, configSlug])]
}

export async function recordSlugChange(
  ctx: TableContext,
  configSlug: string,
  oldSlug: string,
  newSlug: string,
  at: string,
): Promise<boolean> {
  const known = await readKnownSlugs(ctx, configSlug)
  if (!known.includes(oldSlug)) return false
  cache.delete(cacheKey(ctx))
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
