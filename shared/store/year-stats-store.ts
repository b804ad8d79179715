import { getItem } from './get-item.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

/**
 * A tax year's running totals (`count_<form>_<mm>`, `amount_<form>_<mm>`), kept by every
 * issue, cancellation and replacement; empty before the year's first receipt. Eventually
 * consistent: the staff home page can show totals a moment old.
 */
export async function readYearStats(
  ctx: TableContext,
  year: number,
): Promise<Record<string, unknown>> {
  return (
    (await getItem(ctx, keys.yearStats(ctx.orgId, year), 'get stats', { eventual: true })) ?? {}
  )
}
