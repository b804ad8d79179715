import type { TableContext } from '../store/table-context.js'
import { listTierMappings } from '../store/tier-mapping-store.js'
import { type TierMappings, tierMappingsOf } from './match-tier.js'

/**
 * The tier mappings in force, read for each order rather than cached: a mapping made on the
 * review page re-queues its payments at once, and whichever process (or Lambda instance)
 * analyses them must see it, or they would go straight back to review. One strongly consistent
 * GetItem of one small item per order (1 read unit) is cheap next to the HelloAsso call it
 * follows and the dozen writes the order makes.
 */
export async function currentTierMappings(table: TableContext): Promise<TierMappings> {
  return tierMappingsOf(await listTierMappings(table))
}
