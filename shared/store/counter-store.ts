import { getItem } from './get-item.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

/** The last number taken in a tax year (0 before the first), read consistently. */
export async function readCounter(ctx: TableContext, year: number): Promise<number> {
  const item = await getItem(ctx, keys.counter(ctx.orgId, year), 'read counter')
  return (item?.last as number | undefined) ?? 0
}
